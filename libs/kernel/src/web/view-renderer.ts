import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type nunjucks from 'nunjucks';
import type { FieldProblem } from '../errors/app-exception';
import type { TranslateFn } from '../i18n/translator';
import { formErrorContext } from './form-problems';
import { createViewEnvironment } from './view-environment';

/**
 * Renders templates to strings; request-wide values (language, CSRF token, principal) come
 * from res.locals. A page given `problems` gets the error summary and per-field errors.
 */
@Injectable()
export class ViewRenderer {
  readonly env: nunjucks.Environment = createViewEnvironment();

  render(template: string, context: Record<string, unknown>): string {
    return this.env.render(template.endsWith('.njk') ? template : `${template}.njk`, context);
  }

  send(res: Response, template: string, context: Record<string, unknown> = {}, status = 200): void {
    const problems = context.problems as FieldProblem[] | undefined;
    const errorContext = problems?.length ? formErrorContext(problems, res.locals.t as TranslateFn) : {};
    const html = this.render(template, { ...res.locals, ...context, ...errorContext });
    res.status(status).type('html').send(html);
  }
}
