import { Injectable } from '@nestjs/common';
import { compile } from 'html-to-text';
import { AppConfig, Translator, ViewRenderer, type MailMessage } from '@commonpurse/kernel';
import { isOptional, type Category } from '../../domain/notification-event';
import type { OutboxEntity } from '../../persistence/outbox.entity';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';

/** Compiled once: html-to-text's options cost more to prepare than a message costs to convert. */
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
  ],
});

export type RenderableRow = Pick<OutboxEntity, 'eventType' | 'category' | 'language' | 'payload' | 'recipientAccountId' | 'recipientAddress'>;

/**
 * Turns an outbox row into an email: the event's template (src/http/views/emails/<event>.njk)
 * in the recipient's language, a plain-text part made from it, and for optional categories an
 * unsubscribe link in the footer and in the List-Unsubscribe headers.
 */
@Injectable()
export class NotificationRenderer {
  constructor(
    private readonly views: ViewRenderer,
    private readonly config: AppConfig,
    private readonly unsubscribe: UnsubscribeLinks,
  ) {}

  render(row: RenderableRow, secrets: Record<string, string>): MailMessage {
    return this.renderWith(row, secrets, this.unsubscribeUrl(row));
  }

  /** The one-click unsubscribe link of an optional category's email, or null. */
  unsubscribeUrl(row: Pick<RenderableRow, 'category' | 'recipientAccountId'>): string | null {
    return isOptional(row.category as Category) && row.recipientAccountId ? this.unsubscribe.url(row.recipientAccountId, row.category as Category) : null;
  }

  /** The email with the given unsubscribe link (BroadcastRenderer renders with a stand-in). */
  renderWith(row: RenderableRow, secrets: Record<string, string>, unsubscribeUrl: string | null): MailMessage {
    const t = Translator.instance().forLanguage(row.language);
    const subject = t(`notifications.events.${row.eventType}.subject`, stringParams(row.payload));
    const html = this.views.render(`notifications/emails/${row.eventType}`, {
      t,
      lang: row.language,
      subject,
      publicUrl: this.config.publicUrl,
      payload: row.payload,
      secrets,
      unsubscribeUrl,
    });
    const headers: Record<string, string> = {};
    if (unsubscribeUrl) {
      headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    const text = toText(html);
    return { to: row.recipientAddress, subject, html, text, headers };
  }
}

function stringParams(payload: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
}
