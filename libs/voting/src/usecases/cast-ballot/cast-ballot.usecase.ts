import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { requirePhase, type RoundDetail } from '@commonpurse/funds';
import { formatPence, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { checkBallot, type BallotProblem, type Choice, type GivenChoice } from '../../domain/ballot';
import { newReceipt, publishedBallotId } from '../../domain/receipt';
import { BallotRepository, type SettingsRow } from '../../persistence/ballot.repository';
import { BallotContext, oneLotOnly, standingWith, type BallotPaper, type VoteRound } from '../ballot-context';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

/** A ballot's problems as fields: each names the project (or the ballot as a whole) at fault. */
export function ballotProblems(problems: BallotProblem[]): FieldProblem[] {
  return problems.map((p) => {
    const params: Record<string, string | number> = {};
    // Amounts as people write them ("£18,500"): the same in English and Welsh.
    for (const [key, value] of Object.entries(p)) if (key !== 'problem' && (typeof value === 'number' || typeof value === 'string')) params[key.replace(/Pence$/, '')] = key.endsWith('Pence') ? formatPence(value) : value;
    return { field: 'projectId' in p ? `project-${p.projectId}` : 'choices', problem: `voting.ballot.${p.problem}`, params };
  });
}

export interface Confirmed {
  /** Shown once, at the first confirmation: the code that finds the ballot in the published file. */
  receipt: string | null;
  /** This confirmation repeated a request already done (the same idempotency key). */
  repeated: boolean;
  /** The round as it was voted in (for the page that answers). */
  round: RoundDetail;
}

/**
 * An eligible resident votes while the public vote is open (the server's clock): they save their
 * choices as they go, then confirm; the last confirmed ballot counts, and they may change it until
 * the vote closes. The first confirmation gives them a receipt. One ballot per voter, round and
 * lot however many devices and retries: the ballot's row is locked for every change, and a
 * confirmation sent again with the same idempotency key is the same confirmation. A resident whose
 * paper ballot staff have entered has voted: they cannot vote online as well.
 */
@Injectable()
export class CastBallotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: BallotContext,
    private readonly ballots: BallotRepository,
  ) {}

  async saveDraft(command: { person: Principal; fundKey: string; roundKey: string; lotKey: string; given: GivenChoice[] }): Promise<void> {
    const { paper, choices, settings } = await this.check(command);
    await this.dataSource.transaction(async (manager) => {
      const ballot = await this.context.lockBallot(manager, paper.round, settings, paper.lotKey, command.person.accountId);
      if (ballot.source === 'paper') throw refuse(VotingRefusal.Closed, 'choices', 'voting.ballot.votedOnPaper');
      await this.ballots.saveDraft(manager, ballot.id, choices);
    });
  }

  async confirm(command: { person: Principal; fundKey: string; roundKey: string; lotKey: string; given?: GivenChoice[]; idempotencyKey?: string }): Promise<Confirmed> {
    const key = command.idempotencyKey?.trim() || null;
    if (key !== null && key.length > 100) throw refuse(VotingRefusal.Invalid, 'idempotencyKey', 'voting.ballot.keyTooLong');
    // Everything is checked before the ballot's row is locked: a transaction holding a lock while it
    // waits for another connection could, with enough of them at once, wait for ever. With choices
    // given (the API) they are checked; without (the web's confirm page), the saved draft is.
    let round: RoundDetail;
    let settings: SettingsRow;
    let checked: Choice[] | null = null;
    let draft: Choice[] | null = null;
    if (command.given) {
      const result = await this.check({ ...command, given: command.given });
      ({ round, settings } = result);
      checked = result.choices;
      // A voter's first ballot is written confirmed in one statement: no one else has seen it, so
      // there is nothing to compare under a lock. If they have one already (another device, a
      // retry, a paper ballot, even one being written this instant), nothing is written here and
      // the locked path below decides. Not where a voter may vote in one lot only: a ballot on
      // another lot, being written this instant, is found only under `lockBallot`.
      const receipt = newReceipt(randomBytes);
      if (!oneLotOnly(round, settings) && (await this.ballots.insertConfirmed(round.id, command.lotKey, command.person.accountId, { choices: checked, publishedId: publishedBallotId(receipt), confirmKey: key }))) return { receipt, repeated: false, round };
    } else {
      const loaded = await this.context.forVote(command.fundKey, command.roundKey);
      requirePhase(loaded.round.phases, new Date(), 'cast-ballot');
      round = loaded.round;
      draft = (await this.ballots.ballotsOf(round.id, command.person.accountId)).find((b) => b.lotKey === command.lotKey)?.draft ?? null;
      if (draft) {
        const result = await this.check({ ...command, given: draft }, loaded);
        checked = result.choices;
        settings = result.settings;
        // The draft confirmed in one statement, if it is still the one read and still theirs to
        // confirm (online, not this key again): the row's lock is held only while it is written.
        // Otherwise nothing is written, and the locked path below says why.
        const receipt = newReceipt(randomBytes);
        if (!oneLotOnly(round, settings)) {
          const done = await this.ballots.confirmDraft(round.id, command.lotKey, command.person.accountId, { draft, choices: checked, publishedId: publishedBallotId(receipt), confirmKey: key });
          if (done) return { receipt: done.freshReceipt ? receipt : null, repeated: false, round };
        }
      } else settings = loaded.frozen?.settings ?? (await this.ballots.settings(round.id));
    }
    return this.dataSource.transaction(async (manager) => {
      const ballot = await this.context.lockBallot(manager, round, settings, command.lotKey, command.person.accountId);
      if (key !== null && ballot.confirmKey === key) return { receipt: null, repeated: true, round };
      if (ballot.source === 'paper') throw refuse(VotingRefusal.Closed, 'choices', 'voting.ballot.votedOnPaper');
      if (!checked) throw refuse(VotingRefusal.Invalid, 'choices', 'voting.ballot.nothingToConfirm');
      // The draft changed (another device) between reading it and locking it: confirm what the voter last saw, or nothing.
      if (!command.given && JSON.stringify(ballot.draft) !== JSON.stringify(draft)) throw refuse(VotingRefusal.Conflict, 'choices', 'voting.ballot.changedSince');
      const receipt = ballot.publishedId ? null : newReceipt(randomBytes);
      await this.ballots.confirm(manager, ballot.id, { choices: checked, publishedId: ballot.publishedId ?? publishedBallotId(receipt!), confirmKey: key, source: 'online', enteredBy: null });
      // Their one lot is chosen: choices saved on another can no longer be confirmed (nor are they reminded of).
      if (oneLotOnly(round, settings)) await this.ballots.dropDraftsOutside(manager, round.id, command.person.accountId, command.lotKey);
      return { receipt, repeated: false, round };
    });
  }

  /** The phase, the voter's standing and the ballot itself, checked; the paper it is on. */
  private async check(command: { person: Principal; fundKey: string; roundKey: string; lotKey: string; given: GivenChoice[] }, loaded?: VoteRound): Promise<{ paper: BallotPaper & { round: RoundDetail }; choices: Choice[]; round: RoundDetail; settings: SettingsRow }> {
    const { round, frozen } = loaded ?? (await this.context.forVote(command.fundKey, command.roundKey));
    requirePhase(round.phases, new Date(), 'cast-ballot');
    const [ballot, dateOfBirth] = await Promise.all([this.context.ballotFor(round, command.person.accountId, frozen), this.ballots.dateOfBirth(command.person.accountId)]);
    const standing = standingWith(round, command.person, ballot.settings, dateOfBirth, await this.context.confirmed(round, command.person, ballot.settings));
    if (standing !== 'eligible') throw refuse(VotingRefusal.Forbidden, 'voter', `voting.standing.${standing}`);
    const paper = ballot.papers.find((p) => p.lotKey === command.lotKey);
    if (!paper) throw refuse(VotingRefusal.Invalid, 'lot', 'voting.ballot.lotUnknown');
    await this.context.requireLotOpen(round, ballot.settings, ballot.papers, paper.lotKey, command.person, 'voter');
    const result = checkBallot(ballot.method, ballot.settings, paper.projects, paper.limitPence, command.given);
    if (!result.ok) throw new VotingRefused(VotingRefusal.Invalid, `voting.ballot.${result.problems[0].problem}`, ballotProblems(result.problems));
    return { paper: { ...paper, round }, choices: result.choices, round, settings: ballot.settings };
  }
}
