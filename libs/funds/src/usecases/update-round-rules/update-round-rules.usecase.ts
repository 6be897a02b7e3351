import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { FieldProblem } from '@commonpurse/kernel';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { checkRules, frozenChanges, type RoundRules } from '../../domain/round-rules';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';

export interface UpdateRoundRulesCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  name?: string;
  /** Only the rules given change. */
  rules: Partial<RoundRules>;
}

/**
 * A fund manager changes a round's name or rules. A rule whose phase has started is frozen; a
 * bigger budget must still fit in the fund's unallocated money (fund locked), and lots must
 * still add up to it. Audited with before and after.
 */
@Injectable()
export class UpdateRoundRulesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: UpdateRoundRulesCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { fund, round, phases, at } = await this.context.lock(manager, command.fundId, command.roundId);
      const before = rulesOf(round);
      const after: RoundRules = { ...before, ...definedOnly(command.rules) };
      const name = command.name?.trim() || round.name;

      const frozen = frozenChanges(before, after, phases, at);
      if (frozen.length > 0) throw new FundsException(FundsErrorCode.RuleFrozen, `funds.frozen.${frozen[0].phase}`, frozen.map((f) => ({ field: f.field, problem: `funds.frozen.${f.phase}` })));
      const problems: FieldProblem[] = checkRules(after, phases);
      if (name.length > 120) problems.push({ field: 'name', problem: 'funds.roundForm.nameTooLong' });
      if (after.budgetPence !== before.budgetPence) {
        const lots = await this.rounds.lots(round.id, manager);
        if (lots.length > 0) problems.push({ field: 'budgetPence', problem: 'funds.rules.budgetHasLots' });
        else if (after.budgetPence > (await this.context.lockUnallocated(manager, fund.id, round.id))) problems.push({ field: 'budgetPence', problem: 'funds.round.budgetAboveBalance' });
      }
      if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);

      await this.rounds.updateRules(manager, round.id, name, after);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.update-round-rules', entityType: 'round', entityId: round.id, before: { name: round.name, ...before }, after: { name, ...after } });
    });
  }
}

export function rulesOf(round: RoundRules): RoundRules {
  const { budgetPence, grantMinPence, grantMaxPence, applicantTypes, votingMethod, allocationRule, panelWeightPercent, minimumVoterAge, endorsementDots, twoStage } = round;
  return { budgetPence, grantMinPence, grantMaxPence, applicantTypes: [...applicantTypes].sort(), votingMethod, allocationRule, panelWeightPercent, minimumVoterAge, endorsementDots, twoStage };
}

function definedOnly<T extends object>(values: Partial<T>): Partial<T> {
  const copy = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
  if ('applicantTypes' in copy && Array.isArray(copy.applicantTypes)) (copy as { applicantTypes: string[] }).applicantTypes = [...new Set(copy.applicantTypes as string[])].sort();
  return copy;
}
