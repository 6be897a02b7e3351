import { Injectable } from '@nestjs/common';
import { OPTIONAL_CATEGORIES, type Category } from '../../domain/notification-event';
import { PreferenceRepository } from '../../persistence/preference.repository';

/** Turns optional categories on or off; account and decision emails cannot be turned off. */
@Injectable()
export class SetPreferencesUseCase {
  constructor(private readonly preferences: PreferenceRepository) {}

  async execute(command: { accountId: string; enabled: Category[] }): Promise<void> {
    for (const category of OPTIONAL_CATEGORIES) {
      await this.preferences.set(command.accountId, category, command.enabled.includes(category));
    }
  }
}
