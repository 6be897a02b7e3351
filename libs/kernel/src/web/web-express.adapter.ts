import { ExpressAdapter } from '@nestjs/platform-express';

/**
 * Nest replies after every handler; a page or redirect has already been sent by the
 * WebResponseInterceptor, so the adapter does nothing for a response that is on its way.
 */
export class WebExpressAdapter extends ExpressAdapter {
  override reply(response: any, body: any, statusCode?: number): any {
    if (response.headersSent) return undefined;
    return super.reply(response, body, statusCode);
  }

  /** Errors from Express middleware (body parsers, CSRF) reach the exception filter as they are, with their status and type. */
  override mapException(error: unknown): unknown {
    return error;
  }
}
