import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseEmail } from '../../domain/email-address';
import { AccountRepository } from '../../persistence/account.repository';
import { AccountMessages } from '../account-messages';

/** Emails a one-hour reset link if the account exists; the caller's answer is the same either way. */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly messages: AccountMessages,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account) return;
    await this.dataSource.transaction((manager) => this.messages.sendLink(manager, account, 'reset_password'));
  }
}
