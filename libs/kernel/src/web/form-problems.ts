import { AppException, type FieldProblem } from '../errors/app-exception';
import type { TranslateFn } from '../i18n/translator';

/**
 * Runs a use case from a form handler. A client mistake (a 4xx AppException) comes back as
 * field problems for the page to show; anything else is a real failure and is rethrown.
 */
export async function attempt<T>(action: () => Promise<T>, defaultField: string): Promise<{ ok: true; value: T } | { ok: false; problems: FieldProblem[] }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppException && error.kind < 500) {
      const problems = error.details.length > 0 ? error.details : [{ field: defaultField, problem: error.message }];
      return { ok: false, problems };
    }
    throw error;
  }
}

/** The GOV.UK error summary list and the per-field messages, translated. The first problem of a field wins. */
export function formErrorContext(problems: FieldProblem[], t: TranslateFn): { errorList: Array<{ text: string; href: string }>; errors: Record<string, { text: string }> } {
  const errors: Record<string, { text: string }> = {};
  for (const { field, problem } of problems) errors[field] ??= { text: t(problem) };
  return {
    errorList: Object.entries(errors).map(([field, message]) => ({ text: message.text, href: `#${field}` })),
    errors,
  };
}
