import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Page, PublicRoute, attempt } from '@commonpurse/kernel';
import { UnsubscribeLinks } from '../usecases/unsubscribe/unsubscribe-links';
import { UnsubscribeUseCase } from '../usecases/unsubscribe/unsubscribe.usecase';

/**
 * The link in every optional email. Opening it asks for confirmation (link scanners open links);
 * a POST unsubscribes, whether from that page or from a mail client's one-click button
 * (RFC 8058), which sends no session and no form token: the signed link is the credential.
 */
@ApiExcludeController()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly unsubscribe: UnsubscribeUseCase,
  ) {}

  @Get(':token')
  @PublicRoute()
  confirm(@Param('token') token: string): Page {
    const target = this.links.read(token);
    if (!target) return new Page('notifications/unsubscribe-invalid', {}, 404);
    return new Page('notifications/unsubscribe', { token, category: target.category });
  }

  @Post(':token')
  @PublicRoute()
  async submit(@Param('token') token: string, @Body() _body: unknown): Promise<Page> {
    const result = await attempt(() => this.unsubscribe.execute({ token }), 'token');
    if (!result.ok) return new Page('notifications/unsubscribe-invalid', {}, 404);
    return new Page('notifications/unsubscribed', { category: result.value.category });
  }
}
