import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config';
import { requestContext, requestIdOf } from './request-context';

/**
 * pino, one JSON line per event, each request tagged with its id (also the errors' correlationId
 * and, through the request context, the audit log's request id).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          {
            level: config.logLevel,
            genReqId: requestIdOf,
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url?.startsWith('/assets/') ?? false },
          },
          pino.destination({ fd: config.logDestination === 'stderr' ? 2 : 1, sync: false }),
        ],
      }),
    }),
  ],
})
export class LoggingModule implements NestModule {
  // Applied like the logger's own middleware, just before the routes, so nothing between it and
  // the handler (sessions, their store's callbacks) can lose the context.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContext).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
