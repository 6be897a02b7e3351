import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '@commonpurse/kernel';
import { auditHash, toJsonValue, type AuditContent } from './domain/audit-chain';
import { AuditLogRepository } from './persistence/audit-log.repository';

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
 * Every staff action that changes a decision or money, with who, when, before and after, and the
 * HTTP request it came from. Written in the caller's transaction, so the change and its record
 * stand or fall together; the table refuses updates and deletes (a database trigger), and each
 * row's hash covers the one before, so a change made behind the triggers shows.
 *
 * Appends are serialised by one lock held until the caller commits: call this last in a
 * transaction, after any other lock, so the lock is held for no more than the commit.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly log: AuditLogRepository) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    // Outside a transaction the lock would end with its own statement, and the chain could fork.
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((m) => this.record(m, entry));
    await this.log.lockChain(manager);
    const content: AuditContent = {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: toJsonValue(entry.before),
      after: toJsonValue(entry.after),
      at: new Date(),
      requestId: currentRequestId(),
      prevHash: await this.log.lastHash(manager),
    };
    await this.log.insert(manager, { ...content, hash: auditHash(content) });
  }
}
