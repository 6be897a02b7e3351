import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { PersonalAccessTokenEntity } from './personal-access-token.entity';

@Injectable()
export class PersonalAccessTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PersonalAccessTokenEntity);
  }

  async insert(values: Pick<PersonalAccessTokenEntity, 'accountId' | 'name' | 'tokenHash' | 'prefix' | 'scopes' | 'expiresAt'>): Promise<PersonalAccessTokenEntity> {
    const saved = await this.repo().save(this.repo().create(values));
    return saved;
  }

  /** A live token: not revoked, not expired. */
  findLive(tokenHash: string): Promise<PersonalAccessTokenEntity | null> {
    return this.repo()
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())', { tokenHash })
      .getOne();
  }

  listForAccount(accountId: string): Promise<PersonalAccessTokenEntity[]> {
    return this.repo().find({ where: { accountId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes one of the account's own tokens; false when there was no such live token. */
  async revoke(accountId: string, id: string): Promise<boolean> {
    const result = await this.repo().update({ id, accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** Every live token of the account stops working (a password reset: whoever had the account loses its tokens too). */
  async revokeAll(accountId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async touch(id: string): Promise<void> {
    await this.repo().update({ id }, { lastUsedAt: new Date() });
  }
}
