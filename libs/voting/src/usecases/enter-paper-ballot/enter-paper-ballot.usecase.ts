import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase } from '@commonpurse/funds';
import { PrincipalService } from '@commonpurse/identity';
import { checkBallot, type GivenChoice } from '../../domain/ballot';
import { newReceipt, publishedBallotId } from '../../domain/receipt';
import { BallotRepository } from '../../persistence/ballot.repository';
import { BallotContext } from '../ballot-context';
import { ballotProblems } from '../cast-ballot/cast-ballot.usecase';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

/**
 * Staff at an in-person event type in a resident's paper ballot, after checking they may vote.
 * The resident has then voted: they cannot vote online as well. If they already voted online the
 * paper ballot is not entered, and staff are told (it is never counted twice). Audited, with who
 * entered it; the resident is given a receipt like anyone else.
 */
@Injectable()
export class EnterPaperBallotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: BallotContext,
    private readonly ballots: BallotRepository,
    private readonly principals: PrincipalService,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; voterEmail: string; lotKey: string; given: GivenChoice[] }): Promise<{ receipt: string }> {
    const round = await this.context.byAddress(command.fundId, command.roundId);
    if (round.id !== command.roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    requirePhase(round.phases, new Date(), 'cast-ballot');
    const voter = await this.principals.forEmail(command.voterEmail);
    if (!voter) throw refuse(VotingRefusal.Invalid, 'voterEmail', 'voting.paper.noAccount');
    const ballot = await this.context.ballotFor(round, voter.accountId);
    const standing = await this.context.standingOf(round, voter, ballot.settings);
    if (standing !== 'eligible') throw refuse(VotingRefusal.Forbidden, 'voterEmail', `voting.paper.standing.${standing}`);
    const paper = ballot.papers.find((p) => p.lotKey === command.lotKey);
    if (!paper) throw refuse(VotingRefusal.Invalid, 'lot', 'voting.ballot.lotUnknown');
    const result = checkBallot(ballot.method, ballot.settings, paper.projects, paper.limitPence, command.given);
    if (!result.ok) throw new VotingRefused(VotingRefusal.Invalid, `voting.ballot.${result.problems[0].problem}`, ballotProblems(result.problems));
    return this.dataSource.transaction(async (manager) => {
      const row = await this.ballots.lock(manager, round.id, paper.lotKey, voter.accountId);
      if (row.source === 'paper' && row.confirmedAt) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.paper.alreadyOnPaper');
      if (row.confirmedAt) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.paper.alreadyOnline');
      const receipt = newReceipt(randomBytes);
      await this.ballots.confirm(manager, row.id, { choices: result.choices, publishedId: publishedBallotId(receipt), confirmKey: null, source: 'paper', enteredBy: command.actorId });
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.enter-paper-ballot', entityType: 'round', entityId: round.id, before: null, after: { voterId: voter.accountId, lotKey: paper.lotKey } });
      return { receipt };
    });
  }
}
