import { Injectable } from '@nestjs/common';
import { normaliseEmail } from '../../domain/email-address';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailLinks } from '../email-links';
import { IdentityEmails } from '../identity-emails';

/** Sends a fresh verification link (older ones stop working). Says nothing about whether the account exists. */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly links: EmailLinks,
    private readonly emails: IdentityEmails,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account || account.emailVerifiedAt) return;
    await this.emails.verifyEmail(account, await this.links.issue(account.id, 'verify_email'));
  }
}
