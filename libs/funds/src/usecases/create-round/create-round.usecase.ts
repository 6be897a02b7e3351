import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { FieldProblem } from '@commonpurse/kernel';
import { slugify, uniqueSlug } from '../../domain/fund-area';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { checkRules, DEFAULT_RULES, type RoundRules } from '../../domain/round-rules';
import { completeTimeline, timelineFieldProblems, type PhaseWindow } from '../../domain/round-timeline';
import { FundRepository } from '../../persistence/fund.repository';
import { RoundRepository, type RoundRow } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';

export interface CreateRoundCommand extends Partial<RoundRules> {
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
 * its timeline follows the phase rules, and rules not given take their defaults. Audited.
 */
@Injectable()
export class CreateRoundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
    private readonly context: RoundContext,
  ) {}

  async execute(command: CreateRoundCommand): Promise<RoundRow> {
    const fund = await this.funds.findBySlugOrId(command.fundId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');

    const phases = completeTimeline(command.phases);
    const rules: RoundRules = {
      ...DEFAULT_RULES,
      ...Object.fromEntries(Object.entries(command).filter(([key, value]) => value !== undefined && key in DEFAULT_RULES)),
      budgetPence: command.budgetPence,
      grantMinPence: command.grantMinPence,
      grantMaxPence: command.grantMaxPence,
    };
    const problems: FieldProblem[] = [...timelineFieldProblems(command.phases), ...checkRules(rules, phases)];
    if (!command.name.trim()) problems.push({ field: 'name', problem: 'funds.roundForm.nameMissing' });
    else if (command.name.trim().length > 120) problems.push({ field: 'name', problem: 'funds.roundForm.nameTooLong' });
    if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);

    return this.dataSource.transaction(async (manager) => {
      const unallocated = await this.context.lockUnallocated(manager, fund.id);
      if (command.budgetPence > unallocated) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.round.budgetAboveBalance', [{ field: 'budgetPence', problem: 'funds.round.budgetAboveBalance' }]);
      }
      const base = slugify(command.name);
      const slug = uniqueSlug(base, await this.rounds.slugsLike(manager, fund.id, base));
      const round = await this.rounds.insert(manager, { fundId: fund.id, slug, name: command.name.trim(), ...rules, createdBy: command.actorId }, phases);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.create-round', entityType: 'round', entityId: round.id, before: null, after: { ...round, phases } });
      return round;
    });
  }
}
