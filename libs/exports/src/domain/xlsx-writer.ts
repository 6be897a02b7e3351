/**
 * A streaming XLSX writer: the rows go into the worksheet's XML and through deflate into the zip as
 * they come, with the stream's own backpressure all the way, so memory stays at a few buffers
 * whatever the number of rows or the speed of the reader. (exceljs' streaming writer, tried first,
 * reached 841 MB for a million rows and wrote 24,000 rows a second: its zip library does not wait
 * for the reader.) Only what a table needs: inline strings, numbers, dates, one frozen header row.
 */
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** text: shown as it is, never a formula; number, pounds (two decimals) and date (YYYY-MM-DD) as numbers a spreadsheet can add up or sort. */
export type XlsxKind = 'text' | 'number' | 'pounds' | 'date';
export interface XlsxColumn {
  header: string;
  kind: XlsxKind;
}
/** A cell as text (a number in decimal, a date as YYYY-MM-DD), or null for an empty cell. */
export type XlsxValue = string | null;

/** Excel's limit is 1,048,576 rows a sheet: the rest go on to further sheets, each with the header. */
export const XLSX_SHEET_ROWS = 1_048_575;
// Fast deflate: the sheet's XML is repetitive, so level 1 still shrinks it about eightfold, at a fraction of the default's time.
const DEFLATE = { level: constants.Z_BEST_SPEED };
const CHUNK_CHARS = 64 * 1024;

/**
 * The rows of `source` as a workbook; `cells` turns one into its cells, in column order. Destroying
 * the file (a client that goes away) destroys the source. `sheetRows` is there for tests.
 */
