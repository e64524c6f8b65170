import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvFileError, detectLineBreak, MAX_RECORD_CHARS, openCsvStream, type CsvRecord } from '../../api/import/csv-source';

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

  it('fails the file at the line of a quote that is never closed', async () => {
    await expect(read('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(new CsvFileError('line 3: a quoted value is never closed; close the quote or remove it.'));
  });

  it('fails the file at the line of a quoted value followed by more text', async () => {
    await expect(read('a,b\n1,"12" pipe",x\n')).rejects.toThrow(/^line 2: a quoted value is followed by more text/);
  });

  it('takes a quote inside an unquoted value literally', async () => {
    expect(lines((await read('a,b\n1,12" pipe\n')).records)).toEqual([[1, 'a', 'b'], [2, '1', '12" pipe']]);
  });

  it('stops a row that runs on past the record limit instead of holding the rest of the file', async () => {
    const huge = `a,b\n1,"${'x'.repeat(MAX_RECORD_CHARS + 10)}`;
    await expect(read(huge, 64 * 1024)).rejects.toThrow(/^line 2: a row runs on for more than/);
  });
});

describe('detectLineBreak', () => {
  it('takes the break that ends the first line', () => {
    expect([detectLineBreak('a\r\nb\n'), detectLineBreak('a\nb\r\n'), detectLineBreak('a\rb'), detectLineBreak('abc')]).toEqual(['\r\n', '\n', '\r', '\n']);
  });
});
