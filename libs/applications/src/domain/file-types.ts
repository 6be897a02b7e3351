/**
 * What an uploaded file really is, from its first bytes: the name and the type the browser
 * claims are not trusted (an .exe renamed .pdf is still an .exe). Only documents and images a
 * panel can open safely are accepted.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface SniffedType {
  mime: string;
  extension: string;
}

const starts = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);

export function sniff(bytes: Uint8Array, name: string): SniffedType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', extension: 'pdf' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', extension: 'png' };
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', extension: 'jpg' };
  // Word, Excel and OpenDocument files are zip archives; which one is told by a file inside.
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
    if (head.includes('word/')) return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
    if (head.includes('xl/')) return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' };
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' };
    return null;
  }
  // Plain text has no signature: accept it only under a .txt or .csv name and with no control bytes.
  if (/\.(txt|csv)$/i.test(name) && bytes.length > 0 && !bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f)) {
    return name.toLowerCase().endsWith('.csv') ? { mime: 'text/csv', extension: 'csv' } : { mime: 'text/plain', extension: 'txt' };
  }
  return null;
}

/** A file name safe to show and to offer in a download: no path, no control characters, not too long. */
export function safeFileName(name: string, extension: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\.[^.]*$/, '').trim().slice(0, 100) || 'file';
  return `${base}.${extension}`;
}
