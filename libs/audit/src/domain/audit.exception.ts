import { AppException, ErrorKind } from '@commonpurse/kernel';

export enum AuditErrorCode {
  Invalid = 'AUDIT_INVALID',
}

/** A question about the audit log that cannot be asked as put (an unreal day, a period ending before it starts). */
export class AuditException extends AppException {
  constructor(code: AuditErrorCode, field: string, problem: string) {
    super(code, ErrorKind.BadRequest, problem, [{ field, problem }]);
  }
}
