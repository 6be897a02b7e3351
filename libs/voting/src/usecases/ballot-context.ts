import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationQueries } from '@commonpurse/applications';
import { ShortlistQueries } from '@commonpurse/deliberation';
import { areaIncludes, FundQueries, ukDay, type RoundDetail, type RoundTimeline } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import type { BallotMethod, BallotProject } from '../domain/ballot';
import { lotsOpenTo, standing, type Standing } from '../domain/eligibility';
import { BallotRepository, type BallotRow, type SettingsRow } from '../persistence/ballot.repository';
import { VoterListRepository } from '../persistence/voter-list.repository';
import { refuse, VotingRefusal } from './voting-refused';

export interface BallotItem extends BallotProject {
  title: string;
  summary: string;
  reference: string | null;
  organisationName: string | null;
  areaCode: string | null;
  /** The panel's published reason for shortlisting it, when there was a panel. */
  rationale: string | null;
}

/** One ballot paper: a lot (or the whole round), its budget and the projects on it. */
export interface BallotPaper {
  lotKey: string;
  name: string | null;
  limitPence: number;
  projects: BallotItem[];
}

export interface RoundBallot {
  round: RoundDetail;
  method: BallotMethod;
  settings: SettingsRow;
  papers: BallotPaper[];
}

/** The day the vote closes, UK time: ages are reckoned on it. */
export function closesOn(round: Pick<RoundDetail, 'phases'>): string {
  const vote = round.phases.find((p) => p.phase === 'public-vote');
  if (!vote?.closesAt) return ukDay(new Date());
  // Remembered by the closing instant (which a manager may still move while the vote is open):
  // formatting a date in the UK's time zone costs more than the rest of a ballot's checks.
  const at = new Date(vote.closesAt).getTime();
  let day = closingDays.get(at);
  if (day === undefined) {
    if (closingDays.size >= 100) closingDays.clear();
    day = ukDay(new Date(at));
    closingDays.set(at, day);
  }
  return day;
}
const closingDays = new Map<number, string>();

/**
 * What a round's ballot papers are made of that cannot change once its vote has opened: the
 * round's rules, areas and lots (frozen by then: `RULE_FREEZES_AT`, and a fund's areas once any
 * round has begun), the ballot's settings (`ConfigureBallotUseCase` refuses once the vote has
 * opened) and the panel's shortlist (decided only while the panel review is open, and it closes
 * before the vote opens). Not the eligible applications (an applicant may withdraw during the
 * vote), a panellist's conflicts (a facilitator may record one) or the timeline (a manager may
 * close the vote early, or move its closing time): those are read on every request.
 */
export interface FrozenBallot {
  /** The round as read when this was kept; its timeline is laid over it fresh on every request. */
  round: RoundDetail;
  settings: SettingsRow;
  /** The panel's shortlist; null where the round has no panel. */
  shortlist: Array<{ applicationId: string; rationale: string | null }> | null;
}

/** A round as a voter's request needs it: its timeline as of this instant and, once the vote has frozen them, the ballot's fixed parts kept from an earlier request. */
export interface VoteRound {
  round: RoundDetail;
  frozen: FrozenBallot | null;
}

/**
 * How long a round's fixed parts are kept, and how long its vote must have been open before they
 * are: a change whose freeze check passed just before the vote opened has committed by then (so
 * nothing kept can predate it), and the names on the vote's pages (a round or fund renamed during
 * the vote) are at most this old.
 */
export const FROZEN_BALLOT_MS = 5_000;

/**
 * The round as a voter meets it: the ballot papers (one a lot, or one for the whole round), each
 * with the panel's shortlist on it (or, where there was no panel, every eligible application),
 * and whether this person may vote. A panellist's conflicts are taken off their own papers.
 */
@Injectable()
export class BallotContext {
  constructor(
    private readonly funds: FundQueries,
    private readonly applications: ApplicationQueries,
    private readonly shortlist: ShortlistQueries,
    private readonly ballots: BallotRepository,
    private readonly lists: VoterListRepository,
  ) {}

  /** Kept per round (in this process), while its vote has frozen them; a promise, so that requests arriving together read them once. */
  private readonly kept = new Map<string, { until: number; frozen: Promise<FrozenBallot> }>();

