import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum IdentityErrorCode {
  InvalidCredentials = 'IDENTITY_INVALID_CREDENTIALS',
  EmailNotVerified = 'IDENTITY_EMAIL_NOT_VERIFIED',
  TooManyAttempts = 'IDENTITY_TOO_MANY_ATTEMPTS',
  TokenInvalid = 'IDENTITY_TOKEN_INVALID',
  WeakPassword = 'IDENTITY_WEAK_PASSWORD',
  NotFound = 'IDENTITY_NOT_FOUND',
  Unauthenticated = 'IDENTITY_UNAUTHENTICATED',
  Forbidden = 'IDENTITY_FORBIDDEN',
  ScopeNotHeld = 'IDENTITY_SCOPE_NOT_HELD',
  Invalid = 'IDENTITY_INVALID',
}

const KINDS: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.InvalidCredentials]: ErrorKind.Unprocessable,
  [IdentityErrorCode.EmailNotVerified]: ErrorKind.Forbidden,
  [IdentityErrorCode.TooManyAttempts]: ErrorKind.TooManyRequests,
  [IdentityErrorCode.TokenInvalid]: ErrorKind.Gone,
  [IdentityErrorCode.WeakPassword]: ErrorKind.BadRequest,
  [IdentityErrorCode.NotFound]: ErrorKind.NotFound,
  [IdentityErrorCode.Unauthenticated]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.Forbidden]: ErrorKind.Forbidden,
  [IdentityErrorCode.ScopeNotHeld]: ErrorKind.BadRequest,
  [IdentityErrorCode.Invalid]: ErrorKind.BadRequest,
};

export class IdentityException extends AppException {
  constructor(code: IdentityErrorCode, message: string, details: FieldProblem[] = []) {
    super(code, KINDS[code], message, details);
  }
}
