import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Transform, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ValidationFailed, type FieldProblem } from '../errors/app-exception';

/** Flattens class-validator's tree into `{field, problem}` pairs with dotted paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** The global pipe: every DTO-typed body, query and param is checked; unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
  });
}

/**
 * Form pages validate by hand so they can re-render with the error summary instead of
 * answering JSON. Returns the typed form, or the problems keyed by field in form order.
 * Form posts carry extra fields (the CSRF token, buttons), so unknown fields are dropped, not refused.
 */
export function validateForm<T extends object>(
  type: new () => T,
  body: unknown,
): { form: T; problems: FieldProblem[] } {
  const plain = typeof body === 'object' && body !== null ? body : {};
  const form = plainToInstance(type, plain, { excludeExtraneousValues: false });
  const errors = validateSync(form, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  return { form, problems: toFieldProblems(errors) };
}

/** Form text arrives with stray spaces; fields marked @Trim() are trimmed before they are checked. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
