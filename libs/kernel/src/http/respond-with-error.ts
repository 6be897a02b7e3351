import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException, type FieldProblem } from '../errors/app-exception';
import type { ErrorBody } from '../errors/error-body';
import { Translator } from '../i18n/translator';
import type { ViewRenderer } from '../web/view-renderer';

const logger = new Logger('Errors');

interface Classified {
  status: number;
  code: string;
  message: string;
  details: FieldProblem[];
}

/** What went wrong, as a status and a message safe to show. Unknown errors say nothing about themselves. */
export function classifyError(error: unknown): Classified {
  if (error instanceof AppException) {
    return { status: error.kind, code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    return { status, code: HttpStatus[status] ?? 'HTTP_ERROR', message: Array.isArray(message) ? message.join('; ') : String(message), details: [] };
  }
  // Errors from Express' body parsers carry a status and a type.
  const parser = error as { status?: number; type?: string; message?: string };
  if (parser && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && typeof parser.type === 'string') {
    if (parser.type === 'entity.parse.failed') {
      return { status: 400, code: 'MALFORMED_BODY', message: 'The request body is not valid JSON', details: [{ field: 'body', problem: 'is not valid JSON' }] };
    }
    if (parser.type === 'entity.too.large') {
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large', details: [{ field: 'body', problem: 'is larger than the limit' }] };
    }
    return { status: parser.status, code: 'BAD_BODY', message: 'The request body could not be read', details: [{ field: 'body', problem: parser.type }] };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side', details: [] };
}

export function isApiRequest(req: Request): boolean {
  // Express routes ignore case, so this must too: /API/v1/… is the API as well.
  const path = req.path.toLowerCase();
  return path.startsWith('/api/') || path === '/api';
}

/**
 * The one place errors become responses: the JSON error body for the API, an error page for
 * the web (or a trip to sign in). Used by the Nest exception filter and by the Express error
 * middleware that catches body-parser failures before Nest sees the request.
 */
export function respondWithError(error: unknown, req: Request, res: Response, views: ViewRenderer): void {
  const problem = classifyError(error);
  const correlationId = String(req.id ?? '');
  if (problem.status >= 500) {
    logger.error({ err: error, correlationId, path: req.path }, 'unhandled error');
  }
  if (res.headersSent) return;

  const translator = Translator.instance();
  const english = (text: string, params?: Record<string, string | number>) => (translator.has(text) ? translator.translate('en', text, params) : text);

  if (isApiRequest(req)) {
    const body: ErrorBody = {
      statusCode: problem.status,
      error: HttpStatus[problem.status]?.replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error',
      // The message is often one of the problems: worded with that problem's figures and names.
      message: english(problem.message, problem.details.find((d) => d.problem === problem.message)?.params),
      details: problem.details.map((d) => ({ field: d.field, problem: english(d.problem, d.params) })),
      correlationId,
    };
    res.status(problem.status).json(body);
    return;
  }

  if (problem.status === 401) {
    res.redirect(303, `/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  // A refusal the code explains (not now, not yours, someone else got there first) says why, in the page's language.
  const reason = error instanceof AppException && problem.status < 500 && translator.has(error.message) ? error.message : undefined;
  const template = [400, 403, 404, 429].includes(problem.status) ? `errors/${problem.status}` : problem.status < 500 && reason ? 'errors/refused' : 'errors/500';
  try {
    views.send(res, template, { correlationId, code: problem.code, reason }, problem.status >= 500 ? 500 : problem.status);
  } catch (renderError) {
    logger.error({ err: renderError, correlationId }, 'error page failed to render');
    res.status(problem.status).type('text').send(`Error ${problem.status}. Reference: ${correlationId}`);
  }
}
