import { Injectable } from '@nestjs/common';
import { AppConfig, SealedBox } from '@commonpurse/kernel';
import { OPTIONAL_CATEGORIES, type Category } from '../../domain/notification-event';

/**
 * One-click unsubscribe links (RFC 8058): the link itself proves who it is for, because mail
 * clients post to it with no session and no form token.
 */
@Injectable()
export class UnsubscribeLinks {
  private readonly box: SealedBox;

  constructor(private readonly config: AppConfig) {
    this.box = new SealedBox(config.sessionSecret, 'unsubscribe');
  }

  url(accountId: string, category: Category): string {
    const subject = `${accountId}.${category}`;
    return `${this.config.publicUrl}/unsubscribe/${subject}.${this.box.sign(subject)}`;
  }

  /** The account and category a token is for, or undefined for a forged or mangled one. */
  read(token: string): { accountId: string; category: Category } | undefined {
    const [accountId, category, signature] = token.split('.');
    if (!accountId || !category || !signature) return undefined;
    if (!OPTIONAL_CATEGORIES.includes(category as Category)) return undefined;
    if (!this.box.verify(`${accountId}.${category}`, signature)) return undefined;
    return { accountId, category: category as Category };
  }
}
