import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { RoundDetail } from '@commonpurse/funds';
import type { BallotMethod } from '../../domain/ballot';
import { batchStatus, keyedSheets, MAX_SHEETS, parseSheetLines, type BatchStatus, type KeyedSheet, type TypedSheet } from '../../domain/paper-batch';
import { PaperBatchRepository, type KeyingRow, type PaperBatchRow, type SheetOutcome } from '../../persistence/paper-batch.repository';
import { BallotContext, type BallotItem } from '../ballot-context';
import { EnterPaperBallotUseCase, type CheckedPaperBallot } from '../enter-paper-ballot/enter-paper-ballot.usecase';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

/** How often entering an agreed batch starts again because a keyer re-keyed while its sheets were being checked. */
const COMMIT_ATTEMPTS = 3;

/**
 * A fund manager keys a batch of paper ballots: its sheets typed as lines (the web form) or sent
 * as a list (the API), each line's problems named. Two different people key each batch; whoever
 * keys second has their copy compared with the first, sheet by sheet. If they differ the batch
 * waits, nothing entered, until either keyer re-keys theirs. Once they agree, the batch is
 * entered in one transaction: every sheet as one paper ballot, checked as `EnterPaperBallotUseCase`
 * checks one (a resident who has voted already, online or on paper, or may not vote, is reported
 * and not entered). Entered once; after that, no one re-keys it. While the vote is open; audited.
 *
 * Keyings of a batch are saved (and it is entered) under its row's lock, so two keyers sending
 * theirs at the same instant are compared once both are in, whichever came first.
 */
@Injectable()
export class KeyPaperBatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: BallotContext,
    private readonly entry: EnterPaperBallotUseCase,
    private readonly batches: PaperBatchRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** `rekey`: this person replaces their own keying (or, having none, keys it); without, keying a batch they have keyed already is refused. */
  async execute(command: { actorId: string; fundId: string; roundId: string; batchId: string; sheets: string | TypedSheet[]; rekey: boolean }): Promise<{ status: BatchStatus }> {
    const { round, batch } = await this.openBatch(command);
    const ballot = await this.context.ballotFor(round, null);
    const paper = ballot.papers.find((p) => p.lotKey === batch.lotKey);
    if (!paper) throw refuse(VotingRefusal.Invalid, 'lot', 'voting.ballot.lotUnknown');
    const sheets = readKeying(ballot.method, paper.projects, command.sheets);
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.batches.lock(manager, batch.id);
      if (locked.committedAt) throw refuse(VotingRefusal.Conflict, 'sheets', 'voting.batches.committed');
      const keyings = await this.batches.keyings(batch.id, manager);
      const mine = keyings.find((k) => k.keyedBy === command.actorId);
      if (mine && !command.rekey) throw refuse(VotingRefusal.Conflict, 'sheets', 'voting.batches.keyedAlready');
      if (!mine && keyings.length >= 2) throw refuse(VotingRefusal.Conflict, 'sheets', 'voting.batches.keyedTwice');
      await this.batches.saveKeying(manager, batch.id, command.actorId, sheets);
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.key-paper-batch', entityType: 'paper-batch', entityId: batch.id, before: mine ? { sheets: mine.sheets.length } : null, after: { sheets: sheets.length } });
    });
    return { status: await this.enterIfAgreed(round, ballot.method, batch, command.actorId) };
  }

  /**
   * An agreed batch entered now, where entering it when its second keying came in did not finish
   * (the vote was busy, a keyer re-keyed meanwhile): its keyings as they stand, nothing retyped.
   */
  async enter(command: { actorId: string; fundId: string; roundId: string; batchId: string }): Promise<{ status: BatchStatus }> {
    const { round, batch } = await this.openBatch(command);
    const status = await this.enterIfAgreed(round, round.votingMethod, batch, command.actorId);
    if (status !== 'committed') throw refuse(VotingRefusal.Conflict, 'sheets', 'voting.batches.notAgreed');
    return { status };
  }

  /** The round (its vote open) and the batch, not yet entered. */
  private async openBatch(command: { fundId: string; roundId: string; batchId: string }): Promise<{ round: RoundDetail; batch: PaperBatchRow }> {
    const round = await this.entry.openRound(command.fundId, command.roundId);
    const batch = await this.batches.byId(round.id, command.batchId);
    if (!batch) throw refuse(VotingRefusal.NotFound, 'batch', 'voting.batches.notFound');
    if (batch.committedAt) throw refuse(VotingRefusal.Conflict, 'sheets', 'voting.batches.committed');
    return { round, batch };
  }

  /**
   * The batch entered if its two keyings agree. Each sheet is checked first, outside any lock
   * (the checks read through other connections); then, under the batch's lock, it is entered
   * if the keyings are still the ones checked (a keyer may have re-keyed meanwhile: then again).
   */
  private async enterIfAgreed(round: RoundDetail, method: BallotMethod, batch: PaperBatchRow, actorId: string): Promise<BatchStatus> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const keyings = await this.batches.keyings(batch.id);
      const status = batchStatus(method, false, keyings);
      if (status !== 'agreed') return status;
      const checked: Array<{ sheet: KeyedSheet; ballot: CheckedPaperBallot | null; outcome: SheetOutcome | null }> = [];
      for (const sheet of keyings[0].sheets) {
        try {
          checked.push({ sheet, ballot: await this.entry.check(round, sheet.email, batch.lotKey, sheet.choices), outcome: null });
        } catch (error) {
          checked.push({ sheet, ballot: null, outcome: notEntered(sheet, error) });
        }
      }
      // Checking every sheet takes a while: the vote may have closed meanwhile (by the clock, or by its manager).
      await this.entry.openRound(round.fund.id, round.id);
      const entered = await this.dataSource.transaction(async (manager) => {
        const locked = await this.batches.lock(manager, batch.id);
        if (locked.committedAt) return true;
        if (!sameKeyings(await this.batches.keyings(batch.id, manager), keyings)) return false;
        const ballotIds: string[] = [];
        const voterIds: string[] = [];
        // In voter order (then sheet order): two batches with residents in common lock their
        // ballots in the same order, so neither waits for the other in a circle.
        const order = checked.filter((c) => c.ballot).sort((x, y) => (x.ballot!.voter.accountId < y.ballot!.voter.accountId ? -1 : x.ballot!.voter.accountId > y.ballot!.voter.accountId ? 1 : x.sheet.sheet - y.sheet.sheet));
        for (const c of order) {
          try {
            // No receipt is shown: the residents left the event long before their sheets were keyed.
            ballotIds.push((await this.entry.enter(manager, round, c.ballot!, actorId)).ballotId);
            voterIds.push(c.ballot!.voter.accountId);
            c.outcome = { sheet: c.sheet.sheet, email: c.sheet.email, entered: true, problem: null };
          } catch (error) {
            c.outcome = notEntered(c.sheet, error);
          }
        }
        const report = checked.map((c) => c.outcome!).sort((x, y) => x.sheet - y.sheet);
        await this.batches.markCommitted(manager, batch.id, actorId, report, ballotIds);
        await this.audit.record(manager, {
          actorId,
          action: 'voting.commit-paper-batch',
          entityType: 'paper-batch',
          entityId: batch.id,
          before: null,
          after: { roundId: round.id, lotKey: batch.lotKey, label: batch.label, keyedBy: keyings.map((k) => k.keyedBy), entered: ballotIds.length, reported: report.length - ballotIds.length, voterIds },
        });
        return true;
      });
      if (entered) return 'committed';
    }
    return 'agreed';
  }
}

