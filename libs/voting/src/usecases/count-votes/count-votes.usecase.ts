import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ShortlistQueries } from '@commonpurse/deliberation';
import type { RoundDetail } from '@commonpurse/funds';
import { CommitAwardsUseCase } from '@commonpurse/ledger';
import { ResidentDirectory } from '@commonpurse/identity';
import { electionOf } from '../../domain/ballot-file';
import { ballotsDigest, resultDigest } from '../../domain/digest';
import type { Election } from '../../domain/election';
import type { PanelWeighting } from '../../domain/hybrid';
import { writePabulib } from '../../domain/pabulib';
import { allocate, type TallyResult } from '../../domain/tally';
import { turnout, type Turnout } from '../../domain/turnout';
import { VotingException } from '../../domain/voting.exception';
import { BallotRepository } from '../../persistence/ballot.repository';
import { ResultRepository } from '../../persistence/result.repository';
import { BallotContext, closesOn } from '../ballot-context';
import { refuse, VotingRefusal } from '../voting-refused';

/** Ranked ballots are counted by how many voters listed each project (the greedy rule's support). */
const countable = (election: Election): Election => (election.voteType === 'ordinal' ? { ...election, voteType: 'approval' } : election);

/**
 * Once the vote has closed, a fund manager counts it: each ballot paper's confirmed ballots go
 * through the round's allocation rule (weighing in the panel's scores where the round's rules say
 * so), and the result is kept with its certificate (the ballots' SHA-256 and the result's:
 * counting again gives the same) and the anonymised ballot file. It may
 * be counted again until it is published; publishing needs the manager to confirm, is audited, and
 * is final, and commits each winner's award in the ledger in the same transaction (so a fund
 * without the money for its round's budget cannot publish).
 */
