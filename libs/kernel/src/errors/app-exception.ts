/** One problem with one input field, as the API and the form pages report it. */
export interface FieldProblem {
  field: string;
  problem: string;
  /** Values for the problem's message, when it names them (e.g. which quota cannot be met). */
  params?: Record<string, string | number>;
}

/** The HTTP status each kind of failure maps to; the one filter reads it. */
export enum ErrorKind {
  BadRequest = 400,
  Unauthenticated = 401,
  Forbidden = 403,
  NotFound = 404,
  Conflict = 409,
  Gone = 410,
  PayloadTooLarge = 413,
  Unprocessable = 422,
  TooManyRequests = 429,
}

/**
 * Base of every module's exception: a stable code (the module's enum), the kind that
 * decides the status, a message safe to show, and the fields at fault.
 */
export class AppException extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends AppException {
  constructor(details: FieldProblem[], message = 'The request has invalid fields') {
    super('VALIDATION_FAILED', ErrorKind.BadRequest, message, details);
  }
}
