import { Injectable } from '@nestjs/common';
import { normaliseEmail } from '../../domain/email-address';
import { AccountRepository } from '../../persistence/account.repository';
import { EmailLinks } from '../email-links';
import { IdentityEmails } from '../identity-emails';

/** Emails a one-hour reset link if the account exists; the caller's answer is the same either way. */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly links: EmailLinks,
    private readonly emails: IdentityEmails,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account) return;
    await this.emails.resetPassword(account, await this.links.issue(account.id, 'reset_password'));
  }
}
