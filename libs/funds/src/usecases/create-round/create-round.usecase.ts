import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { FieldProblem } from '@commonpurse/kernel';
import { slugify, uniqueSlug } from '../../domain/fund-area';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { PHASES, checkTimeline, type PhaseWindow } from '../../domain/round-timeline';
import { FundRepository } from '../../persistence/fund.repository';
import { RoundRepository, type RoundRow } from '../../persistence/round.repository';

export interface CreateRoundCommand {
  actorId: string;
  fundId: string;
  name: string;
  budgetPence: number;
  grantMinPence: number;
  grantMaxPence: number;
  /** Phases not given are switched off. */
  phases: PhaseWindow[];
}

/**
 * A round of a fund: its budget comes out of the fund's unallocated money (checked with the
 * fund locked, so parallel requests cannot overspend), its grant limits sit inside the budget,
 * and its timeline follows the phase rules. Audited.
 */
@Injectable()
export class CreateRoundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: CreateRoundCommand): Promise<RoundRow> {
    const fund = await this.funds.findBySlugOrId(command.fundId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');

    const phases: PhaseWindow[] = PHASES.map((phase) => command.phases.find((p) => p.phase === phase) ?? { phase, enabled: false, opensAt: null, closesAt: null });
    // Checked as given (a phase twice is an error), with the phases not given switched off.
    const given = [...command.phases, ...phases.filter((p) => !command.phases.some((c) => c.phase === p.phase))];
    const problems: FieldProblem[] = checkTimeline(given).map((p) => ({
      field: p.phase === 'timeline' ? 'phases' : `phases.${p.phase}`,
      problem: `funds.round.timeline.${p.problem}`,
    }));
    if (command.grantMinPence > command.grantMaxPence) problems.push({ field: 'grantMaxPence', problem: 'funds.round.grantMaxBelowMin' });
    if (command.grantMaxPence > command.budgetPence) problems.push({ field: 'grantMaxPence', problem: 'funds.round.grantMaxAboveBudget' });
    if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);

    return this.dataSource.transaction(async (manager) => {
      const unallocated = await this.rounds.lockUnallocated(manager, fund.id);
      if (command.budgetPence > unallocated) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.round.budgetAboveBalance', [{ field: 'budgetPence', problem: 'funds.round.budgetAboveBalance' }]);
      }
      const base = slugify(command.name);
      const slug = uniqueSlug(base, await this.rounds.slugsLike(manager, fund.id, base));
      const round = await this.rounds.insert(
        manager,
        { fundId: fund.id, slug, name: command.name.trim(), budgetPence: command.budgetPence, grantMinPence: command.grantMinPence, grantMaxPence: command.grantMaxPence, createdBy: command.actorId },
        phases,
      );
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.create-round', entityType: 'round', entityId: round.id, before: null, after: { ...round, phases } });
      return round;
    });
  }
}
