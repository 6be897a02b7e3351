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

  /** The same for many people at once (those of a batch): only the people who turned something off are in the map. */
  async disabledFor(accountIds: string[]): Promise<Map<string, Set<Category>>> {
    const disabled = new Map<string, Set<Category>>();
    if (accountIds.length === 0) return disabled;
    const rows = (await this.dataSource.query(`SELECT account_id, category FROM notification_preferences WHERE account_id = ANY($1::uuid[]) AND NOT enabled`, [accountIds])) as Array<{
      account_id: string;
      category: Category;
    }>;
    for (const row of rows) disabled.set(row.account_id, (disabled.get(row.account_id) ?? new Set<Category>()).add(row.category));
    return disabled;
  }

  async set(accountId: string, category: Category, enabled: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, category) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [accountId, category, enabled],
    );
  }
}
