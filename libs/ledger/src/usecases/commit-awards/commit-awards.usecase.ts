import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { postings } from '../../domain/postings';
import { LedgerRepository, type AwardRow } from '../../persistence/ledger.repository';
import { LedgerPoster } from '../post-to-ledger/ledger-poster';

export interface CommitAwardsCommand {
  actorId: string | null;
  fundId: string;
  roundId: string;
  /** Set aside from the fund's unallocated money the first time the round awards anything. */
  roundBudgetPence: number;
  source: AwardRow['source'];
  /** The published result's SHA-256, or the panel decision's id and version. */
  sourceRef: string;
  awards: Array<{ applicationId: string; lotKey: string; amountPence: number }>;
}

/**
 * Awards made by a published result or a panel decision, committed in the caller's transaction:
 * the round's budget is set aside first (once), then each award is committed from it, pro rata to
 * the contributors whose money it is. Not enough money refuses the whole caller's change.
 * Committing the same source again returns the awards already made.
 */
@Injectable()
export class CommitAwardsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly poster: LedgerPoster,
  ) {}

  async execute(manager: EntityManager, command: CommitAwardsCommand): Promise<AwardRow[]> {
    const today = new Date().toISOString().slice(0, 10);
    if (command.awards.length === 0) return [];
    await this.poster.post(manager, {
      fundId: command.fundId,
      idempotencyKey: `set-aside:${command.roundId}`,
      postedBy: command.actorId,
      build: (books) => postings.setAside(books, { roundId: command.roundId, amountPence: command.roundBudgetPence, on: today }),
    });
    const made: AwardRow[] = [];
    for (const a of command.awards) {
      const idempotencyKey = `award:${command.roundId}:${a.applicationId}:${command.sourceRef}`;
      const earlier = await this.ledger.byKey(manager, idempotencyKey);
      if (earlier) {
        made.push((await this.ledger.award(String(earlier.memo.awardId), manager))!);
        continue;
      }
      const award = await this.ledger.insertAward(manager, { fundId: command.fundId, roundId: command.roundId, lotKey: a.lotKey, applicationId: a.applicationId, amountPence: a.amountPence, source: command.source, sourceRef: command.sourceRef, awardedBy: command.actorId });
      await this.poster.post(manager, {
        fundId: command.fundId,
        idempotencyKey,
        postedBy: command.actorId,
        build: (books) => postings.award(books, { awardId: award.id, roundId: command.roundId, applicationId: a.applicationId, amountPence: a.amountPence, on: today, source: command.source, sourceRef: command.sourceRef }),
      });
      made.push(award);
    }
    return made;
  }

  /**
   * Withdraws the application's standing award in the round (a changed panel decision), in the
   * caller's transaction: the reversal of its commitment, back to the round's budget. Refused once
   * anything has been paid. Returns whether there was one to withdraw.
   */
  async withdrawStanding(manager: EntityManager, command: { actorId: string | null; fundId: string; roundId: string; applicationId: string; reason: string }): Promise<boolean> {
    await this.ledger.lockFund(manager, command.fundId);
    const standing = await this.ledger.standingAward(manager, command.roundId, command.applicationId);
    if (!standing) return false;
    const original = (await this.ledger.byId(standing.transactionId, manager))!;
    const today = new Date().toISOString().slice(0, 10);
    await this.poster.post(manager, { fundId: command.fundId, idempotencyKey: `reversal:${original.id}`, postedBy: command.actorId, build: (books) => postings.reversal(books, original, { on: today, reason: command.reason }) });
    return true;
  }
}
