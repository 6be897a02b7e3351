import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';

/** The audit log. Modules write to it through AuditTrail; the audit issue adds its pages and exports. */
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
