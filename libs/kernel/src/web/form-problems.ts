import { AppException, type FieldProblem } from '../errors/app-exception';
import type { TranslateFn } from '../i18n/translator';

/**
 * Runs a use case from a form handler. A client mistake (a 4xx AppException) comes back as
 * field problems for the page to show, with the status it maps to; anything else is a real
 * failure and is rethrown.
 */
export async function attempt<T>(action: () => Promise<T>, defaultField: string): Promise<{ ok: true; value: T } | { ok: false; problems: FieldProblem[]; status: number }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppException && error.kind < 500) {
      const problems = error.details.length > 0 ? error.details : [{ field: defaultField, problem: error.message }];
      return { ok: false, problems, status: error.kind };
    }
    throw error;
  }
}

/** As attempt, once the form's own checks have passed: with problems already found, nothing runs and they come back as a 400. */
export async function attemptIfValid<T>(problems: FieldProblem[], action: () => Promise<T>, defaultField: string): ReturnType<typeof attempt<T>> {
  if (problems.length > 0) return { ok: false, problems, status: 400 };
  return attempt(action, defaultField);
}

/** The GOV.UK error summary list and the per-field messages, translated. The first problem of a field wins. */
export function formErrorContext(problems: FieldProblem[], t: TranslateFn): { errorList: Array<{ text: string; href: string }>; errors: Record<string, { text: string }> } {
  const errors: Record<string, { text: string }> = {};
  for (const { field, problem, params } of problems) errors[field] ??= { text: t(problem, params) };
  return {
    errorList: Object.entries(errors).map(([field, message]) => ({ text: message.text, href: `#${field}` })),
    errors,
  };
}
