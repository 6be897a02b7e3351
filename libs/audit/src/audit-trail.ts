import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  /** What was done, as `<module>.<verb>`: funds.create, funds.record-contribution … */
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/**
 * Every staff action that changes a decision or money, with who, when, before and after.
 * Written in the caller's transaction, so the change and its record stand or fall together;
 * the table refuses updates and deletes (a database trigger).
 */
@Injectable()
export class AuditTrail {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    ]);
  }
}