/** A keying as typed or sent, read and checked against the ballot paper; refused with every line's problems. */
function readKeying(method: BallotMethod, projects: BallotItem[], given: string | TypedSheet[]): KeyedSheet[] {
  const parsed = typeof given === 'string' ? parseSheetLines(given) : { sheets: given, problems: [] };
  if (parsed.sheets.length + parsed.problems.length === 0) throw refuse(VotingRefusal.Invalid, 'sheets', 'voting.batches.noSheets');
  if (parsed.sheets.length > MAX_SHEETS) throw refuse(VotingRefusal.Invalid, 'sheets', 'voting.batches.tooManySheets', { max: MAX_SHEETS });
  const keyed = keyedSheets(method, projects, parsed.sheets);
  const problems = [...parsed.problems, ...(keyed.ok ? [] : keyed.problems)].sort((a, b) => a.line - b.line);
  if (problems.length > 0 || !keyed.ok) {
    throw new VotingRefused(
      VotingRefusal.Invalid,
      'voting.batches.linesWrong',
      problems.map(({ line, problem, ...params }) => ({ field: 'sheets', problem: `voting.batches.line.${problem}`, params: { line, ...params } })),
    );
  }
  return keyed.sheets;
}

/** A sheet not entered, and why: the refusal a single paper ballot would have been given. */
function notEntered(sheet: KeyedSheet, error: unknown): SheetOutcome {
  if (!(error instanceof VotingRefused)) throw error;
  const [first] = error.details;
  return { sheet: sheet.sheet, email: sheet.email, entered: false, problem: first?.problem ?? error.message, ...(first?.params ? { params: first.params } : {}) };
}

function sameKeyings(now: KeyingRow[], checked: KeyingRow[]): boolean {
  const of = (keyings: KeyingRow[]) => JSON.stringify(keyings.map((k) => [k.keyedBy, k.sheets]));
  return of(now) === of(checked);
}
