import type { Response } from 'express';
import type { FileRow } from '../persistence/application.repository';

/**
 * A stored file, as a download: its sniffed type, never shown inline (so a document cannot run
 * as a page of this site), with a name safe in any browser (RFC 6266 / 5987), and never cached.
 */
export function sendFile(res: Response, { file, bytes }: { file: FileRow; bytes: Buffer }): void {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.status(200).send(bytes);
}
