import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ViewRenderer } from '../web/view-renderer';
import { respondWithError } from './respond-with-error';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly views: ViewRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    respondWithError(exception, http.getRequest<Request>(), http.getResponse<Response>(), this.views);
  }
}
