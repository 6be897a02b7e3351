import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Category } from '../domain/notification-event';

@Injectable()
export class PreferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The categories this person has turned off (everything optional is on until turned off). */
  async disabled(accountId: string): Promise<Set<Category>> {
    const rows = (await this.dataSource.query(`SELECT category FROM notification_preferences WHERE account_id = $1 AND NOT enabled`, [accountId])) as Array<{ category: Category }>;
    return new Set(rows.map((r) => r.category));
  }

  async set(accountId: string, category: Category, enabled: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, category) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [accountId, category, enabled],
    );
  }
}
