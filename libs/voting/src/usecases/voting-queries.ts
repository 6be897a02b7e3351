import { Injectable } from '@nestjs/common';
import { FundQueries } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { ballotTotal } from '../domain/ballot';
import type { Standing } from '../domain/eligibility';
import { normaliseReceipt, publishedBallotId } from '../domain/receipt';
import { BallotRepository, type BallotRow } from '../persistence/ballot.repository';
import { ResultRepository } from '../persistence/result.repository';
import { VoterListRepository } from '../persistence/voter-list.repository';
import { BallotContext, oneLotOnly, papersOpenTo, standingWith, type RoundBallot } from './ballot-context';
import { refuse, VotingRefusal } from './voting-refused';

/** What voters (and anyone with a receipt) read about a round's vote. */
@Injectable()
export class VotingQueries {
  constructor(
    private readonly context: BallotContext,
    private readonly ballots: BallotRepository,
    private readonly resultRows: ResultRepository,
    private readonly lists: VoterListRepository,
    private readonly funds: FundQueries,
  ) {}

  /**
   * The ballot papers as this person sees them (where the round keeps each voter to one lot, the
   * ones still open to them: `oneLot`), with where they stand and what they have chosen or confirmed.
   */
  async forVoter(person: Principal, fundKey: string, roundKey: string): Promise<RoundBallot & { standing: Standing; dateOfBirth: string | null; mine: Record<string, BallotRow>; open: boolean; oneLot: boolean; totals: Record<string, ReturnType<typeof ballotTotal>> }> {
    const { round, frozen } = await this.context.forVote(fundKey, roundKey);
    const [ballot, dateOfBirth, rows] = await Promise.all([this.context.ballotFor(round, person.accountId, frozen), this.ballots.dateOfBirth(person.accountId), this.ballots.ballotsOf(round.id, person.accountId)]);
    const standing = standingWith(round, person, ballot.settings, dateOfBirth, await this.context.confirmed(round, person, ballot.settings));
    const mine = Object.fromEntries(rows.map((r) => [r.lotKey, r]));
    const papers = papersOpenTo(round, ballot.settings, ballot.papers, person.postcode, rows);
    const totals = Object.fromEntries(papers.map((p) => [p.lotKey, ballotTotal(ballot.method, p.projects, mine[p.lotKey]?.draft ?? mine[p.lotKey]?.choices ?? [])]));
    return { ...ballot, papers, standing, dateOfBirth, mine, open: round.now.state === 'open' && round.now.phase === 'public-vote', oneLot: oneLotOnly(round, ballot.settings), totals };
  }

  /** The round for a voter's page about its vote: its timeline read now, the rest kept once the vote has frozen it (`BallotContext.forVote`). */
  async roundForVoter(fundKey: string, roundKey: string) {
    return (await this.context.forVote(fundKey, roundKey)).round;
  }

  /** The round by its address, for pages about its vote. */
  round(fundKey: string, roundKey: string) {
    return this.context.byAddress(fundKey, roundKey);
  }

  /** The ballot papers and settings as the fund's managers see them, with how many have voted. */
  async forManager(fundId: string, roundId: string): Promise<RoundBallot & { confirmed: number; paper: number; open: boolean }> {
    const round = await this.context.byAddress(fundId, roundId);
    if (round.id !== roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    const ballot = await this.context.ballotFor(round, null);
    const confirmed = await this.ballots.confirmed(round.id);
    return { ...ballot, confirmed: confirmed.length, paper: confirmed.filter((b) => b.source === 'paper').length, open: round.now.state === 'open' && round.now.phase === 'public-vote' };
  }

  /**
   * The results paper by paper, with each project's title beside its explanation and who voted
   * (as kept at the count): for the public once published; for the fund's managers (`drafts`) as
   * soon as counted.
   */
  async results(fundKey: string, roundKey: string, drafts = false) {
    const round = await this.context.byAddress(fundKey, roundKey);
    const [ballot, rows] = await Promise.all([this.context.ballotFor(round, null), this.resultRows.forRound(round.id)]);
    const shown = rows.filter((r) => drafts || r.publishedAt);
    const papers = ballot.papers.flatMap((paper) => {
      const row = shown.find((r) => r.lotKey === paper.lotKey);
      if (!row) return [];
      const titles = Object.fromEntries(paper.projects.map((p) => [p.id, { title: p.title, reference: p.reference, costPence: p.costPence }]));
      return [{ ...paper, row, titles, winners: row.result.selected.map((id) => ({ id, ...titles[id] })), turnout: row.turnout }];
    });
    return { round, method: ballot.method, papers, published: rows.length > 0 && rows.every((r) => r.publishedAt), counted: rows.length > 0 };
  }

  /** A published paper's anonymised ballots (pabulib), byte for byte as counted. */
  async ballotFile(fundKey: string, roundKey: string, lotKey: string): Promise<{ slug: string; file: string } | undefined> {
    const round = await this.context.byAddress(fundKey, roundKey);
    const file = await this.resultRows.ballotFile(round.id, lotKey);
    return file === undefined ? undefined : { slug: round.slug, file };
  }

  /** Whether a receipt finds a confirmed ballot in the round (and on which paper); null when the code cannot be a receipt. */
  async checkReceipt(fundKey: string, roundKey: string, typed: string): Promise<{ valid: boolean; found: boolean; lotName: string | null; publishedId: string | null }> {
    const round = await this.context.byAddress(fundKey, roundKey);
    const receipt = normaliseReceipt(typed);
    if (!receipt) return { valid: false, found: false, lotName: null, publishedId: null };
    const publishedId = publishedBallotId(receipt);
    const ballot = await this.ballots.byPublishedId(round.id, publishedId);
    return { valid: true, found: !!ballot, lotName: ballot ? (round.lots.find((l) => l.id === ballot.lotKey)?.name ?? null) : null, publishedId };
  }

  /** The fund's eligibility list as uploaded (its size and file digest, never its contents), and how many residents staff have confirmed against it. */
  async eligibilityList(fundId: string) {
    const fund = await this.funds.detail(fundId);
    const [list, confirmations] = await Promise.all([this.lists.list(fund.id), this.lists.confirmations(fund.id)]);
    return { fund, list, confirmations };
  }
}
