import { Injectable } from '@nestjs/common';
import { AppException, ErrorKind } from '@commonpurse/kernel';
import type { Category } from '../../domain/notification-event';
import { PreferenceRepository } from '../../persistence/preference.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

/** Turns one category off for the person the link was made for. Doing it twice is harmless. */
@Injectable()
export class UnsubscribeUseCase {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly preferences: PreferenceRepository,
  ) {}

  async execute(command: { token: string }): Promise<{ category: Category }> {
    const target = this.links.read(command.token);
    if (!target) throw new AppException('NOTIFICATIONS_UNSUBSCRIBE_INVALID', ErrorKind.NotFound, 'notifications.unsubscribe.invalidTitle');
    await this.preferences.set(target.accountId, target.category, false);
    return { category: target.category };
  }
}
