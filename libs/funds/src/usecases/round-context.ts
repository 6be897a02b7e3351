import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hasPermission } from '@commonpurse/identity';
import { Permission, type Principal } from '@commonpurse/kernel';
import { LedgerQueries } from '@commonpurse/ledger';
import { standingIn } from '../domain/co-design';
import type { FundArea } from '../domain/fund-area';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { frozenBy, type FreezableRule } from '../domain/round-rules';
import { completeTimeline, phaseAllows, phaseAt, type PhaseAction, type PhaseWindow } from '../domain/round-timeline';
import { FundRepository, type FundRow } from '../persistence/fund.repository';
import { RoundRepository, type RoundRow } from '../persistence/round.repository';

/** Someone taking part in co-design: a resident, or one of the fund's managers answering them. */
export type Participant = Principal;

/** Whether this person manages the fund (such people may comment whatever their postcode, shown as the fund's manager). */
export function managesFund(person: Participant | undefined, fundId: string): boolean {
  return !!person && hasPermission(person, Permission.FundsManage, { type: 'fund', id: fundId });
}

export interface LockedRound {
  fund: FundRow;
  round: RoundRow;
  /**
   * The moment the round was read (under its lock, for a change): every check against the
   * timeline uses it, so a request that waited for the lock judges the round as it is now.
   */
  at: Date;
  /** Every phase in order, switched on or off. */
  phases: PhaseWindow[];
  areas: FundArea[];
}

/**
 * Loads a round for a change: its fund, areas and timeline, with the round row locked until
 * the transaction ends, so changes to one round (and the checks they rely on) never interleave.
 */
@Injectable()
export class RoundContext {
  constructor(
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
    private readonly ledger: LedgerQueries,
  ) {}

  /**
   * The fund's money not yet given to a round (contributions less what went back to funders,
   * less every round's budget but `exceptRoundId`'s), with the fund row locked until the
   * transaction ends so two changes cannot both spend the same pounds.
   */
  async lockUnallocated(manager: EntityManager, fundId: string, exceptRoundId: string | null = null): Promise<number> {
    return (await this.rounds.lockUnallocated(manager, fundId, exceptRoundId)) - (await this.ledger.returnedPence(fundId, manager));
  }

  // Every read of a change goes through its own connection: one that held a lock while waiting
  // for another connection from the pool could, with enough of them at once, wait for ever.
  async lock(manager: EntityManager, fundKey: string, roundKey: string): Promise<LockedRound> {
    const fund = await this.funds.findBySlugOrId(fundKey, manager);
    const found = fund && (await this.rounds.find(fund.id, roundKey, manager));
    const round = found && (await this.rounds.lock(manager, found.id));
    if (!fund || !round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    return this.complete(manager, fund, round);
  }

  /** The same, without a lock: for residents' actions, which must not queue behind one another. */
  async load(fundKey: string, roundKey: string, manager?: EntityManager): Promise<LockedRound> {
    const fund = await this.funds.findBySlugOrId(fundKey);
    const round = fund && (await this.rounds.find(fund.id, roundKey));
    if (!fund || !round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    return { fund, round, phases: completeTimeline(await this.rounds.phases(round.id, manager)), areas: await this.funds.areas(fund.id), at: new Date() };
  }

  async lockById(manager: EntityManager, roundId: string): Promise<LockedRound> {
    const round = await this.rounds.lock(manager, roundId);
    const fund = round && (await this.funds.findBySlugOrId(round.fundId, manager));
    if (!fund || !round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    return this.complete(manager, fund, round);
  }

  private async complete(manager: EntityManager, fund: FundRow, round: RoundRow): Promise<LockedRound> {
    return { fund, round, phases: completeTimeline(await this.rounds.phases(round.id, manager)), areas: await this.funds.areas(fund.id, manager), at: new Date() };
  }
}

/** The phase gate: refuses an action the round's phase does not allow now, saying which phase it needs. */
export function requirePhase(phases: PhaseWindow[], now: Date, action: PhaseAction): void {
  if (!phaseAllows(phaseAt(phases, now), action)) throw new FundsException(FundsErrorCode.PhaseClosed, `funds.gate.${action}`, [{ field: 'phase', problem: `funds.gate.${action}` }]);
}

/** Refuses anyone who is not a confirmed resident of the fund's area, saying why. */
export function requireResident(areas: FundArea[], person: Participant): void {
  const standing = standingIn(areas, person);
  if (standing !== 'resident') throw new FundsException(FundsErrorCode.NotEligible, `funds.standing.${standing}`, [{ field: 'resident', problem: `funds.standing.${standing}` }]);
}

/** Refuses to change a rule once the phase that uses it has started. */
export function requireUnfrozen(phases: PhaseWindow[], now: Date, rule: FreezableRule, field: string = rule): void {
  const phase = frozenBy(rule, phases, now);
  if (phase) throw new FundsException(FundsErrorCode.RuleFrozen, `funds.frozen.${phase}`, [{ field, problem: `funds.frozen.${phase}` }]);
}