  async byAddress(fundKey: string, roundKey: string): Promise<RoundDetail> {
    const round = await this.funds.round(fundKey, roundKey);
    if (!round.phases.some((p) => p.phase === 'public-vote' && p.enabled)) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    return round;
  }

  /**
   * The round for a voter's request: its timeline read now, every time (the phase gate and the age
   * rule judge the clock against it); the rest, once the vote has been open a while, as kept
   * from an earlier request (see `FrozenBallot`), else read in full.
   */
  async forVote(fundKey: string, roundKey: string): Promise<VoteRound> {
    const now = new Date();
    const timeline = await this.funds.timeline(fundKey, roundKey, now);
    if (!timeline.phases.some((p) => p.phase === 'public-vote' && p.enabled)) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    const frozenBy = timeline.frozen.votingMethod && timeline.phases.find((p) => p.phase === timeline.frozen.votingMethod)?.opensAt;
    if (!frozenBy || now.getTime() - new Date(frozenBy).getTime() < FROZEN_BALLOT_MS) return { round: await this.byAddress(fundKey, roundKey), frozen: null };
    const frozen = await this.frozenBallot(timeline, now.getTime());
    return { round: { ...frozen.round, phases: timeline.phases, now: timeline.now, frozen: timeline.frozen }, frozen };
  }

  private frozenBallot(timeline: RoundTimeline, now: number): Promise<FrozenBallot> {
    const kept = this.kept.get(timeline.id);
    if (kept && kept.until > now) return kept.frozen;
    for (const [id, k] of this.kept) if (k.until <= now) this.kept.delete(id);
    const frozen = (async (): Promise<FrozenBallot> => {
      const round = await this.funds.round(timeline.fundId, timeline.id);
      const panel = round.phases.some((p) => p.phase === 'panel-review' && p.enabled);
      const [settings, shortlist] = await Promise.all([this.ballots.settings(round.id), panel ? this.shortlist.shortlisted(round.id) : null]);
      return { round, settings, shortlist };
    })();
    this.kept.set(timeline.id, { until: now + FROZEN_BALLOT_MS, frozen });
    // A failed read is not kept: the next request tries again.
    frozen.catch(() => {
      if (this.kept.get(timeline.id)?.frozen === frozen) this.kept.delete(timeline.id);
    });
    return frozen;
  }

  /** The ballot papers as this voter (or, with null, anyone) sees them; with `frozen`, only what may still change is read. */
  async ballotFor(round: RoundDetail, voterId: string | null, frozen: FrozenBallot | null = null): Promise<RoundBallot> {
    const panel = round.phases.some((p) => p.phase === 'panel-review' && p.enabled);
    const [settings, eligible, shortlisted, conflicts] = await Promise.all([
      frozen?.settings ?? this.ballots.settings(round.id),
      this.applications.eligible(round.id),
      frozen ? frozen.shortlist : panel ? this.shortlist.shortlisted(round.id) : null,
      voterId ? this.shortlist.conflictedOn(round.id, voterId) : [],
    ]);
    const chosen = shortlisted ?? eligible.map((a) => ({ applicationId: a.id, rationale: null as string | null }));
    const conflicted = new Set(conflicts);
    const byId = new Map(eligible.map((a) => [a.id, a]));
    const items: Array<BallotItem & { lotId: string | null }> = chosen.flatMap((c) => {
      const a = byId.get(c.applicationId);
      if (!a || conflicted.has(a.id)) return [];
      return [{ id: a.id, costPence: a.amountPence ?? 0, title: a.title, summary: a.summary, reference: a.reference, organisationName: a.organisationName, areaCode: a.areaCode, rationale: c.rationale || null, lotId: a.lotId }];
    });
    const papers: BallotPaper[] = round.lots.length
      ? round.lots.map((lot) => ({ lotKey: lot.id, name: lot.name, limitPence: lot.budgetPence, projects: items.filter((i) => i.lotId === lot.id) }))
      : [{ lotKey: '', name: null, limitPence: round.budgetPence, projects: items }];
    return { round, method: round.votingMethod, settings, papers };
  }

  /** Whether this person may vote in the round, and if not, why. */
  async standingOf(round: RoundDetail, person: Principal, settings: SettingsRow): Promise<Standing> {
    const [dateOfBirth, confirmed] = await Promise.all([this.ballots.dateOfBirth(person.accountId), this.confirmed(round, person, settings)]);
    return standingWith(round, person, settings, dateOfBirth, confirmed);
  }

