export { AuditModule } from './audit.module';
export { AuditTrail, type AuditEntry } from './audit-trail';
