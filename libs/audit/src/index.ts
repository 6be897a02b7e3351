export { AuditModule } from './audit.module';
export { AuditTrail, type AuditEntry } from './audit-trail';
export { AuditQueries, type AuditLogExport, type AuditVerification } from './usecases/audit-queries';
export { auditHash, verifyAuditChain, type AuditChainBreak, type AuditContent, type JsonValue, type StoredAuditRow } from './domain/audit-chain';
export { AuditErrorCode, AuditException } from './domain/audit.exception';
export type { AuditFilter, AuditFilterInput } from './domain/audit-filter';
