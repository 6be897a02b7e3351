import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { hashSecret } from '../../domain/secret-token';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailTokenRepository } from '../../persistence/email-token.repository';

/** Confirms the email address behind a verification link. A link works once, within its expiry. */
@Injectable()
export class VerifyEmailUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
  ) {}

  async execute(command: { token: string }): Promise<{ accountId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.consume(hashSecret(command.token), 'verify_email', manager);
      if (!token) throw new IdentityException(IdentityErrorCode.TokenInvalid, 'identity.verify.invalid', [{ field: 'token', problem: 'identity.verify.invalid' }]);
      const account = await this.accounts.findById(token.accountId, manager);
      if (account && !account.emailVerifiedAt) await this.accounts.update(account.id, { emailVerifiedAt: new Date() }, manager);
      return { accountId: token.accountId };
    });
  }
}
