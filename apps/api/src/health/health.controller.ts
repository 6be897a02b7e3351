import { Controller, Get, HttpCode, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig, PublicRoute, pingRedis } from '@commonpurse/kernel';
import { OutboxStatus } from '@commonpurse/notifications';

type Check = { status: 'up' | 'down'; latencyMs: number };
const logger = new Logger('Health');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: OutboxStatus,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @PublicRoute()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: Postgres must answer (503 otherwise). Redis only carries queues, whose work
   * waits in Postgres meanwhile, so Redis being down is reported but still ready, with the
   * outbox backlog: notifications recorded but not yet queued.
   */
  @Get('ready')
  @PublicRoute()
  @ApiOkResponse({ description: 'Postgres answers; Redis status reported' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; checks: Record<string, Check>; outbox?: { pending: number; oldestSeconds: number | null } }> {
    const postgres = await timed(async () => {
      await this.dataSource.query('SELECT 1');
    });
    const redis = await timed(async () => {
      if (!(await pingRedis(this.config.redisUrl))) throw new Error('no answer');
    });
    const status = postgres.status === 'down' ? 'down' : redis.status === 'down' ? 'degraded' : 'ok';
    res.status(postgres.status === 'down' ? 503 : 200);
    const outbox = postgres.status === 'up' ? await this.outbox.backlog() : undefined;
    return { status, checks: { postgres, redis }, outbox };
  }
}

async function timed(check: () => Promise<void>): Promise<Check> {
  const started = performance.now();
  try {
    await check();
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The reason goes to the log, not to the public: it can name internal hosts and ports.
    logger.warn({ err: error }, 'readiness check failed');
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  }
}
