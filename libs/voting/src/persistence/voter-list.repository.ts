import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface EligibilityListRow {
  fundId: string;
  identifiers: number;
  fileSha256: string;
  fileName: string;
  version: number;
  uploadedBy: string;
  uploadedAt: Date;
}

const LIST = `fund_id AS "fundId", identifiers, file_sha256 AS "fileSha256", file_name AS "fileName", version, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;
/** Digests written a statement at a time: big enough to be quick, small enough for one parameter. */
const BATCH = 20_000;

/** The councils' eligibility lists and the residents staff confirmed against them: the only queries on those tables. */
@Injectable()
export class VoterListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(fundId: string, manager?: EntityManager): Promise<EligibilityListRow | undefined> {
    const [row] = (await (manager ?? this.dataSource.manager).query(`SELECT ${LIST} FROM eligibility_lists WHERE fund_id = $1`, [fundId])) as EligibilityListRow[];
    return row;
  }

  /** The fund's list, locked until the transaction ends: uploads replace it one at a time. */
  async lockList(manager: EntityManager, fundId: string): Promise<EligibilityListRow | undefined> {
    const [row] = (await manager.query(`SELECT ${LIST} FROM eligibility_lists WHERE fund_id = $1 FOR UPDATE`, [fundId])) as EligibilityListRow[];
    return row;
  }

  /** The fund's list replaced by these digests, whole. */
  async replaceList(manager: EntityManager, fundId: string, list: { digests: string[]; fileSha256: string; fileName: string; by: string }): Promise<void> {
    await manager.query(
      `INSERT INTO eligibility_lists (fund_id, identifiers, file_sha256, file_name, uploaded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (fund_id) DO UPDATE SET identifiers = EXCLUDED.identifiers, file_sha256 = EXCLUDED.file_sha256, file_name = EXCLUDED.file_name, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now(), version = eligibility_lists.version + 1`,
      [fundId, list.digests.length, list.fileSha256, list.fileName, list.by],
    );
    await manager.query(`DELETE FROM eligibility_list_entries WHERE fund_id = $1`, [fundId]);
    for (let i = 0; i < list.digests.length; i += BATCH) {
      await manager.query(`INSERT INTO eligibility_list_entries (fund_id, identifier_sha256) SELECT $1, unnest($2::text[])`, [fundId, list.digests.slice(i, i + BATCH)]);
    }
  }

  async onList(manager: EntityManager, fundId: string, digest: string): Promise<boolean> {
    const [row] = (await manager.query(`SELECT EXISTS (SELECT 1 FROM eligibility_list_entries WHERE fund_id = $1 AND identifier_sha256 = $2) AS found`, [fundId, digest])) as Array<{ found: boolean }>;
    return row.found;
  }

  /** Whether staff have confirmed this resident against the fund's list. */
  async isConfirmed(fundId: string, accountId: string, manager?: EntityManager): Promise<boolean> {
    const [row] = (await (manager ?? this.dataSource.manager).query(`SELECT EXISTS (SELECT 1 FROM voter_confirmations WHERE fund_id = $1 AND account_id = $2) AS found`, [fundId, accountId])) as Array<{ found: boolean }>;
    return row.found;
  }

  /** Who, if anyone, this identifier already confirmed in the fund. */
  async confirmedBy(manager: EntityManager, fundId: string, digest: string): Promise<string | undefined> {
    const [row] = (await manager.query(`SELECT account_id AS "accountId" FROM voter_confirmations WHERE fund_id = $1 AND identifier_sha256 = $2`, [fundId, digest])) as Array<{ accountId: string }>;
    return row?.accountId;
  }

  /** False, writing nothing, if the resident or the identifier is confirmed already (the keys decide, whoever gets there first). */
  async confirm(manager: EntityManager, c: { fundId: string; accountId: string; digest: string; by: string }): Promise<boolean> {
    const rows = (await manager.query(`INSERT INTO voter_confirmations (fund_id, account_id, identifier_sha256, confirmed_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING account_id`, [c.fundId, c.accountId, c.digest, c.by])) as unknown[];
    return rows.length === 1;
  }

  async confirmations(fundId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM voter_confirmations WHERE fund_id = $1`, [fundId])) as Array<{ n: number }>;
    return row.n;
  }
}
