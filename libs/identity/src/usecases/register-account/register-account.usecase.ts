import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '@commonpurse/kernel';
import { normaliseEmail } from '../../domain/email-address';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { passwordProblem } from '../../domain/password-policy';
import { Role } from '../../domain/roles';
import { AccountRepository } from '../../persistence/account.repository';
import { AccountMessages } from '../account-messages';
import { PasswordHasher } from '../password-hasher';

export interface RegisterAccountCommand {
  email: string;
  displayName: string;
  password: string;
  language: Language;
}

/**
 * Creates an account (a resident) and emails a verification link. If the email is taken,
 * the owner gets an email saying so instead, and the caller sees the same outcome either
 * way, so the form cannot be used to find out who has an account.
 */
@Injectable()
export class RegisterAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly messages: AccountMessages,
  ) {}

  async execute(command: RegisterAccountCommand): Promise<void> {
    const email = normaliseEmail(command.email);
    const problem = passwordProblem(command.password, email);
    if (problem) throw new IdentityException(IdentityErrorCode.WeakPassword, problem, [{ field: 'password', problem }]);
    const passwordHash = await this.hasher.hash(command.password);
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.insertIfEmailFree({ email, displayName: command.displayName.trim(), passwordHash, language: command.language }, manager);
      if (account) {
        await this.accounts.grant(account.id, { role: Role.Resident, scopeType: 'global', scopeId: null }, null, manager);
        await this.messages.sendLink(manager, account, 'verify_email');
        return;
      }
      const existing = await this.accounts.findByEmail(email, manager);
      if (existing) await this.messages.alreadyRegistered(manager, existing);
    });
  }
}

