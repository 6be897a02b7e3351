import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The reminders sent before a vote closes, one per round: the only queries on that table. */
@Injectable()
export class VoteReminderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Those of these rounds whose reminder has not gone out. */
  async notReminded(roundIds: string[]): Promise<string[]> {
    if (roundIds.length === 0) return [];
    const rows = (await this.dataSource.query(`SELECT id FROM unnest($1::uuid[]) AS id WHERE NOT EXISTS (SELECT 1 FROM vote_reminders r WHERE r.round_id = id)`, [roundIds])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Records that the round's reminder went out; false if another worker already sent it (or is sending it: this waits for that one to finish). */
  async claim(manager: EntityManager, roundId: string, recipients: number): Promise<boolean> {
    const rows = (await manager.query(`INSERT INTO vote_reminders (round_id, recipients) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING round_id`, [roundId, recipients])) as unknown[];
    return rows.length > 0;
  }
}
