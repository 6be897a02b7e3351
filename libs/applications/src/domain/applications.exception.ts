import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum ApplicationsErrorCode {
  Invalid = 'APPLICATIONS_INVALID',
  NotFound = 'APPLICATIONS_NOT_FOUND',
  /** Not one of the people who may see or change this application. */
  Forbidden = 'APPLICATIONS_FORBIDDEN',
  /** Someone else saved the same section (or profile) since this person opened it. */
  Conflict = 'APPLICATIONS_CONFLICT',
  /** The application cannot be changed now: submitted and closed, withdrawn, decided. */
  Closed = 'APPLICATIONS_CLOSED',
  TooLarge = 'APPLICATIONS_TOO_LARGE',
}

const KIND: Record<ApplicationsErrorCode, ErrorKind> = {
  [ApplicationsErrorCode.Invalid]: ErrorKind.BadRequest,
  [ApplicationsErrorCode.NotFound]: ErrorKind.NotFound,
  [ApplicationsErrorCode.Forbidden]: ErrorKind.Forbidden,
  [ApplicationsErrorCode.Conflict]: ErrorKind.Conflict,
  [ApplicationsErrorCode.Closed]: ErrorKind.Conflict,
  [ApplicationsErrorCode.TooLarge]: ErrorKind.PayloadTooLarge,
};

export class ApplicationsException extends AppException {
  constructor(code: ApplicationsErrorCode, message: string, details: FieldProblem[] = []) {
    super(code, KIND[code], message, details);
  }
}

/** A refusal about one field: the message is the field's problem. */
export function invalid(field: string, problem: string, code = ApplicationsErrorCode.Invalid): ApplicationsException {
  return new ApplicationsException(code, problem, [{ field, problem }]);
}
