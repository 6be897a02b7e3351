import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum FundsErrorCode {
  Invalid = 'FUNDS_INVALID',
  NotFound = 'FUNDS_NOT_FOUND',
}

export class FundsException extends AppException {
  constructor(code: FundsErrorCode, message: string, details: FieldProblem[] = []) {
    super(code, code === FundsErrorCode.NotFound ? ErrorKind.NotFound : ErrorKind.BadRequest, message, details);
  }
}
