import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The sessions table is written by connect-pg-simple; identity only ever ends sessions here. */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async deleteForAccount(accountId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(`DELETE FROM sessions WHERE sess->>'accountId' = $1`, [accountId]);
  }

  async deleteExpired(): Promise<number> {
    const [, affected] = (await this.dataSource.query(`DELETE FROM sessions WHERE expire < now()`)) as [unknown, number];
    return affected ?? 0;
  }
}
