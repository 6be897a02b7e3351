import { AppException, ErrorKind } from '@commonpurse/kernel';

export enum LedgerRefusal {
  Invalid = 'LEDGER_INVALID',
  NotFound = 'LEDGER_NOT_FOUND',
  /** Not enough money where it would come from: the books would go below zero. */
  InsufficientFunds = 'LEDGER_INSUFFICIENT_FUNDS',
  /** Already done: a reversal reversed again, an idempotency key reused for a different posting. */
  Conflict = 'LEDGER_CONFLICT',
}

const KIND: Record<LedgerRefusal, ErrorKind> = {
  [LedgerRefusal.Invalid]: ErrorKind.BadRequest,
  [LedgerRefusal.NotFound]: ErrorKind.NotFound,
  [LedgerRefusal.InsufficientFunds]: ErrorKind.Conflict,
  [LedgerRefusal.Conflict]: ErrorKind.Conflict,
};

/** A posting the books refuse, naming the field at fault; `params` fill in the message (amounts in pence). */
export class LedgerException extends AppException {
  constructor(code: LedgerRefusal, field: string, problem: string, params?: Record<string, string | number>) {
    super(code, KIND[code], problem, [{ field, problem, params }]);
  }
}
