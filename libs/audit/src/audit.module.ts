import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { AuditLogRepository } from './persistence/audit-log.repository';
import { AuditQueries } from './usecases/audit-queries';

/** The audit log: modules write to it through AuditTrail; auditors read, verify and export it through AuditQueries. */
@Module({ providers: [AuditTrail, AuditLogRepository, AuditQueries], exports: [AuditTrail, AuditQueries] })
export class AuditModule {}
