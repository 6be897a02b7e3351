import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TallyResult } from '../domain/tally';
import type { Turnout } from '../domain/turnout';

export interface ResultRow {
  roundId: string;
  lotKey: string;
  rule: string;
  algorithm: string;
  ballotsSha256: string;
  resultSha256: string;
  result: TallyResult;
  /** Who voted on the paper, as counted (null: counted before turnout was kept). */
  turnout: Turnout | null;
  computedAt: Date;
  publishedAt: Date | null;
}

const COLUMNS = `round_id AS "roundId", lot_key AS "lotKey", rule, algorithm, ballots_sha256 AS "ballotsSha256", result_sha256 AS "resultSha256", result, turnout, computed_at AS "computedAt", published_at AS "publishedAt"`;

/** The vote's results, paper by paper: the only queries on that table. */
@Injectable()
export class ResultRepository {
  constructor(private readonly dataSource: DataSource) {}

  async forRound(roundId: string, manager?: EntityManager): Promise<ResultRow[]> {
    return (await (manager ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM vote_results WHERE round_id = $1 ORDER BY lot_key`, [roundId])) as ResultRow[];
  }

  async ballotFile(roundId: string, lotKey: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ballot_file AS "file" FROM vote_results WHERE round_id = $1 AND lot_key = $2 AND published_at IS NOT NULL`, [roundId, lotKey])) as Array<{ file: string }>;
    return row?.file;
  }

  async save(manager: EntityManager, r: { roundId: string; lotKey: string; rule: string; algorithm: string; ballotsSha256: string; resultSha256: string; result: TallyResult; turnout: Turnout; ballotFile: string; computedBy: string | null }): Promise<void> {
    await manager.query(
      `INSERT INTO vote_results (round_id, lot_key, rule, algorithm, ballots_sha256, result_sha256, result, turnout, ballot_file, computed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (round_id, lot_key) DO UPDATE SET rule = EXCLUDED.rule, algorithm = EXCLUDED.algorithm, ballots_sha256 = EXCLUDED.ballots_sha256, result_sha256 = EXCLUDED.result_sha256,
         result = EXCLUDED.result, turnout = EXCLUDED.turnout, ballot_file = EXCLUDED.ballot_file, computed_by = EXCLUDED.computed_by, computed_at = now()`,
      [r.roundId, r.lotKey, r.rule, r.algorithm, r.ballotsSha256, r.resultSha256, JSON.stringify(r.result), JSON.stringify(r.turnout), r.ballotFile, r.computedBy],
    );
  }

  /** Counting and publishing a round's vote, one at a time (the clock's count and a manager's may meet). */
  async lockRound(manager: EntityManager, roundId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`vote-results:${roundId}`]);
  }

  async publish(manager: EntityManager, roundId: string, by: string): Promise<number> {
    const [, count] = (await manager.query(`UPDATE vote_results SET published_at = now(), published_by = $2 WHERE round_id = $1 AND published_at IS NULL`, [roundId, by])) as [unknown, number];
    return count;
  }
}
