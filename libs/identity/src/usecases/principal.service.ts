import { Injectable } from '@nestjs/common';
import type { Permission, Principal } from '@commonpurse/kernel';
import { hashSecret } from '../domain/secret-token';
import { AccountRepository } from '../persistence/account.repository';
import { PersonalAccessTokenRepository } from '../persistence/personal-access-token.repository';

/** Reads who is calling, from a session's account id or a bearer token. */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly tokens: PersonalAccessTokenRepository,
  ) {}

  async forAccount(accountId: string): Promise<Principal | undefined> {
    const account = await this.accounts.findById(accountId);
    if (!account) return undefined;
    return {
      accountId: account.id,
      email: account.email,
      displayName: account.displayName,
      language: account.language,
      postcode: account.postcode,
      emailVerified: account.emailVerifiedAt !== null,
      grants: await this.accounts.grantsOf(account.id),
      via: 'session',
    };
  }

  async forEmail(email: string): Promise<Principal | undefined> {
    const account = await this.accounts.findByEmail(email.trim().toLowerCase());
    return account ? this.forAccount(account.id) : undefined;
  }

  async forBearerToken(secret: string): Promise<Principal | undefined> {
    const token = await this.tokens.findLive(hashSecret(secret));
    if (!token) return undefined;
    const principal = await this.forAccount(token.accountId);
    if (!principal) return undefined;
    await this.tokens.touch(token.id);
    return { ...principal, via: 'token', tokenScopes: token.scopes as Permission[], tokenId: token.id };
  }
}
