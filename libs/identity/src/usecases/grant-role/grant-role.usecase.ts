import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RoleGrant } from '@commonpurse/kernel';
import { normaliseEmail } from '../../domain/email-address';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { AccountRepository } from '../../persistence/account.repository';

/** Gives an account a role, everywhere or within one organisation or fund (in the caller's transaction, if given). */
@Injectable()
export class GrantRoleUseCase {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(command: { email: string; grant: RoleGrant; grantedBy: string | null }, manager?: EntityManager): Promise<{ accountId: string }> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email), manager);
    if (!account) throw new IdentityException(IdentityErrorCode.NotFound, 'identity.admin.accountNotFound', [{ field: 'email', problem: 'identity.admin.accountNotFound' }]);
    await this.accounts.grant(account.id, command.grant, command.grantedBy, manager);
    return { accountId: account.id };
  }
}

/** Takes a role back from an account (in the caller's transaction, if given). */
@Injectable()
export class RevokeRoleUseCase {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(command: { accountId: string; grant: RoleGrant }, manager?: EntityManager): Promise<boolean> {
    return this.accounts.revoke(command.accountId, command.grant, manager);
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
