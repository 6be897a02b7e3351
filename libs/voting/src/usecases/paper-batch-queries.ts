import { Injectable } from '@nestjs/common';
import type { RoundDetail } from '@commonpurse/funds';
import { PrincipalService } from '@commonpurse/identity';
import type { BallotMethod } from '../domain/ballot';
import { batchStatus, compareKeyings, type BatchStatus } from '../domain/paper-batch';
import { PaperBatchRepository, type KeyingRow, type PaperBatchRow, type SheetOutcome } from '../persistence/paper-batch.repository';
import { BallotContext, type BallotPaper } from './ballot-context';
import { refuse, VotingRefusal } from './voting-refused';

export interface BatchView {
  id: string;
  lotKey: string;
  /** The lot's name; null for a round without lots. */
  lotName: string | null;
  label: string;
  createdAt: Date;
  status: BatchStatus;
  keyings: Array<{ keyedBy: string; name: string; keyedAt: Date; sheets: number }>;
  /** While the two keyings differ: each sheet that differs, as each keyer typed it (null: not in their keying). */
  mismatches: Array<{ sheet: number; first: string | null; second: string | null }>;
  committedAt: Date | null;
  /** Once entered: how many sheets were, and those that were not, each with why. */
  entered: number;
  reported: SheetOutcome[];
}

/** The round's batches of paper ballots as its managers see them: where each stands, what differs, what was entered. */
@Injectable()
export class PaperBatchQueries {
  constructor(
    private readonly context: BallotContext,
    private readonly batches: PaperBatchRepository,
    private readonly principals: PrincipalService,
  ) {}

  async forRound(fundId: string, roundId: string): Promise<{ round: RoundDetail; method: BallotMethod; papers: BallotPaper[]; open: boolean; batches: BatchView[] }> {
    const round = await this.round(fundId, roundId);
    const ballot = await this.context.ballotFor(round, null);
    const rows = await this.batches.forRound(round.id);
    const batches = await this.views(round, ballot.method, rows);
    return { round, method: ballot.method, papers: ballot.papers, open: round.now.state === 'open' && round.now.phase === 'public-vote', batches };
  }

  async one(fundId: string, roundId: string, batchId: string): Promise<BatchView> {
    const round = await this.round(fundId, roundId);
    const row = await this.batches.byId(round.id, batchId);
    if (!row) throw refuse(VotingRefusal.NotFound, 'batch', 'voting.batches.notFound');
    const [view] = await this.views(round, round.votingMethod, [row]);
    return view;
  }

  private async round(fundId: string, roundId: string): Promise<RoundDetail> {
    const round = await this.context.byAddress(fundId, roundId);
    if (round.id !== roundId) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    return round;
  }

  private async views(round: RoundDetail, method: BallotMethod, rows: PaperBatchRow[]): Promise<BatchView[]> {
    const keyings = await this.batches.keyingsOf(rows.map((r) => r.id));
    const names = new Map<string, string>();
    for (const id of new Set(keyings.map((k) => k.keyedBy))) names.set(id, (await this.principals.forAccount(id))?.displayName ?? '');
    return rows.map((row) => {
      const mine: KeyingRow[] = keyings.filter((k) => k.batchId === row.id);
      const status = batchStatus(method, !!row.committedAt, mine);
      const mismatches = status === 'mismatched' ? compareKeyings(method, mine[0].sheets, mine[1].sheets).map((m) => ({ sheet: m.sheet, first: m.first?.text ?? null, second: m.second?.text ?? null })) : [];
      const report = row.report ?? [];
      return {
        id: row.id,
        lotKey: row.lotKey,
        lotName: round.lots.find((l) => l.id === row.lotKey)?.name ?? null,
        label: row.label,
        createdAt: row.createdAt,
        status,
        keyings: mine.map((k) => ({ keyedBy: k.keyedBy, name: names.get(k.keyedBy) ?? '', keyedAt: k.keyedAt, sheets: k.sheets.length })),
        mismatches,
        committedAt: row.committedAt,
        entered: report.filter((r) => r.entered).length,
        reported: report.filter((r) => !r.entered),
      };
    });
  }
}
