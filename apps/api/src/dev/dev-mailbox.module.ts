import { Controller, Get, Module, NotFoundException, Param, ParseIntPipe, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DevMailReceiver, Page, PublicRoute } from '@commonpurse/kernel';

/**
 * What the development SMTP receiver caught, so someone trying Commonpurse can open the
 * verification link. Only mounted by `npm start` when no SMTP_URL is set; never in production.
 */
@ApiExcludeController()
@Controller('dev/mailbox')
class DevMailboxController {
  constructor(private readonly receiver: DevMailReceiver) {}

  @Get()
  @PublicRoute()
  list(): Page {
    return new Page('dev/mailbox', { messages: this.receiver.all() });
  }

  @Get(':id')
  @PublicRoute()
  show(@Param('id', ParseIntPipe) id: number): Page {
    const message = this.receiver.get(id);
    if (!message) throw new NotFoundException();
    return new Page('dev/mail', { message });
  }
}

@Module({})
export class DevMailboxModule {
  static register(receiver: DevMailReceiver): DynamicModule {
    return { module: DevMailboxModule, controllers: [DevMailboxController], providers: [{ provide: DevMailReceiver, useValue: receiver }] };
  }
}
