import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Page, Permission, Redirect, RequirePermission } from '@commonpurse/kernel';
import { DeliveryRepository } from '../persistence/delivery.repository';
import { RetryFailedUseCase } from '../usecases/retry-failed/retry-failed.usecase';

/** Messages that could not be delivered, for an admin to look into and send again. */
@ApiExcludeController()
@Controller('admin/notifications/failures')
export class FailuresController {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly retryFailed: RetryFailedUseCase,
  ) {}

  @Get()
  @RequirePermission(Permission.AdminSystem)
  async list(@Query('retried') retried?: string): Promise<Page> {
    return new Page('notifications/failures', { failures: await this.deliveries.listFailed(), retried: retried ? Number(retried) : undefined });
  }

  @Post('retry-all')
  @RequirePermission(Permission.AdminSystem)
  async retryAll(): Promise<Redirect> {
    const count = await this.retryFailed.execute({ outboxIds: 'all' });
    return new Redirect(`/admin/notifications/failures?retried=${count}`);
  }

  @Post(':id/retry')
  @RequirePermission(Permission.AdminSystem)
  async retryOne(@Param('id', new ParseUUIDPipe()) id: string): Promise<Redirect> {
    const count = await this.retryFailed.execute({ outboxIds: [id] });
    return new Redirect(`/admin/notifications/failures?retried=${count}`);
  }
}
