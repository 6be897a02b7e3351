import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseEmail } from '../../domain/email-address';
import { AccountRepository } from '../../persistence/account.repository';
import { AccountMessages } from '../account-messages';

/** Sends a fresh verification link (older ones stop working). Says nothing about whether the account exists. */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly messages: AccountMessages,
  ) {}

  async execute(command: { email: string }): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(command.email));
    if (!account || account.emailVerifiedAt) return;
    await this.dataSource.transaction((manager) => this.messages.sendLink(manager, account, 'verify_email'));
  }
}
