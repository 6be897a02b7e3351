import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganisationProfile } from '../domain/applicant-organisation';

export interface OrganisationRow extends OrganisationProfile {
  id: string;
  version: number;
  createdAt: Date;
}

const COLUMNS = `o.id, o.name, o.type, o.registration_number AS "registrationNumber", o.address_line1 AS "addressLine1", o.address_line2 AS "addressLine2", o.town, o.postcode,
  o.contact_name AS "contactName", o.contact_email AS "contactEmail", o.contact_phone AS "contactPhone", o.version, o.created_at AS "createdAt"`;

/** Applicant organisations and who belongs to them: the only queries on those tables. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async insert(manager: EntityManager, p: OrganisationProfile, createdBy: string): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO applicant_organisations (name, type, registration_number, address_line1, address_line2, town, postcode, contact_name, contact_email, contact_phone, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [p.name, p.type, p.registrationNumber, p.addressLine1, p.addressLine2, p.town, p.postcode, p.contactName, p.contactEmail, p.contactPhone, createdBy],
    )) as Array<{ id: string }>;
    await manager.query(`INSERT INTO organisation_members (organisation_id, account_id, added_by) VALUES ($1, $2, $2)`, [row.id, createdBy]);
    return row.id;
  }

  /** Writes the profile if nobody changed it since `version`; false if somebody did. */
  async update(manager: EntityManager, id: string, version: number, p: OrganisationProfile): Promise<boolean> {
    const [changed] = (await manager.query(
      `WITH changed AS (
         UPDATE applicant_organisations SET name = $3, type = $4, registration_number = $5, address_line1 = $6, address_line2 = $7, town = $8, postcode = $9,
                contact_name = $10, contact_email = $11, contact_phone = $12, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM changed`,
      [id, version, p.name, p.type, p.registrationNumber, p.addressLine1, p.addressLine2, p.town, p.postcode, p.contactName, p.contactEmail, p.contactPhone],
    )) as Array<{ n: number }>;
    return changed.n > 0;
  }

  async find(id: string, manager?: EntityManager): Promise<OrganisationRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${COLUMNS} FROM applicant_organisations o WHERE o.id = $1`, [id])) as OrganisationRow[];
    return row;
  }

  async forMember(accountId: string): Promise<OrganisationRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM applicant_organisations o JOIN organisation_members m ON m.organisation_id = o.id WHERE m.account_id = $1 ORDER BY o.name, o.id`,
      [accountId],
    )) as OrganisationRow[];
  }

  async isMember(organisationId: string, accountId: string, manager?: EntityManager): Promise<boolean> {
    const rows = (await this.db(manager).query(`SELECT 1 FROM organisation_members WHERE organisation_id = $1 AND account_id = $2`, [organisationId, accountId])) as unknown[];
    return rows.length > 0;
  }

  async members(organisationId: string, manager?: EntityManager): Promise<string[]> {
    const rows = (await this.db(manager).query(`SELECT account_id AS "accountId" FROM organisation_members WHERE organisation_id = $1 ORDER BY added_at, account_id`, [organisationId])) as Array<{ accountId: string }>;
    return rows.map((r) => r.accountId);
  }

  /** Takes a member off; false if they were not one. Never the last (the caller checks under the lock). */
  async removeMember(manager: EntityManager, organisationId: string, accountId: string): Promise<boolean> {
    const [row] = (await manager.query(`WITH gone AS (DELETE FROM organisation_members WHERE organisation_id = $1 AND account_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [organisationId, accountId])) as Array<{ n: number }>;
    return row.n > 0;
  }

  async lock(manager: EntityManager, organisationId: string): Promise<void> {
    await manager.query(`SELECT id FROM applicant_organisations WHERE id = $1 FOR UPDATE`, [organisationId]);
  }

  async addMember(manager: EntityManager, organisationId: string, accountId: string, addedBy: string): Promise<void> {
    await manager.query(`INSERT INTO organisation_members (organisation_id, account_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [organisationId, accountId, addedBy]);
  }
}
