import { Injectable } from '@nestjs/common';
import { normalisePostcode, type Language } from '@commonpurse/kernel';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { AccountRepository } from '../../persistence/account.repository';

export interface UpdatePreferencesCommand {
  accountId: string;
  displayName: string;
  language: Language;
  /** Empty or null clears it; left out (undefined) keeps it. */
  postcode?: string | null;
}

/** Changes the name we address someone by, the language of their pages and emails, and where they live. */
@Injectable()
export class UpdatePreferencesUseCase {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(command: UpdatePreferencesCommand): Promise<void> {
    let postcode: string | null | undefined;
    if (command.postcode !== undefined) {
      postcode = command.postcode?.trim() ? normalisePostcode(command.postcode) : null;
      if (postcode === undefined) throw new IdentityException(IdentityErrorCode.Invalid, 'identity.preferences.postcodeInvalid', [{ field: 'postcode', problem: 'identity.preferences.postcodeInvalid' }]);
    }
    await this.accounts.update(command.accountId, { displayName: command.displayName.trim(), language: command.language, ...(postcode !== undefined ? { postcode } : {}) });
  }
}