  /** Whether staff have confirmed them against the council's list; read only where the round asks for it. */
  async confirmed(round: RoundDetail, person: Principal, settings: SettingsRow): Promise<boolean> {
    return settings.verification === 'council-list' && (await this.lists.isConfirmed(round.fund.id, person.accountId));
  }

  /**
   * The voter's ballot on a paper, locked for a change (`BallotRepository.lock`). Where they may
   * vote in one lot only, every change to their ballots in the round queues here first, and one
   * on a second lot is refused once they hold a ballot on another.
   */
  async lockBallot(manager: EntityManager, round: RoundDetail, settings: SettingsRow, lotKey: string, voterId: string, by: 'voter' | 'staff' = 'voter'): Promise<BallotRow> {
    if (oneLotOnly(round, settings)) {
      await this.ballots.lockVoter(manager, round.id, voterId);
      refuseOtherLot(round, lotKey, await this.ballots.ballotsOf(round.id, voterId, manager), by);
    }
    return this.ballots.lock(manager, round.id, lotKey, voterId);
  }

  /**
   * Where the round keeps each voter to one lot, refused (saying why, to the voter or to staff
   * entering their paper ballot) unless `lotKey` is the lot open to them: checked before any lock,
   * and again under it (`lockBallot`) for a ballot on another lot written meanwhile.
   */
  async requireLotOpen(round: RoundDetail, settings: SettingsRow, papers: BallotPaper[], lotKey: string, voter: Principal, by: 'voter' | 'staff'): Promise<void> {
    if (!oneLotOnly(round, settings)) return;
    const mine = await this.ballots.ballotsOf(round.id, voter.accountId);
    refuseOtherLot(round, lotKey, mine, by);
    if (!papersOpenTo(round, settings, papers, voter.postcode, mine).some((p) => p.lotKey === lotKey)) {
      throw refuse(VotingRefusal.Forbidden, 'lot', by === 'voter' ? 'voting.ballot.notYourLot' : 'voting.paper.notTheirLot');
    }
  }
}

/** Refused if the voter holds a confirmed ballot on another lot than `lotKey`. */
function refuseOtherLot(round: RoundDetail, lotKey: string, mine: BallotRow[], by: 'voter' | 'staff'): void {
  const other = mine.find((b) => b.lotKey !== lotKey && b.confirmedAt);
  if (!other) return;
  const lot = { lot: round.lots.find((l) => l.id === other.lotKey)?.name ?? '' };
  throw by === 'voter' ? refuse(VotingRefusal.Conflict, 'lot', 'voting.ballot.votedInOtherLot', lot) : refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.paper.votedInOtherLot', lot);
}

/** Whether the round keeps each voter to one of its lots. */
export function oneLotOnly(round: Pick<RoundDetail, 'lots'>, settings: Pick<SettingsRow, 'lotsPerVoter'>): boolean {
  return settings.lotsPerVoter === 'one' && round.lots.length > 1;
}

/**
 * The papers a voter may vote on: all of them, or where the round keeps each voter to one lot,
 * the lot they voted in, else their own area's (by their postcode), else any (`lotsOpenTo`).
 */
export function papersOpenTo<P extends { lotKey: string }>(round: RoundDetail, settings: SettingsRow, papers: P[], postcode: string | null, mine: Array<Pick<BallotRow, 'lotKey' | 'confirmedAt'>>): P[] {
  if (!oneLotOnly(round, settings)) return papers;
  const votedIn = mine.find((b) => b.confirmedAt)?.lotKey ?? null;
  const own = postcode ? round.lots.filter((l) => l.area && areaIncludes([l.area], postcode) === true).map((l) => l.id) : [];
  const open = lotsOpenTo('one', papers.map((p) => p.lotKey), votedIn, own);
  return papers.filter((p) => open.includes(p.lotKey));
}

/** The same, with the date of birth they have declared (YYYY-MM-DD, or null) and their confirmation read already. */
export function standingWith(round: RoundDetail, person: Principal, settings: SettingsRow, dateOfBirth: string | null, confirmed = false): Standing {
  const inArea = !!person.postcode && areaIncludes(round.areas, person.postcode) === true;
  return standing({ postcode: person.postcode, dateOfBirth, confirmed }, inArea, round.minimumVoterAge, closesOn(round), settings.verification);
}
