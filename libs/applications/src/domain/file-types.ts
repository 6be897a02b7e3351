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
  // Word, Excel and OpenDocument files are zip archives; which one is told by the files inside.
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeDocument(bytes);
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

/** Programs and scripts: an archive holding one is not a document, whatever else it holds. */
const RUNNABLE = /\.(exe|dll|com|scr|bat|cmd|ps1|vbs|js|jar|msi|sh|app|lnk)$/i;

/**
 * Reads the names of the files in a zip archive (its central directory, at the end) and says
 * which office document it is: Word and Excel files carry [Content_Types].xml and their main
 * part, OpenDocument files a `mimetype` entry stored first. Anything else is refused.
 */
function officeDocument(bytes: Uint8Array): SniffedType | null {
  const names = zipEntryNames(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!names || names.some((n) => RUNNABLE.test(n))) return null;
  const has = (name: string) => names.includes(name);
  if (has('[Content_Types].xml') && has('word/document.xml')) return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
  if (has('[Content_Types].xml') && has('xl/workbook.xml')) return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
  if (names[0] === 'mimetype') {
    const head = Buffer.from(bytes.subarray(30, 30 + 8 + 60)).toString('latin1');
    if (head.startsWith('mimetypeapplication/vnd.oasis.opendocument.text')) return { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' };
    if (head.startsWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' };
  }
  return null;
}

/** The entry names of a zip's central directory, in order; null when it has none that can be read. */
export function zipEntryNames(zip: Buffer): string[] | null {
  // The end-of-central-directory record: its signature within the last 64 KB + 22 bytes.
  const from = Math.max(0, zip.length - 65_557);
  let end = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (at + 46 + nameLength > zip.length) return null;
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
