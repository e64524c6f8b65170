import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'gb18030';

const PREFIX_BYTES = 64 * 1024;

/** BOM → UTF-8; bytes that are valid UTF-8 → UTF-8; anything else is read as GB18030 (Excel in China). */
export function detectEncoding(prefix: Uint8Array): FileEncoding {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Tab when the header line holds more tabs than commas, else comma. */
export function detectDelimiter(text: string): ',' | '\t' {
  const end = text.search(/\r|\n/);
  const first = end === -1 ? text : text.slice(0, end);
  let tabs = 0;
  let commas = 0;
  for (const ch of first) {
    if (ch === '\t') tabs++;
    else if (ch === ',') commas++;
  }
  return tabs > commas ? '\t' : ',';
}

export interface CsvRecord {
  fields: string[];
  /** the file line the record starts on (1 = header) */
  line: number;
}

export interface CsvStream {
  encoding: FileEncoding;
  delimiter: ',' | '\t';
  records: AsyncIterable<CsvRecord>;
}

const lineBreaks = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
};
const crlfPairs = (s: string) => s.split('\r\n').length - 1;

/**
 * Reads a delimited file from a byte stream without holding it whole: detects the encoding and the
 * delimiter from the first 64 KB, decodes, and yields records with the line each starts on.
 */
export async function openCsvStream(source: Readable, onBytes: (bytes: number) => void): Promise<CsvStream> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < PREFIX_BYTES) {
    const next = await chunks.next();
    if (next.done) { done = true; break; }
    const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(buf);
    headBytes += buf.length;
  }
  const prefix = Buffer.concat(head);
  const encoding = detectEncoding(prefix);
  const decoder = encoding === 'utf-8' ? new StringDecoder('utf8') : iconv.getDecoder('gb18030');
  const firstText = decoder.write(prefix).replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(firstText);

  async function* decoded() {
    onBytes(prefix.length);
    if (firstText) yield firstText;
    if (!done) {
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        onBytes(buf.length);
        const text = decoder.write(buf);
        if (text) yield text;
      }
    }
    const tail = decoder.end();
    if (tail) yield tail;
  }

  const parser = parse({
    delimiter, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true,
  });
  // pipeline (not pipe) so a failing source (read error, size limit) fails the parser and the import with it
  pipeline(Readable.from(decoded()), parser, () => {});

  async function* records(): AsyncGenerator<CsvRecord> {
    // csv-parse reports the line a record ends on and counts a CRLF inside quotes as two lines; undo both
    let drift = 0;
    let previousEnd = 0;
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      let breaks = 0;
      if (info.lines - drift - previousEnd > 1) {
        for (const field of record) {
          if (field.length && (field.includes('\n') || field.includes('\r'))) {
            breaks += lineBreaks(field);
            drift += crlfPairs(field);
          }
        }
      }
      const end = info.lines - drift;
      previousEnd = end;
      yield { fields: record, line: end - breaks };
    }
  }
  return { encoding, delimiter, records: records() };
}
