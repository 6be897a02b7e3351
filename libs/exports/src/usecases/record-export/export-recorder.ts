import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ExportRepository, type ExportFormat, type ExportKind } from '../../persistence/export.repository';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  /** What was asked for (fund, period): kept with the export and in the audit log. */
  scope: Record<string, unknown>;
  actorId: string;
  /** The download's file name, without extension. */
  filename: string;
}

/** Where an export's manifest is read: under its fund when it has one (so the fund's auditors may read it). */
export function manifestPath(id: string, scope: Record<string, unknown>): string {
  return typeof scope.fundId === 'string' ? `/api/v1/funds/${scope.fundId}/exports/${id}` : `/api/v1/exports/${id}`;
}

/**
 * Streams an export to the client while hashing and counting it, then records its manifest (rows,
 * bytes, SHA-256) and who exported what and when in the audit log, in one transaction. The response
 * names the export (`X-Export-Id`) and where its manifest will be (`Link: …; rel="describedby"`), since
 * a file's hash is only known once the last byte has been written.
 */
@Injectable()
export class ExportRecorder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exports: ExportRepository,
    private readonly audit: AuditTrail,
  ) {}

  async stream(res: Response, request: ExportRequest, body: Readable, rows: () => Record<string, number>): Promise<void> {
    const id = await this.exports.start({ kind: request.kind, format: request.format, scope: request.scope, requestedBy: request.actorId });
    res.setHeader('Content-Type', CONTENT_TYPE[request.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${request.filename}.${request.format}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Export-Id', id);
    res.setHeader('Link', `<${manifestPath(id, request.scope)}>; rel="describedby"`);
    const hash = createHash('sha256');
    let bytes = 0;
    const record = async () => {
      const manifest = { rows: rows(), bytes, sha256: hash.digest('hex') };
      await this.dataSource.transaction(async (manager) => {
        await this.exports.finish(manager, id, manifest);
        await this.audit.record(manager, { actorId: request.actorId, action: 'exports.export', entityType: 'export', entityId: id, before: null, after: { kind: request.kind, format: request.format, scope: request.scope, ...manifest } });
      });
    };
    // The manifest is written once the last byte has passed but before the response ends, so a
    // client that has the whole file can read its manifest straight away.
    const meter = new Transform({
      transform(chunk: Buffer | string, _encoding, done) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buffer);
        bytes += buffer.length;
        done(null, buffer);
      },
      flush(done) {
        record().then(() => done(), done);
      },
    });
    try {
      await pipeline(body, meter, res);
    } catch (error) {
      await this.exports.fail(id);
      throw error;
    }
  }
}
