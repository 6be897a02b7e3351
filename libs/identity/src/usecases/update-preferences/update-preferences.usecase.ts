import { Injectable } from '@nestjs/common';
import type { Language } from '@commonpurse/kernel';
import { AccountRepository } from '../../persistence/account.repository';

export interface UpdatePreferencesCommand {
  accountId: string;
  displayName: string;
  language: Language;
}

/** Changes the name we address someone by and the language of their pages and emails. */
@Injectable()
export class UpdatePreferencesUseCase {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(command: UpdatePreferencesCommand): Promise<void> {
    await this.accounts.update(command.accountId, { displayName: command.displayName.trim(), language: command.language });
  }
}
