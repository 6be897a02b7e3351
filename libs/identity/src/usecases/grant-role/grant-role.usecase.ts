import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { RoleGrant } from '@commonpurse/kernel';
import { normaliseEmail } from '../../domain/email-address';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { AccountRepository } from '../../persistence/account.repository';

/** Gives an account a role, everywhere or within one organisation or fund (in the caller's transaction, if given). Audited. */
@Injectable()
export class GrantRoleUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { email: string; grant: RoleGrant; grantedBy: string | null }, manager?: EntityManager): Promise<{ accountId: string }> {
    const work = async (m: EntityManager) => {
      const account = await this.accounts.findByEmail(normaliseEmail(command.email), m);
      if (!account) throw new IdentityException(IdentityErrorCode.NotFound, 'identity.admin.accountNotFound', [{ field: 'email', problem: 'identity.admin.accountNotFound' }]);
      await this.accounts.grant(account.id, command.grant, command.grantedBy, m);
      await this.audit.record(m, { actorId: command.grantedBy, action: 'identity.grant-role', entityType: 'account', entityId: account.id, before: null, after: command.grant });
      return { accountId: account.id };
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }
}

/** Takes a role back from an account (in the caller's transaction, if given). Audited when there was one to take. */
@Injectable()
export class RevokeRoleUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { accountId: string; grant: RoleGrant; revokedBy?: string | null }, manager?: EntityManager): Promise<boolean> {
    const work = async (m: EntityManager) => {
      const revoked = await this.accounts.revoke(command.accountId, command.grant, m);
      if (revoked) await this.audit.record(m, { actorId: command.revokedBy ?? null, action: 'identity.revoke-role', entityType: 'account', entityId: command.accountId, before: command.grant, after: null });
      return revoked;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }
}

/** Who holds a role where, for other modules (a fund's managers, say). */
@Injectable()
export class RoleHolders {
  constructor(private readonly accounts: AccountRepository) {}

  list(role: string, scope: { type: RoleGrant['scopeType']; id: string | null }, manager?: EntityManager) {
    return this.accounts.holders(role, scope.type, scope.id, manager);
  }
}
