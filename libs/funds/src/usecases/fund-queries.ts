import { Injectable } from '@nestjs/common';
import { LedgerQueries } from '@commonpurse/ledger';
import { weightShares } from '../domain/co-design';
import type { FundArea } from '../domain/fund-area';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { frozenBy, RULE_FREEZES_AT, type FreezableRule } from '../domain/round-rules';
import { completeTimeline, phaseAt, type Phase, type PhaseAt, type PhaseWindow } from '../domain/round-timeline';
import { CoDesignRepository, type CriterionRow, type PollRow } from '../persistence/codesign.repository';
import { FundRepository, type ContributionRow, type FunderRow, type FundRow, type FundSummary } from '../persistence/fund.repository';
import { RoundRepository, type LotRow, type QuestionRow, type RoundRow, type TransitionRow } from '../persistence/round.repository';

export interface FundDetail extends FundRow {
  areas: FundArea[];
  contributions: ContributionRow[];
  /** Each round with the phase open now by the clock. */
  rounds: Array<RoundRow & { now: PhaseAt }>;
  totalPence: number;
  unallocatedPence: number;
  /** Once any round has begun, who may take part is settled: the area no longer changes. */
  areaFixed: boolean;
}

export interface AdoptedCriterion extends CriterionRow {
  /** Its share of the rubric in whole percent. */
  share: number;
  /** The residents' priorities behind it, and the duplicates merged into them (mergedInto set). */
  priorities: Array<{ id: string; title: string; endorsements: number; mergedInto: string | null }>;
  /** Distinct residents who proposed, endorsed or commented on any of those priorities. */
  residents: number;
}

export interface RoundDetail extends RoundRow {
  fund: FundRow;
  areas: FundArea[];
  /** Every phase in order, switched on or off. */
  phases: PhaseWindow[];
  now: PhaseAt;
  /** Each lot with the area or criterion it is for. */
  lots: Array<LotRow & { area: FundArea | null; criterionTitle: string | null }>;
  questions: QuestionRow[];
  criteria: AdoptedCriterion[];
  polls: PollRow[];
  /** Residents who took part in co-design in any way. */
  participants: number;
  /** For each rule, the phase that froze it, or null while it may change. */
  frozen: Record<FreezableRule, Phase | null>;
}

/** A round's timeline as it stands: the part of a `RoundDetail` that a change of phase changes. */
export type RoundTimeline = Pick<RoundDetail, 'id' | 'fundId' | 'phases' | 'now' | 'frozen'>;

/** What the public and fund managers read about funds and rounds. */
@Injectable()
export class FundQueries {
  constructor(
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
    private readonly codesign: CoDesignRepository,
    private readonly ledger: LedgerQueries,
  ) {}

  list(): Promise<FundSummary[]> {
    return this.funds.list();
  }

  /** Rounds whose phase has closed by the clock (for the jobs that follow a phase: counting a vote). */
  roundsWithPhaseClosed(phase: Phase, now = new Date()): Promise<Array<{ roundId: string; fundId: string }>> {
    return this.rounds.closedPhase(phase, now);
  }

  /** The organisations whose money is in the fund, lead funder first, with their 360Giving prefixes. */
  funders(fundId: string): Promise<FunderRow[]> {
    return this.funds.funders(fundId);
  }

  async detail(slugOrId: string, now = new Date()): Promise<FundDetail> {
    const fund = await this.funds.findBySlugOrId(slugOrId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
    const [areas, contributions, listed, timelines] = await Promise.all([this.funds.areas(fund.id), this.funds.contributions(fund.id), this.rounds.listForFund(fund.id), this.rounds.phasesOfFund(fund.id)]);
    const rounds = listed.map((r) => ({ ...r, now: phaseAt(timelines.get(r.id) ?? [], now) }));
    const totalPence = contributions.reduce((sum, c) => sum + c.amountPence, 0);
    const areaFixed = [...timelines.values()].some((phases) => phases.some((p) => p.enabled && p.opensAt && new Date(p.opensAt) <= now));
    // Money handed back to its funders is no longer the fund's to give to a round.
    const returned = await this.ledger.returnedPence(fund.id);
    return { ...fund, areas, contributions, rounds, totalPence, unallocatedPence: totalPence - returned - rounds.reduce((sum, r) => sum + r.budgetPence, 0), areaFixed };
  }

  async round(fundSlugOrId: string, roundSlugOrId: string, now = new Date()): Promise<RoundDetail> {
    const fund = await this.funds.findBySlugOrId(fundSlugOrId);
    const round = fund && (await this.rounds.find(fund.id, roundSlugOrId));
    if (!fund || !round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    const [stored, areas, lots, questions, criteria, priorities, polls, participants] = await Promise.all([
      this.rounds.phases(round.id),
      this.funds.areas(fund.id),
      this.rounds.lots(round.id),
      this.rounds.questions(round.id),
      this.codesign.criteria(round.id),
      this.codesign.priorities(round.id),
      this.codesign.polls(round.id),
      this.codesign.participants(round.id),
    ]);
    const phases = completeTimeline(stored);
    const shares = weightShares(criteria.map((c) => c.weight));
    const adopted = await Promise.all(
      criteria.map(async (c, i) => {
        const trail = priorities.filter((p) => c.priorityIds.includes(p.id) || (p.mergedInto !== null && c.priorityIds.includes(p.mergedInto)));
        return {
          ...c,
          share: shares[i],
          priorities: trail.map((p) => ({ id: p.id, title: p.title, endorsements: p.endorsements, mergedInto: p.mergedInto })),
          residents: await this.codesign.residentsBehind(trail.map((p) => p.id)),
        };
      }),
    );
    const frozen = Object.fromEntries((Object.keys(RULE_FREEZES_AT) as FreezableRule[]).map((rule) => [rule, frozenBy(rule, phases, now)])) as Record<FreezableRule, Phase | null>;
    const described = lots.map((l) => ({ ...l, area: areas.find((a) => a.code === l.areaCode) ?? null, criterionTitle: criteria.find((c) => c.id === l.criterionId)?.title ?? null }));
    return { ...round, fund, areas, phases, now: phaseAt(phases, now), lots: described, questions, criteria: adopted, polls, participants, frozen };
  }

  /** A round found by its id alone (other modules keep only that). */
  async roundById(roundId: string, now = new Date()): Promise<RoundDetail> {
    const round = await this.rounds.findById(roundId);
    if (!round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    return this.round(round.fundId, round.id, now);
  }

  /**
   * A round's timeline alone, found by its address, with the phase open now and what has frozen:
   * for callers that keep the rest of a round once it can no longer change (the vote, on every
   * ballot) but must judge the clock against the timeline as it is this instant.
   */
  async timeline(fundSlugOrId: string, roundSlugOrId: string, now = new Date()): Promise<RoundTimeline> {
    const found = await this.rounds.timelineAt(fundSlugOrId, roundSlugOrId);
    if (!found) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    const phases = completeTimeline(found.phases);
    const frozen = Object.fromEntries((Object.keys(RULE_FREEZES_AT) as FreezableRule[]).map((rule) => [rule, frozenBy(rule, phases, now)])) as Record<FreezableRule, Phase | null>;
    return { id: found.roundId, fundId: found.fundId, phases, now: phaseAt(phases, now), frozen };
  }

  transitions(roundId: string): Promise<TransitionRow[]> {
    return this.rounds.transitions(roundId);
  }
}
