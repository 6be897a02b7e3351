import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum DeliberationErrorCode {
  Invalid = 'DELIBERATION_INVALID',
  NotFound = 'DELIBERATION_NOT_FOUND',
  /** Not on this panel, or conflicted on this application. */
  Forbidden = 'DELIBERATION_FORBIDDEN',
  /** Someone else got there first: the panel is already drawn, or a page is out of date. */
  Conflict = 'DELIBERATION_CONFLICT',
  /** Not now: the round's phase, or scoring has closed. */
  Closed = 'DELIBERATION_CLOSED',
}

const KIND: Record<DeliberationErrorCode, ErrorKind> = {
  [DeliberationErrorCode.Invalid]: ErrorKind.BadRequest,
  [DeliberationErrorCode.NotFound]: ErrorKind.NotFound,
  [DeliberationErrorCode.Forbidden]: ErrorKind.Forbidden,
  [DeliberationErrorCode.Conflict]: ErrorKind.Conflict,
  [DeliberationErrorCode.Closed]: ErrorKind.Conflict,
};

export class DeliberationException extends AppException {
  constructor(code: DeliberationErrorCode, message: string, details: FieldProblem[] = []) {
    super(code, KIND[code], message, details);
  }
}

/** A refusal about one field: the message is the field's problem. */
export function refuse(code: DeliberationErrorCode, field: string, problem: string): DeliberationException {
  return new DeliberationException(code, problem, [{ field, problem }]);
}
