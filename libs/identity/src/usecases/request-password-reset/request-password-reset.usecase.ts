import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseEmail } from '../../domain/email-address';
import { newSecret } from '../../domain/secret-token';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailTokenRepository } from '../../persistence/email-token.repository';
import { IdentityEmails } from '../identity-emails';
import { hoursFromNow } from '../register-account/register-account.usecase';

export const RESET_PASSWORD_HOURS = 1;

/** Emails a one-hour reset link if the account exists; the caller's answer is the same either way. */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
    private readonly emails: IdentityEmails,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account) return;
    const { secret, hash } = newSecret();
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.retireOthers(account.id, 'reset_password', manager);
      await this.tokens.insert({ accountId: account.id, purpose: 'reset_password', tokenHash: hash, expiresAt: hoursFromNow(RESET_PASSWORD_HOURS) }, manager);
    });
    await this.emails.resetPassword(account, secret);
  }
}
