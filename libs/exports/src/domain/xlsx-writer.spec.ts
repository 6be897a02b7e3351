import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { escapeXml, xlsxFile, type XlsxColumn } from './xlsx-writer';

const COLUMNS: XlsxColumn[] = [
  { header: 'name', kind: 'text' },
  { header: 'amount_gbp', kind: 'pounds' },
  { header: 'count', kind: 'number' },
  { header: 'on', kind: 'date' },
];

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Each entry of a zip, read through its central directory, inflated and checked against its CRC-32. */
function unzip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const [crc, compressed, size, nameLength, offset] = [zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24), zip.readUInt16LE(at + 28), zip.readUInt32LE(at + 42)];
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(start, start + compressed));
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC does not match`);
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength;
  }
  return files;
}

describe('the streaming XLSX writer', () => {
  it('writes a valid zip that a spreadsheet library reads back: text, pounds, numbers and dates', async () => {
    const rows = [
      ['Harbour <Trust> & co', '15000.37', '1500037', '2026-03-01'],
      ['=SUM(A1)', null, '0', null],
    ];
    const file = xlsxFile('entries', COLUMNS, Readable.from(rows), (r: Array<string | null>) => r);
    const zip = await bytesOf(file.body);
    expect([...unzip(zip).keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(zip as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('entries')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'name', 'amount_gbp', 'count', 'on']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Harbour <Trust> & co', 15000.37, 1500037, new Date('2026-03-01T00:00:00Z')]);
    expect(sheet.getRow(3).values).toEqual([undefined, '=SUM(A1)', undefined, 0]);
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0.00');
    expect(file.rows()).toBe(2);
  });

  it('goes on to a further sheet, with its own header, when one is full', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`row ${i + 1}`, null, String(i + 1), null]);
    const file = xlsxFile('entries', COLUMNS, Readable.from(rows), (r: Array<string | null>) => r, 2);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf(file.body)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => [s.name, s.getRow(1).getCell(1).value, s.actualRowCount])).toEqual([
      ['entries', 'name', 3],
      ['entries 2', 'name', 3],
      ['entries 3', 'name', 2],
    ]);
    expect(workbook.worksheets.flatMap((s) => s.getColumn(3).values.filter((v) => typeof v === 'number'))).toEqual([1, 2, 3, 4, 5]);
  });

  it('writes an empty table as a sheet with its header alone', async () => {
    const files = unzip(await bytesOf(xlsxFile('entries', COLUMNS, Readable.from([]), (r: Array<string | null>) => r).body));
    expect(files.get('xl/worksheets/sheet1.xml')).toMatch(/<sheetData><row r="1">.*<\/row><\/sheetData>/);
  });

  it('escapes what XML cannot hold, as Excel reads it back', () => {
    expect(escapeXml('plain')).toBe('plain');
    expect(escapeXml('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeXml('bell\x07')).toBe('bell_x0007_');
    expect(escapeXml('_x0041_')).toBe('_x005F_x0041_');
  });

  it('destroys the rows when the file is destroyed before the end (a client that went away)', async () => {
    let served = 0;
    const source = new Readable({
      objectMode: true,
      read() {
        served += 1;
        this.push([`row ${served}`, null, String(served), null]);
      },
    });
    const file = xlsxFile('entries', COLUMNS, source, (r: Array<string | null>) => r);
    await new Promise((resolve) => file.body.once('data', resolve));
    file.body.destroy();
    await new Promise((resolve) => source.once('close', resolve));
    expect(source.destroyed).toBe(true);
  });
});
