import { Injectable } from '@nestjs/common';
import type { Permission } from '@commonpurse/kernel';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { grantablePermissions } from '../../domain/roles';
import { newSecret } from '../../domain/secret-token';
import { AccountRepository } from '../../persistence/account.repository';
import { PersonalAccessTokenRepository } from '../../persistence/personal-access-token.repository';

export interface CreateAccessTokenCommand {
  accountId: string;
  name: string;
  scopes: Permission[];
  expiresInDays: number | null;
}

export const TOKEN_PREFIX = 'cp_';

/** Issues a personal access token for the JSON API. The secret is returned once and only its hash is kept. */
@Injectable()
export class CreateAccessTokenUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: PersonalAccessTokenRepository,
  ) {}

  async execute(command: CreateAccessTokenCommand): Promise<{ id: string; token: string }> {
    const allowed = grantablePermissions(await this.accounts.grantsOf(command.accountId));
    const refused = command.scopes.filter((scope) => !allowed.includes(scope));
    if (command.scopes.length === 0 || refused.length > 0) {
      throw new IdentityException(IdentityErrorCode.ScopeNotHeld, 'identity.tokens.scopesInvalid', [{ field: 'scopes', problem: 'identity.tokens.scopesInvalid' }]);
    }
    const { secret, hash } = newSecret(TOKEN_PREFIX);
    const saved = await this.tokens.insert({
      accountId: command.accountId,
      name: command.name.trim(),
      tokenHash: hash,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      scopes: [...new Set(command.scopes)],
      expiresAt: command.expiresInDays ? new Date(Date.now() + command.expiresInDays * 86_400_000) : null,
    });
    return { id: saved.id, token: secret };
  }
}
