import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvFileError, detectLineBreak, MAX_RECORD_CHARS, openCsvStream, UNSUPPORTED_ENCODING, type CsvRecord } from '../../api/import/csv-source';

/** Reads a whole source, fed in chunks of `chunkBytes` so rows and quotes straddle chunk edges. */
async function read(content: string | Buffer, chunkBytes = 7) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.subarray(i, i + chunkBytes));
  let seen = 0;
  const csv = await openCsvStream(Readable.from(chunks), (n) => { seen += n; });
  const records: CsvRecord[] = [];
  for await (const chunk of csv.chunks) records.push(...chunk);
  return { csv, records, seen };
}

const lines = (records: CsvRecord[]) => records.map((r) => [r.line, ...r.fields]);

describe('openCsvStream', () => {
  it('numbers each record by the line it starts on, across quoted line breaks and chunk edges', async () => {
    const file = 'a,b\n1,"x\ny"\n2,"p, q"\n3,"say ""hi"""\n';
    const { records, seen } = await read(file);
    expect(lines(records)).toEqual([[1, 'a', 'b'], [2, '1', 'x\ny'], [4, '2', 'p, q'], [5, '3', 'say "hi"']]);
    expect(seen).toBe(Buffer.byteLength(file));
  });

  it('reads CRLF files without carriage returns in the values and counts a quoted CRLF as one line', async () => {
    const { records } = await read('a,b\r\n1,"x\r\ny"\r\n2,z\r\n', 5);
    expect(lines(records)).toEqual([[1, 'a', 'b'], [2, '1', 'x\r\ny'], [4, '2', 'z']]);
  });

  it('skips blank and all-empty rows but keeps counting their lines', async () => {
    const { records } = await read('a,b\n\n1,2\n , \n,\n3,4');
    expect(lines(records)).toEqual([[1, 'a', 'b'], [3, '1', '2'], [6, '3', '4']]);
  });

  it('reads old Mac files whose lines end in CR alone, and tab-delimited GB18030', async () => {
    expect(lines((await read('a,b\r1,2\r')).records)).toEqual([[1, 'a', 'b'], [2, '1', '2']]);
    const gb = await read(iconv.encode('运单号\t状态\n甲\t已签收\n', 'gb18030'), 4);
    expect(gb.csv).toMatchObject({ encoding: 'gb18030', delimiter: '\t' });
    expect(lines(gb.records)).toEqual([[1, '运单号', '状态'], [2, '甲', '已签收']]);
  });

  it('rejects the line of a quote that is never closed and reads on at the next line', async () => {
    const { records } = await read('a,b\n1,2\n3,"open\n4,5\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] },
      { line: 3, fields: [], problem: 'A quoted value is never closed; close the quote or remove it.', text: '3,"open' },
      { line: 4, fields: ['4', '5'] },
    ]);
  });

  it('rejects the line of a quoted value followed by more text, and the rows after it are read', async () => {
    const { records } = await read('a,b\n1,"12" pipe",x\n5,"6"\n7,8\n');
    expect(records.map((r) => [r.line, r.problem ? 'broken' : r.fields.join('|')])).toEqual([[1, 'a|b'], [2, 'broken'], [3, '5|6'], [4, '7|8']]);
    expect(records[1].problem).toMatch(/^A quoted value is followed by more text/);
    expect(records[1].text).toBe('1,"12" pipe",x');
  });

  it('takes a quote inside an unquoted value literally', async () => {
    expect(lines((await read('a,b\n1,12" pipe\n')).records)).toEqual([[1, 'a', 'b'], [2, '1', '12" pipe']]);
  });

  it('rejects a row that runs on past the record limit, then reads the lines after it as rows', async () => {
    const huge = `a,b\n1,"${'x'.repeat(MAX_RECORD_CHARS + 10)}\n2,3\n4,5\n`;
    const { records } = await read(huge, 64 * 1024);
    expect(records.map((r) => [r.line, r.problem ? 'broken' : r.fields.join('|')])).toEqual([[1, 'a|b'], [2, 'broken'], [3, '2|3'], [4, '4|5']]);
    expect(records[1].problem).toMatch(/runs on for more than/);
  });

  it('refuses UTF-16, with or without a BOM, as an encoding it does not support', async () => {
    const utf16 = Buffer.from('\uFEFFtracking_no,status\nT1,delivered\n', 'utf16le');
    await expect(read(utf16)).rejects.toThrow(new CsvFileError(UNSUPPORTED_ENCODING));
    await expect(read(Buffer.from('tracking_no,status\nT1,delivered\n', 'utf16le'))).rejects.toThrow(/save it as "CSV UTF-8" or as GB18030/);
  });

  it('keeps reading UTF-8 when a stray byte sits among many good characters near the top', async () => {
    const good = Buffer.from('运单号,收货方名称\nT1,上海仓储\nT2,北京物流\n');
    const file = Buffer.concat([good, Buffer.from([0x54, 0x33, 0x2c, 0xff, 0x0a])]);
    const { csv, records } = await read(file);
    expect(csv.encoding).toBe('utf-8');
    expect(lines(records)).toEqual([[1, '运单号', '收货方名称'], [2, 'T1', '上海仓储'], [3, 'T2', '北京物流'], [4, 'T3', '\uFFFD']]);
  });
});

describe('detectLineBreak', () => {
  it('takes the break that ends the first line', () => {
    expect([detectLineBreak('a\r\nb\n'), detectLineBreak('a\nb\r\n'), detectLineBreak('a\rb'), detectLineBreak('abc')]).toEqual(['\r\n', '\n', '\r', '\n']);
  });
});
