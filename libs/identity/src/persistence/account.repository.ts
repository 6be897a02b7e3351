import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RoleGrant } from '@commonpurse/kernel';
import { AccountEntity } from './account.entity';
import { RoleAssignmentEntity } from './role-assignment.entity';

/** An account as a caller: who they are and what they were granted (with the token they came with, if any). */
export interface CallerRow {
  id: string;
  email: string;
  displayName: string;
  language: AccountEntity['language'];
  postcode: string | null;
  emailVerifiedAt: Date | null;
  grants: RoleGrant[];
  token?: { id: string; scopes: string[]; lastUsedAt: Date | null };
}

const CALLER = `a.id, a.email, a.display_name AS "displayName", a.language, a.postcode, a.email_verified_at AS "emailVerifiedAt",
  COALESCE((SELECT json_agg(json_build_object('role', r.role, 'scopeType', r.scope_type, 'scopeId', r.scope_id) ORDER BY r.granted_at) FROM role_assignments r WHERE r.account_id = a.id), '[]') AS grants`;

/** Accounts and their role grants. Pass the transaction's manager to take part in it. */
@Injectable()
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  private accounts(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(AccountEntity);
  }

  private roles(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RoleAssignmentEntity);
  }

  /** The account as a caller, with its grants, in one query: every signed-in request reads it. */
  async callerById(id: string): Promise<CallerRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${CALLER} FROM accounts a WHERE a.id = $1`, [id])) as CallerRow[];
    return row;
  }

  /** The same for a live token (not revoked, not expired), with the token: every API request with one reads it. */
  async callerByToken(tokenHash: string): Promise<CallerRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${CALLER}, json_build_object('id', t.id, 'scopes', t.scopes, 'lastUsedAt', t.last_used_at) AS token
       FROM personal_access_tokens t JOIN accounts a ON a.id = t.account_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [tokenHash],
    )) as Array<CallerRow & { token: { id: string; scopes: string[]; lastUsedAt: string | null } }>;
    return row && { ...row, token: { ...row.token, lastUsedAt: row.token.lastUsedAt ? new Date(row.token.lastUsedAt) : null } };
  }

  findById(id: string, manager?: EntityManager): Promise<AccountEntity | null> {
    return this.accounts(manager).findOneBy({ id });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<AccountEntity | null> {
    return this.accounts(manager).findOneBy({ email });
  }

  /** Inserts unless the email is taken; returns the new account or null. Safe under concurrent registrations. */
  async insertIfEmailFree(values: Pick<AccountEntity, 'email' | 'displayName' | 'passwordHash' | 'language'> & { emailVerifiedAt?: Date | null }, manager?: EntityManager): Promise<AccountEntity | null> {
    const result = await this.accounts(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...values, emailVerifiedAt: values.emailVerifiedAt ?? null })
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.raw[0] as Record<string, unknown> | undefined;
    return row ? this.findById(String(row.id), manager) : null;
  }

  async update(id: string, changes: Partial<Pick<AccountEntity, 'displayName' | 'passwordHash' | 'language' | 'emailVerifiedAt' | 'postcode'>>, manager?: EntityManager): Promise<void> {
    await this.accounts(manager).update({ id }, changes);
  }

  async grantsOf(accountId: string, manager?: EntityManager): Promise<RoleGrant[]> {
    const rows = await this.roles(manager).find({ where: { accountId }, order: { grantedAt: 'ASC' } });
    return rows.map((r) => ({ role: r.role, scopeType: r.scopeType, scopeId: r.scopeId }));
  }

  /** Grants a role once; granting it again changes nothing. */
  async grant(accountId: string, grant: RoleGrant, grantedBy: string | null, manager?: EntityManager): Promise<void> {
    await this.roles(manager)
      .createQueryBuilder()
      .insert()
      .values({ accountId, role: grant.role, scopeType: grant.scopeType, scopeId: grant.scopeId, grantedBy })
      .orIgnore()
      .execute();
  }

  /** Confirmed accounts whose postcode lies in one of these postcode districts ("BS1", "CF10"). */
  async verifiedInDistricts(districts: string[], manager?: EntityManager): Promise<Array<Pick<AccountEntity, 'id' | 'email' | 'displayName' | 'language'>>> {
    if (districts.length === 0) return [];
    return (await (manager ?? this.dataSource.manager).query(
      `SELECT id, email, display_name AS "displayName", language FROM accounts
        WHERE email_verified_at IS NOT NULL AND split_part(postcode, ' ', 1) = ANY($1) ORDER BY id`,
      [districts],
    )) as Array<Pick<AccountEntity, 'id' | 'email' | 'displayName' | 'language'>>;
  }

  /** The postcode on each of these accounts now (null where none is given). */
  async postcodesByIds(ids: string[], manager?: EntityManager): Promise<Array<Pick<AccountEntity, 'id' | 'postcode'>>> {
    if (ids.length === 0) return [];
    return (await (manager ?? this.dataSource.manager).query(`SELECT id, postcode FROM accounts WHERE id = ANY($1)`, [ids])) as Array<Pick<AccountEntity, 'id' | 'postcode'>>;
  }

  async verifiedByIds(ids: string[], manager?: EntityManager): Promise<Array<Pick<AccountEntity, 'id' | 'email' | 'displayName' | 'language'>>> {
    if (ids.length === 0) return [];
    return (await (manager ?? this.dataSource.manager).query(
      `SELECT id, email, display_name AS "displayName", language FROM accounts WHERE email_verified_at IS NOT NULL AND id = ANY($1) ORDER BY id`,
      [ids],
    )) as Array<Pick<AccountEntity, 'id' | 'email' | 'displayName' | 'language'>>;
  }

  /** Who holds a role in exactly this scope, oldest grant first. */
  async holders(role: string, scopeType: string, scopeId: string | null, manager?: EntityManager): Promise<Array<{ accountId: string; email: string; displayName: string; grantedAt: Date }>> {
    return (await (manager ?? this.dataSource.manager).query(
      `SELECT a.id AS "accountId", a.email, a.display_name AS "displayName", r.granted_at AS "grantedAt"
         FROM role_assignments r JOIN accounts a ON a.id = r.account_id
        WHERE r.role = $1 AND r.scope_type = $2 AND r.scope_id IS NOT DISTINCT FROM $3 ORDER BY r.granted_at, a.id`,
      [role, scopeType, scopeId],
    )) as Array<{ accountId: string; email: string; displayName: string; grantedAt: Date }>;
  }

  /** Takes a role back; false if the account did not hold it. */
  async revoke(accountId: string, grant: RoleGrant, manager?: EntityManager): Promise<boolean> {
    const [deleted] = (await (manager ?? this.dataSource.manager).query(
      `WITH gone AS (DELETE FROM role_assignments WHERE account_id = $1 AND role = $2 AND scope_type = $3 AND scope_id IS NOT DISTINCT FROM $4 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [accountId, grant.role, grant.scopeType, grant.scopeId],
    )) as Array<{ n: number }>;
    return deleted.n > 0;
  }

  async count(manager?: EntityManager): Promise<number> {
    return this.accounts(manager).count();
  }
}
