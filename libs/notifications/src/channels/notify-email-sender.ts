import { createHmac } from 'node:crypto';
import type { MailMessage } from '@commonpurse/kernel';
import { PermanentDeliveryFailure } from '../domain/delivery-failure';
import { EmailSender } from './email-sender';

export const NOTIFY_URL = 'https://api.notifications.service.gov.uk/v2/notifications/email';

type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * GOV.UK Notify, for councils that send through it: one Notify template whose subject is
 * ((subject)) and body ((body)) carries every message; we fill them with our own rendering
 * (the plain-text part, which Notify formats in its own style). Authentication is a JWT signed
 * with the key's secret (HS256), as Notify's API documentation describes.
 */
export class NotifyEmailSender extends EmailSender {
  private readonly serviceId: string;
  private readonly secret: string;

  constructor(
    apiKey: string,
    private readonly templateId: string,
    private readonly fetchFn: Fetch = fetch as unknown as Fetch,
    private readonly now: () => number = Date.now,
  ) {
    super();
    // name-{service id}-{secret}: both ids are UUIDs (36 characters).
    this.secret = apiKey.slice(-36);
    this.serviceId = apiKey.slice(-73, -37);
  }

  async send(message: MailMessage & { messageId: string }): Promise<string | null> {
    const response = await this.fetchFn(NOTIFY_URL, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email_address: message.to,
        template_id: this.templateId,
        personalisation: { subject: message.subject, body: message.text },
        reference: message.messageId,
      }),
    });
    const text = await response.text();
    if (response.status === 201) return (JSON.parse(text) as { id?: string }).id ?? null;
    // 400 (a bad address, a bad template) and 403 (a bad key) will not mend by retrying; 429 and 5xx may.
    if (response.status === 400 || response.status === 403) throw new PermanentDeliveryFailure(`Notify refused the message (${response.status}): ${text.slice(0, 300)}`);
    throw new Error(`Notify did not take the message (${response.status}): ${text.slice(0, 300)}`);
  }

  private token(): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode({ iss: this.serviceId, iat: Math.floor(this.now() / 1000) })}`;
    return `${unsigned}.${createHmac('sha256', this.secret).update(unsigned).digest('base64url')}`;
  }
}
