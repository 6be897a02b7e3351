import { Injectable } from '@nestjs/common';
import { AppConfig, Mailer, Translator, ViewRenderer, type Language } from '@commonpurse/kernel';

interface Recipient {
  email: string;
  displayName: string;
  language: Language;
}

/**
 * The emails identity sends, in the recipient's language, with an HTML and a plain-text part.
 * They are sent after the use case's transaction commits; the notifications outbox will take
 * this over so a failed send is retried rather than logged.
 */
@Injectable()
export class IdentityEmails {
  constructor(
    private readonly mailer: Mailer,
    private readonly views: ViewRenderer,
    private readonly config: AppConfig,
  ) {}

  verifyEmail(to: Recipient, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    return this.send(to, 'verify', 'identity/emails/verify-email', { link }, [
      ['identity.emails.greeting', { name: to.displayName }],
      ['identity.emails.verify.body'],
      [link],
      ['identity.emails.verify.expiry'],
      ['identity.emails.ignore'],
    ]);
  }

  alreadyRegistered(to: Recipient): Promise<void> {
    const signInLink = `${this.config.publicUrl}/sign-in`;
    const resetLink = `${this.config.publicUrl}/forgotten-password`;
    return this.send(to, 'already', 'identity/emails/already-registered', { signInLink, resetLink }, [
      ['identity.emails.already.body'],
      [signInLink],
      ['identity.emails.already.forgot'],
      [resetLink],
      ['identity.emails.ignore'],
    ]);
  }

  resetPassword(to: Recipient, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    return this.send(to, 'reset', 'identity/emails/reset-password', { link }, [
      ['identity.emails.greeting', { name: to.displayName }],
      ['identity.emails.reset.body'],
      [link],
      ['identity.emails.reset.expiry'],
      ['identity.emails.ignore'],
    ]);
  }

  /** `lines` is the plain-text part: translation keys (with params) or literal links. */
  private async send(
    to: Recipient,
    kind: string,
    template: string,
    context: Record<string, unknown>,
    lines: Array<[string, Record<string, string>?]>,
  ): Promise<void> {
    const translator = Translator.instance();
    const t = translator.forLanguage(to.language);
    const subject = t(`identity.emails.${kind}.subject`);
    const html = this.views.render(template, { ...context, t, lang: to.language, subject, name: to.displayName });
    const text = lines.map(([key, params]) => (translator.has(key) ? t(key, params) : key)).join('\n\n');
    await this.mailer.send({ to: to.email, subject, html, text });
  }
}
