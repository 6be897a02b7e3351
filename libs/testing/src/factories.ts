import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

export interface AccountOptions {
  email?: string;
  displayName?: string;
  password?: string;
  verified?: boolean;
  language?: 'en' | 'cy';
  /** Where the person says they live, written the standard way ("BS1 5TR"). */
  postcode?: string;
  roles?: Array<{ role: string; scopeType?: 'global' | 'organisation' | 'fund'; scopeId?: string | null }>;
}

let hashed: Promise<string> | undefined;
const DEFAULT_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'person'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.org`;
}

/** An account straight into the database, for tests whose subject is not registration itself. */
export async function createAccount(databaseUrl: string, options: AccountOptions = {}): Promise<TestAccount> {
  const password = options.password ?? DEFAULT_PASSWORD;
  const hash = options.password ? argon2.hash(password, { type: argon2.argon2id }) : (hashed ??= argon2.hash(DEFAULT_PASSWORD, { type: argon2.argon2id }));
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const displayName = options.displayName ?? 'Test Person';
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO accounts (email, display_name, password_hash, language, email_verified_at, postcode) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [email, displayName, await hash, options.language ?? 'en', options.verified === false ? null : new Date(), options.postcode ?? null],
    );
    const id = rows[0].id;
    for (const grant of [{ role: 'resident' }, ...(options.roles ?? [])]) {
      const scopeType = 'scopeType' in grant && grant.scopeType ? grant.scopeType : 'global';
      const scopeId = 'scopeId' in grant ? (grant.scopeId ?? null) : null;
      await client.query(`INSERT INTO role_assignments (account_id, role, scope_type, scope_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [id, grant.role, scopeType, scopeId]);
    }
    return { id, email, password, displayName };
  } finally {
    await client.end();
  }
}

/** Runs one query against a test database (for assertions on what was stored). */
export async function query<T extends Record<string, unknown> = Record<string, unknown>>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
