import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { passwordProblem } from '../../domain/password-policy';
import { hashSecret } from '../../domain/secret-token';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailTokenRepository } from '../../persistence/email-token.repository';
import { PersonalAccessTokenRepository } from '../../persistence/personal-access-token.repository';
import { SessionRepository } from '../../persistence/session.repository';
import { PasswordHasher } from '../password-hasher';

/**
 * Sets a new password from a reset link. The link proves the email address, so the account
 * counts as verified; every existing session is signed out and every access token revoked, in
 * case someone else had the account.
 */
@Injectable()
export class ResetPasswordUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly accessTokens: PersonalAccessTokenRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: { token: string; password: string }): Promise<void> {
    const pending = await this.tokens.findUsable(hashSecret(command.token), 'reset_password');
    if (!pending) throw new IdentityException(IdentityErrorCode.TokenInvalid, 'identity.reset.invalid', [{ field: 'token', problem: 'identity.reset.invalid' }]);
    const account = await this.accounts.findById(pending.accountId);
    if (!account) throw new IdentityException(IdentityErrorCode.TokenInvalid, 'identity.reset.invalid');
    const problem = passwordProblem(command.password, account.email);
    if (problem) throw new IdentityException(IdentityErrorCode.WeakPassword, problem, [{ field: 'password', problem }]);
    const passwordHash = await this.hasher.hash(command.password);

    await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(hashSecret(command.token), 'reset_password', manager);
      if (!token) throw new IdentityException(IdentityErrorCode.TokenInvalid, 'identity.reset.invalid', [{ field: 'token', problem: 'identity.reset.invalid' }]);
      await this.accounts.update(account.id, { passwordHash, emailVerifiedAt: account.emailVerifiedAt ?? new Date() }, manager);
      await this.sessions.deleteForAccount(account.id, manager);
      await this.accessTokens.revokeAll(account.id, manager);
    });
  }
}
