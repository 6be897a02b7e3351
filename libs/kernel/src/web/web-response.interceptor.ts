import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { Page, Redirect } from './page';
import { ViewRenderer } from './view-renderer';

/**
 * Turns a handler's Page or Redirect into the response, with the status the handler chose
 * (a form re-rendered with errors is a 400, whatever the verb). Anything else passes through
 * to Nest as usual (JSON). See WebExpressAdapter for why Nest then leaves the response alone.
 */
@Injectable()
export class WebResponseInterceptor implements NestInterceptor {
  constructor(private readonly views: ViewRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result) => {
        if (result instanceof Page) {
          this.views.send(res, result.template, result.context, result.status);
          return undefined;
        }
        if (result instanceof Redirect) {
          res.redirect(result.status, result.location);
          return undefined;
        }
        return result;
      }),
    );
  }
}
