import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum FundsErrorCode {
  Invalid = 'FUNDS_INVALID',
  NotFound = 'FUNDS_NOT_FOUND',
  /** The round is not in the phase that allows this (the phase gate). */
  PhaseClosed = 'FUNDS_PHASE_CLOSED',
  /** A rule that may no longer change, because the phase that uses it has started. */
  RuleFrozen = 'FUNDS_RULE_FROZEN',
  /** The person may not take part here: not verified, or not living in the fund's area. */
  NotEligible = 'FUNDS_NOT_ELIGIBLE',
  /** Every endorsement dot is already placed. */
  AllowanceSpent = 'FUNDS_ALLOWANCE_SPENT',
}

const KIND: Record<FundsErrorCode, ErrorKind> = {
  [FundsErrorCode.Invalid]: ErrorKind.BadRequest,
  [FundsErrorCode.NotFound]: ErrorKind.NotFound,
  [FundsErrorCode.PhaseClosed]: ErrorKind.Conflict,
  [FundsErrorCode.RuleFrozen]: ErrorKind.Conflict,
  [FundsErrorCode.NotEligible]: ErrorKind.Forbidden,
  [FundsErrorCode.AllowanceSpent]: ErrorKind.Conflict,
};

export class FundsException extends AppException {
  constructor(code: FundsErrorCode, message: string, details: FieldProblem[] = []) {
    super(code, KIND[code], message, details);
  }
}