export function xlsxFile<T>(sheetName: string, columns: XlsxColumn[], source: Readable, cells: (row: T) => XlsxValue[], sheetRows = XLSX_SHEET_ROWS): { body: Readable; rows(): number } {
  const body = new PassThrough();
  let count = 0;
  body.once('close', () => source.destroy());
  const rows = new RowReader<T>(source);
  const letters = columns.map((_, i) => columnLetters(i));
  const header = `<row r="1">${columns.map((c, i) => `<c r="${letters[i]}1" t="inlineStr" s="3"><is><t>${escapeXml(c.header)}</t></is></c>`).join('')}</row>`;

  void (async () => {
    const zip = new ZipWriter(body);
    const sheets: string[] = [];
    do {
      sheets.push(sheets.length === 0 ? sheetName : `${sheetName} ${sheets.length + 1}`);
      await zip.stream(`xl/worksheets/sheet${sheets.length}.xml`, async function* () {
        let text = sheetStart(columns) + header;
        for (let r = 2; r <= sheetRows + 1; ) {
          const row = rows.read();
          if (row === undefined) {
            if (!(await rows.more())) break;
            continue;
          }
          text += rowXml(r++, letters, columns, cells(row));
          count += 1;
          if (text.length >= CHUNK_CHARS) {
            yield text;
            text = '';
          }
        }
        yield `${text}</sheetData></worksheet>`;
      });
    } while (await rows.more());
    zip.file('xl/workbook.xml', workbookXml(sheets));
    zip.file('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets.length));
    zip.file('xl/styles.xml', STYLES_XML);
    zip.file('_rels/.rels', ROOT_RELS_XML);
    zip.file('[Content_Types].xml', contentTypesXml(sheets.length));
    zip.finish();
    body.end();
  })().catch((error: Error) => body.destroy(error));
  return { body, rows: () => count };
}

/**
 * Rows taken from an object stream synchronously while it has some buffered, waiting only when
 * it has none. (An async iterator awaits once per row: a million promises, and enough short-lived
 * garbage surviving into the old generation to double the process's memory at its peak.)
 */
class RowReader<T> {
  private peeked: T | undefined;
  private ended = false;
  private failed: Error | undefined;

  constructor(private readonly source: Readable) {
    source.once('end', () => (this.ended = true));
    source.once('error', (error: Error) => (this.failed = error));
  }

  /** The next buffered row, or undefined when none is buffered (ask `more()`). */
  read(): T | undefined {
    if (this.peeked !== undefined) {
      const row = this.peeked;
      this.peeked = undefined;
      return row;
    }
    const row = this.source.read() as T | null;
    return row === null ? undefined : row;
  }

  /** Waits until a row is buffered (true) or the rows have ended (false); rejects if they failed or were destroyed. */
  async more(): Promise<boolean> {
    for (;;) {
      if (this.peeked !== undefined) return true;
      if (this.failed) throw this.failed;
      const row = this.source.read() as T | null;
      if (row !== null) {
        this.peeked = row;
        return true;
      }
      if (this.ended) return false;
      if (this.source.destroyed) throw this.failed ?? new Error('the rows were destroyed before their end');
      await new Promise<void>((resolve) => {
        const done = () => {
          for (const event of ['readable', 'end', 'error', 'close']) this.source.off(event, done);
          resolve();
        };
        for (const event of ['readable', 'end', 'error', 'close']) this.source.once(event, done);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SpreadsheetML
// ---------------------------------------------------------------------------------------------

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
// Styles (cellXfs): 0 plain, 1 pounds, 2 date, 3 the header in bold.
const STYLE: Record<XlsxKind, string> = { text: '', number: '', pounds: ' s="1"', date: ' s="2"' };
const DAY_MS = 86_400_000;
const EXCEL_EPOCH_DAYS = 25_569; // 1970-01-01 as an Excel serial day (counted from 1899-12-30)

/** A, B, … Z, AA, AB, … */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Text as XML character data. Control characters XML cannot hold are written the way Excel reads
 * them back (_xHHHH_), and an underscore that would start such a code is itself escaped (_x005F_).
 */
export function escapeXml(text: string): string {
  if (!/[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/.test(text)) return text;
  return text
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

function rowXml(r: number, letters: string[], columns: XlsxColumn[], values: XlsxValue[]): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < columns.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const kind = columns[i]!.kind;
    if (kind === 'text') xml += `<c r="${letters[i]}${r}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
    else xml += `<c r="${letters[i]}${r}"${STYLE[kind]}><v>${kind === 'date' ? excelDay(value) : value}</v></c>`;
  }
  return `${xml}</row>`;
}

/** YYYY-MM-DD as Excel's serial day number. */
function excelDay(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS + EXCEL_EPOCH_DAYS;
}

function sheetStart(columns: XlsxColumn[]): string {
  const widths = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.kind === 'text' ? Math.max(14, c.header.length + 2) : Math.max(12, c.header.length + 2)}" customWidth="1"/>`);
  return (
    `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${widths.join('')}</cols><sheetData>`
  );
}

function workbookXml(sheets: string[]): string {
  return `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
}

function workbookRelsXml(sheets: number): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL}/styles" Target="styles.xml"/>`);
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
}

function contentTypesXml(sheets: number): string {
  const sheet = (i: number) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `${Array.from({ length: sheets }, (_, i) => sheet(i)).join('')}</Types>`
  );
}

const ROOT_RELS_XML = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const STYLES_XML =
  `${XML}<styleSheet xmlns="${MAIN}">` +
  `<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

// ---------------------------------------------------------------------------------------------
// Zip (PKWARE APPNOTE 4.3): entries deflated, a large one streamed with its sizes in a data
// descriptor after it; the central directory at the end. Without Zip64, so at most 4 GiB, which
// a million rows (under 100 MB compressed) are far from; a larger file fails rather than corrupts.
// ---------------------------------------------------------------------------------------------

interface ZipEntry {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const ZIP32_MAX = 0xffff_ffff;

class ZipWriter {
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  private readonly time: number;
  private readonly date: number;

  constructor(private readonly out: Writable) {
    const now = new Date();
    this.time = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
    this.date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  /** A small entry, whole. Headers and small parts are written without waiting: a few kB at most. */
  file(name: string, text: string): void {
    const data = Buffer.from(text);
    const compressed = deflateRawSync(data, DEFLATE);
    const entry = { name: Buffer.from(name), flags: 0, crc: crc32(data), compressed: compressed.length, size: data.length, offset: this.offset };
    this.write(this.localHeader(entry));
    this.write(compressed);
    this.entries.push(entry);
  }

  /** A large entry, from text chunks as they come, through deflate, at the pace the reader takes it. */
  async stream(name: string, chunks: () => AsyncGenerator<string>): Promise<void> {
    const entry = { name: Buffer.from(name), flags: 0x0008, crc: 0, compressed: 0, size: 0, offset: this.offset };
    this.write(this.localHeader(entry));
    const source = Readable.from(
      (async function* () {
        for await (const text of chunks()) {
          const data = Buffer.from(text);
          entry.crc = crc32(data, entry.crc);
          entry.size += data.length;
          yield data;
        }
      })(),
    );
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        entry.compressed += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(source, createDeflateRaw(DEFLATE), counter, this.out, { end: false });
    this.offset += entry.compressed;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(this.zip32(entry.compressed), 8);
    descriptor.writeUInt32LE(this.zip32(entry.size), 12);
    this.write(descriptor);
    this.entries.push(entry);
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: version 2.0
      header.writeUInt16LE(20, 6); // needed to extract: 2.0 (deflate)
      header.writeUInt16LE(e.flags, 8);
      header.writeUInt16LE(8, 10); // deflate
      header.writeUInt16LE(this.time, 12);
      header.writeUInt16LE(this.date, 14);
      header.writeUInt32LE(e.crc >>> 0, 16);
      header.writeUInt32LE(this.zip32(e.compressed), 20);
      header.writeUInt32LE(this.zip32(e.size), 24);
      header.writeUInt16LE(e.name.length, 28);
      header.writeUInt32LE(this.zip32(e.offset), 42);
      this.write(Buffer.concat([header, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.zip32(this.offset - start), 12);
    end.writeUInt32LE(this.zip32(start), 16);
    this.write(end);
  }

  private localHeader(e: ZipEntry): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(e.flags, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.time, 10);
    header.writeUInt16LE(this.date, 12);
    // A streamed entry's CRC and sizes follow its data (flag bit 3); a whole one's are known now.
    header.writeUInt32LE(e.crc >>> 0, 14);
    header.writeUInt32LE(e.compressed, 18);
    header.writeUInt32LE(e.size, 22);
    header.writeUInt16LE(e.name.length, 26);
    return Buffer.concat([header, e.name]);
  }

  private write(buffer: Buffer): void {
    this.out.write(buffer);
    this.offset += buffer.length;
  }

  private zip32(n: number): number {
    if (n > ZIP32_MAX) throw new RangeError('the workbook is larger than 4 GiB, which needs Zip64');
    return n;
  }
}
