import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import { EmailTokenEntity, type EmailTokenPurpose } from './email-token.entity';

@Injectable()
export class EmailTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(EmailTokenEntity);
  }

  async insert(values: Pick<EmailTokenEntity, 'accountId' | 'purpose' | 'tokenHash' | 'expiresAt'>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(values);
  }

  /**
   * Marks an unexpired, unused token as used and returns it, in one statement, so two
   * clicks on the same link cannot both succeed.
   */
  async consume(tokenHash: string, purpose: EmailTokenPurpose, manager?: EntityManager): Promise<EmailTokenEntity | null> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND purpose = :purpose AND used_at IS NULL AND expires_at > now()', { tokenHash, purpose })
      .returning(['id', 'accountId'])
      .execute();
    const row = (result.raw as Array<{ id: string; account_id: string }>)[0];
    return row ? this.repo(manager).findOneBy({ id: row.id }) : null;
  }

  findUsable(tokenHash: string, purpose: EmailTokenPurpose): Promise<EmailTokenEntity | null> {
    return this.repo()
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.purpose = :purpose AND t.used_at IS NULL AND t.expires_at > now()', { tokenHash, purpose })
      .getOne();
  }

  /** A new link replaces older ones of the same purpose. */
  async retireOthers(accountId: string, purpose: EmailTokenPurpose, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ accountId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const result = await this.repo().delete({ expiresAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
