import { Injectable } from '@nestjs/common';
import type { Permission, Principal } from '@commonpurse/kernel';
import { hashSecret } from '../domain/secret-token';
import { AccountRepository, type CallerRow } from '../persistence/account.repository';
import { PersonalAccessTokenRepository } from '../persistence/personal-access-token.repository';

/** Reads who is calling, from a session's account id or a bearer token. */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: PersonalAccessTokenRepository,
  ) {}

  async forAccount(accountId: string): Promise<Principal | undefined> {
    const caller = await this.accounts.callerById(accountId);
    return caller && principalOf(caller);
  }

  async forEmail(email: string): Promise<Principal | undefined> {
    const account = await this.accounts.findByEmail(email.trim().toLowerCase());
    return account ? this.forAccount(account.id) : undefined;
  }

  async forBearerToken(secret: string): Promise<Principal | undefined> {
    const caller = await this.accounts.callerByToken(hashSecret(secret));
    if (!caller?.token) return undefined;
    const { token } = caller;
    // When a token was last used is for its owner to see, to the minute: not a write on every request.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await this.tokens.touch(token.id);
    return { ...principalOf(caller), via: 'token', tokenScopes: token.scopes as Permission[], tokenId: token.id };
  }
}

/** How stale a token's "last used" may be. */
export const TOUCH_EVERY_MS = 60_000;

function principalOf(caller: CallerRow): Principal {
  return {
    accountId: caller.id,
    email: caller.email,
    displayName: caller.displayName,
    language: caller.language,
    postcode: caller.postcode,
    emailVerified: caller.emailVerifiedAt !== null,
    grants: caller.grants,
    via: 'session',
  };
}