@Injectable()
export class CountVotesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: BallotContext,
    private readonly ballots: BallotRepository,
    private readonly results: ResultRepository,
    private readonly audit: AuditTrail,
    private readonly residents: ResidentDirectory,
    private readonly awards: CommitAwardsUseCase,
    private readonly shortlist: ShortlistQueries,
  ) {}

  /** `actorId` null: counted by the clock, when the vote closed. */
  async count(command: { actorId: string | null; fundId: string; roundId: string }): Promise<void> {
    const round = await this.context.byAddress(command.fundId, command.roundId);
    if (round.id !== command.roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    const vote = round.phases.find((p) => p.phase === 'public-vote')!;
    if (!vote.closesAt || new Date(vote.closesAt) > new Date()) throw refuse(VotingRefusal.Closed, 'results', 'voting.results.voteNotClosed');
    const paperBallots = await this.context.ballotFor(round, null);
    const panelScores = await this.panelScores(round);
    const confirmed = await this.ballots.confirmed(round.id);
    // Who voted, by their postcode and date of birth as they stand now: kept with the result, so
    // what people change on their account afterwards does not change the published turnout.
    const voterIds = [...new Set(confirmed.map((b) => b.voterId))];
    const [postcodes, datesOfBirth] = await Promise.all([this.residents.postcodesOf(voterIds), this.ballots.datesOfBirth(voterIds)]);
    const fundDistricts = round.areas.filter((a) => a.kind === 'postcode_district').map((a) => a.code);
    const computed: Array<{ lotKey: string; result: TallyResult; turnout: Turnout; file: string; ballotsSha256: string; resultSha256: string }> = [];
    for (const paper of paperBallots.papers) {
      const lotArea = round.lots.find((l) => l.id === paper.lotKey)?.area;
      const voters = confirmed.filter((b) => b.lotKey === paper.lotKey).map((b) => ({ postcode: postcodes.get(b.voterId) ?? null, dateOfBirth: datesOfBirth.get(b.voterId) ?? null, source: b.source }));
      const paperTurnout = turnout(voters, { closesOn: closesOn(round), minimumAge: round.minimumVoterAge, districts: lotArea?.kind === 'postcode_district' ? [lotArea.code] : fundDistricts });
      const election = electionOf(
        { description: `${round.fund.name}, ${round.name}${paper.name ? `, ${paper.name}` : ''}`, budgetPence: paper.limitPence, projects: paper.projects.map((p) => ({ id: p.id, costPence: p.costPence, name: p.title })) },
        paperBallots.method,
        round.allocationRule,
        confirmed.filter((b) => b.lotKey === paper.lotKey).map((b) => ({ publishedId: b.publishedId!, choices: b.choices! })),
        // A threshold only matters to greedy-threshold; none set there means none (every project takes part).
        round.allocationRule === 'greedy-threshold' ? { min_project_score_threshold: String(paperBallots.settings.supportThreshold ?? 0) } : {},
      );
      let result: TallyResult;
      try {
        const panel: PanelWeighting | null = panelScores && { weightPercent: round.panelWeightPercent, scores: Object.fromEntries(paper.projects.map((p) => [p.id, panelScores.get(p.id) ?? null])) };
        result = allocate(countable(election), round.allocationRule, panel ? { panel } : {});
      } catch (error) {
        if (error instanceof VotingException) throw refuse(VotingRefusal.Conflict, 'results', 'voting.results.cannotCount', { reason: error.message });
        throw error;
      }
      computed.push({ lotKey: paper.lotKey, result, turnout: paperTurnout, file: writePabulib(election), ballotsSha256: ballotsDigest(countable(election)), resultSha256: resultDigest(countable(election), result).sha256 });
    }
    await this.dataSource.transaction(async (manager) => {
      await this.results.lockRound(manager, round.id);
      const existing = await this.results.forRound(round.id, manager);
      if (existing.some((r) => r.publishedAt)) throw refuse(VotingRefusal.Closed, 'results', 'voting.results.alreadyPublished');
      for (const c of computed) await this.results.save(manager, { roundId: round.id, lotKey: c.lotKey, rule: round.allocationRule, algorithm: c.result.algorithm, ballotsSha256: c.ballotsSha256, resultSha256: c.resultSha256, result: c.result, turnout: c.turnout, ballotFile: c.file, computedBy: command.actorId });
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.count', entityType: 'round', entityId: round.id, before: null, after: { papers: computed.map((c) => ({ lotKey: c.lotKey, resultSha256: c.resultSha256, selected: c.result.selected })) } });
    });
  }

  /**
   * The panel score of each application, where the round's rules weigh them in (else null): to 2
   * places, as the panel's scores table shows it, so the figure on the results page is the one
   * counted. Refused, rather than counted by the vote alone, where the rules cannot be followed.
   */
  private async panelScores(round: RoundDetail): Promise<Map<string, string> | null> {
    if (round.panelWeightPercent === 0) return null;
    if (round.allocationRule !== 'greedy' && round.allocationRule !== 'greedy-threshold') throw refuse(VotingRefusal.Conflict, 'results', 'voting.results.panelNeedsGreedy', { percent: round.panelWeightPercent });
    if (!round.phases.some((p) => p.phase === 'panel-review' && p.enabled)) throw refuse(VotingRefusal.Conflict, 'results', 'voting.results.panelNeedsPanel', { percent: round.panelWeightPercent });
    const means = await this.shortlist.panelScores(round);
    return new Map([...means].flatMap(([id, mean]) => (mean === null ? [] : [[id, mean.toFixed(2)] as [string, string]])));
  }

  async publish(command: { actorId: string; fundId: string; roundId: string; confirmed: boolean }): Promise<void> {
    if (!command.confirmed) throw refuse(VotingRefusal.Invalid, 'confirm', 'voting.results.confirmRequired');
    const round = await this.context.byAddress(command.fundId, command.roundId);
    if (round.id !== command.roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    const papers = (await this.context.ballotFor(round, null)).papers;
    await this.dataSource.transaction(async (manager) => {
      await this.results.lockRound(manager, round.id);
      const rows = await this.results.forRound(round.id, manager);
      if (rows.length === 0) throw refuse(VotingRefusal.Conflict, 'results', 'voting.results.notCounted');
      if ((await this.results.publish(manager, round.id, command.actorId)) === 0) throw refuse(VotingRefusal.Closed, 'results', 'voting.results.alreadyPublished');
      for (const row of rows) {
        const projects = papers.find((p) => p.lotKey === row.lotKey)?.projects ?? [];
        const winners = row.result.selected.map((id) => ({ applicationId: id, lotKey: row.lotKey, amountPence: projects.find((p) => p.id === id)!.costPence }));
        await this.awards.execute(manager, { actorId: command.actorId, fundId: round.fund.id, roundId: round.id, roundBudgetPence: round.budgetPence, source: 'vote-result', sourceRef: row.resultSha256, awards: winners });
      }
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.publish-results', entityType: 'round', entityId: round.id, before: null, after: { papers: rows.map((r) => ({ lotKey: r.lotKey, resultSha256: r.resultSha256 })) } });
    });
  }
}
