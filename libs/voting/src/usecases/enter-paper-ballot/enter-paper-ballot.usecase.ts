import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase, type RoundDetail } from '@commonpurse/funds';
import { PrincipalService } from '@commonpurse/identity';
import type { Principal } from '@commonpurse/kernel';
import { checkBallot, type Choice, type GivenChoice } from '../../domain/ballot';
import { newReceipt, publishedBallotId } from '../../domain/receipt';
import { BallotRepository, type SettingsRow } from '../../persistence/ballot.repository';
import { BallotContext, oneLotOnly } from '../ballot-context';
import { ballotProblems } from '../cast-ballot/cast-ballot.usecase';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

/** A paper ballot checked and ready to enter: whose it is, on which paper, and its choices in normal form. */
export interface CheckedPaperBallot {
  voter: Principal;
  lotKey: string;
  /** The round's ballot settings as checked against, for what entering it may need of them. */
  settings: SettingsRow;
  choices: Choice[];
}

/**
 * Staff at an in-person event type in a resident's paper ballot, after checking they may vote.
 * The resident has then voted: they cannot vote online as well. If they already voted online the
 * paper ballot is not entered, and staff are told (it is never counted twice). Audited, with who
 * entered it; the resident is given a receipt like anyone else. Batches keyed twice
 * (`KeyPaperBatchUseCase`) enter each sheet through the same `check` and `enter`.
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
    const round = await this.openRound(command.fundId, command.roundId);
    const checked = await this.check(round, command.voterEmail, command.lotKey, command.given);
    return this.dataSource.transaction(async (manager) => {
      const { receipt } = await this.enter(manager, round, checked, command.actorId);
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.enter-paper-ballot', entityType: 'round', entityId: round.id, before: null, after: { voterId: checked.voter.accountId, lotKey: checked.lotKey } });
      return { receipt };
    });
  }

  /** The round by its managers' address, while its vote is open: paper ballots are entered only then. */
  async openRound(fundId: string, roundId: string): Promise<RoundDetail> {
    const round = await this.context.byAddress(fundId, roundId);
    if (round.id !== roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    requirePhase(round.phases, new Date(), 'cast-ballot');
    return round;
  }

  /**
   * Everything about one paper ballot that is checked before its row is locked (a transaction
   * holding a lock while it waits for other connections could wait for ever): the resident's
   * account and standing, their ballot paper (without any project they may not vote on), and the
   * ballot's limits. Refused, saying why, when the ballot cannot be entered.
   */
  async check(round: RoundDetail, voterEmail: string, lotKey: string, given: GivenChoice[]): Promise<CheckedPaperBallot> {
    const voter = await this.principals.forEmail(voterEmail);
    if (!voter) throw refuse(VotingRefusal.Invalid, 'voterEmail', 'voting.paper.noAccount');
    const ballot = await this.context.ballotFor(round, voter.accountId);
    const standing = await this.context.standingOf(round, voter, ballot.settings);
    if (standing !== 'eligible') throw refuse(VotingRefusal.Forbidden, 'voterEmail', `voting.paper.standing.${standing}`);
    const paper = ballot.papers.find((p) => p.lotKey === lotKey);
    if (!paper) throw refuse(VotingRefusal.Invalid, 'lot', 'voting.ballot.lotUnknown');
    await this.context.requireLotOpen(round, ballot.settings, ballot.papers, paper.lotKey, voter, 'staff');
    const result = checkBallot(ballot.method, ballot.settings, paper.projects, paper.limitPence, given);
    if (!result.ok) throw new VotingRefused(VotingRefusal.Invalid, `voting.ballot.${result.problems[0].problem}`, ballotProblems(result.problems));
    return { voter, lotKey: paper.lotKey, settings: ballot.settings, choices: result.choices };
  }

  /**
   * One checked paper ballot entered, in the caller's transaction, with its row locked: refused if
   * the resident has voted already, online or on paper, so no one is counted twice. The caller audits.
   */
  async enter(manager: EntityManager, round: RoundDetail, checked: CheckedPaperBallot, actorId: string): Promise<{ receipt: string; ballotId: string }> {
    const row = await this.context.lockBallot(manager, round, checked.settings, checked.lotKey, checked.voter.accountId, 'staff');
    if (row.source === 'paper' && row.confirmedAt) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.paper.alreadyOnPaper');
    if (row.confirmedAt) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.paper.alreadyOnline');
    const receipt = newReceipt(randomBytes);
    await this.ballots.confirm(manager, row.id, { choices: checked.choices, publishedId: publishedBallotId(receipt), confirmKey: null, source: 'paper', enteredBy: actorId });
    if (oneLotOnly(round, checked.settings)) await this.ballots.dropDraftsOutside(manager, round.id, checked.voter.accountId, checked.lotKey);
    return { receipt, ballotId: row.id };
  }
}
