import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LANGUAGES, Page, Permission, RequirePermission, isLanguage, type Language, type MailMessage } from '@commonpurse/kernel';
import { EVENT_CATEGORY, NotificationEvent } from '../domain/notification-event';
import { SAMPLE_ACCOUNT_ID, TEMPLATE_SAMPLES } from '../domain/template-samples';
import { NotificationRenderer } from '../usecases/deliver-email/notification-renderer';

/** Every email template, rendered with sample data in English and Welsh, for admins to check. */
@ApiExcludeController()
@Controller('admin/notifications/templates')
export class TemplatesController {
  constructor(private readonly renderer: NotificationRenderer) {}

  @Get()
  @RequirePermission(Permission.AdminSystem)
  list(): Page {
    return new Page('notifications/templates', { events: Object.values(NotificationEvent).map((event) => ({ event, category: EVENT_CATEGORY[event] })), languages: LANGUAGES });
  }

  @Get(':event')
  @RequirePermission(Permission.AdminSystem)
  preview(@Param('event') event: string, @Query('lang') lang?: string): Page {
    const language = isLanguage(lang) ? lang : 'en';
    return new Page('notifications/template', { event, language, message: this.sample(event, language) });
  }

  /** The email's own HTML, as a mail program shows it: its inline styles allowed, no script at all. */
  @Get(':event/html')
  @RequirePermission(Permission.AdminSystem)
  html(@Param('event') event: string, @Query('lang') lang: string | undefined, @Res() res: Response): void {
    const message = this.sample(event, isLanguage(lang) ? lang : 'en');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    res.type('html').send(message.html);
  }

  private sample(event: string, language: Language): MailMessage {
    if (!(Object.values(NotificationEvent) as string[]).includes(event)) throw new NotFoundException();
    const known = event as NotificationEvent;
    const sample = TEMPLATE_SAMPLES[known];
    return this.renderer.render(
      { eventType: known, category: EVENT_CATEGORY[known], language, payload: sample.payload, recipientAccountId: SAMPLE_ACCOUNT_ID, recipientAddress: 'sam.sample@example.org' },
      sample.secrets,
    );
  }
}
