import { Injectable } from '@nestjs/common';
import { ApplicationQueries } from '@commonpurse/applications';
import { ShortlistQueries } from '@commonpurse/deliberation';
import { areaIncludes, FundQueries, ukDay, type RoundDetail } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import type { BallotMethod, BallotProject } from '../domain/ballot';
import { standing, type Standing } from '../domain/eligibility';
import { BallotRepository, type SettingsRow } from '../persistence/ballot.repository';
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
export function closesOn(round: RoundDetail): string {
  const vote = round.phases.find((p) => p.phase === 'public-vote');
  return ukDay(vote?.closesAt ? new Date(vote.closesAt) : new Date());
}

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
  ) {}

  async byAddress(fundKey: string, roundKey: string): Promise<RoundDetail> {
    const round = await this.funds.round(fundKey, roundKey);
    if (!round.phases.some((p) => p.phase === 'public-vote' && p.enabled)) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    return round;
  }

  async ballotFor(round: RoundDetail, voterId: string | null): Promise<RoundBallot> {
    const [settings, eligible] = await Promise.all([this.ballots.settings(round.id), this.applications.eligible(round.id)]);
    const panel = round.phases.some((p) => p.phase === 'panel-review' && p.enabled);
    const chosen = panel ? await this.shortlist.shortlisted(round.id) : eligible.map((a) => ({ applicationId: a.id, rationale: null as string | null }));
    const conflicted = voterId ? new Set(await this.shortlist.conflictedOn(round.id, voterId)) : new Set<string>();
    const items: Array<BallotItem & { lotId: string | null }> = chosen.flatMap((c) => {
      const a = eligible.find((e) => e.id === c.applicationId);
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
    const dateOfBirth = await this.ballots.dateOfBirth(person.accountId);
    const inArea = !!person.postcode && areaIncludes(round.areas, person.postcode) === true;
    return standing({ postcode: person.postcode, dateOfBirth, confirmed: false }, inArea, round.minimumVoterAge, closesOn(round), settings.verification);
  }
}
