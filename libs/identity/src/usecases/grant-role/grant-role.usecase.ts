import { Injectable } from '@nestjs/common';
import type { RoleGrant } from '@commonpurse/kernel';
import { normaliseEmail } from '../../domain/email-address';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { AccountRepository } from '../../persistence/account.repository';

/** Gives an account a role, everywhere or within one organisation or fund. */
@Injectable()
export class GrantRoleUseCase {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(command: { email: string; grant: RoleGrant; grantedBy: string | null }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account) throw new IdentityException(IdentityErrorCode.NotFound, 'identity.admin.accountNotFound', [{ field: 'email', problem: 'identity.admin.accountNotFound' }]);
    await this.accounts.grant(account.id, command.grant, command.grantedBy);
  }
}
