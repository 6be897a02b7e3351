import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseEmail } from '../../domain/email-address';
import { newSecret } from '../../domain/secret-token';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailTokenRepository } from '../../persistence/email-token.repository';
import { IdentityEmails } from '../identity-emails';
import { VERIFY_EMAIL_HOURS, hoursFromNow } from '../register-account/register-account.usecase';

/** Sends a fresh verification link (older ones stop working). Says nothing about whether the account exists. */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly tokens: EmailTokenRepository,
    private readonly emails: IdentityEmails,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account || account.emailVerifiedAt) return;
    const { secret, hash } = newSecret();
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.retireOthers(account.id, 'verify_email', manager);
      await this.tokens.insert({ accountId: account.id, purpose: 'verify_email', tokenHash: hash, expiresAt: hoursFromNow(VERIFY_EMAIL_HOURS) }, manager);
    });
    await this.emails.verifyEmail(account, secret);
  }
}
