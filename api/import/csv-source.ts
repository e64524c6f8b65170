import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'gb18030';

const PREFIX_BYTES = 64 * 1024;
/** No delivery row comes near this; a quote left open would otherwise swallow the rest of the file. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** A reason the whole file cannot be read as CSV (as opposed to a bad row). */
export class CsvFileError extends Error {}

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

/** The line break that ends the first line: CRLF (Excel on Windows), LF, or CR alone (old Mac exports). */
export function detectLineBreak(text: string): '\r\n' | '\n' | '\r' {
  const i = text.search(/\r|\n/);
  if (i === -1 || text[i] === '\n') return '\n';
  return text[i + 1] === '\n' ? '\r\n' : '\r';
}

export interface CsvRecord {
  fields: string[];
  /** the file line the record starts on (1 = header) */
  line: number;
}

export interface CsvStream {
  encoding: FileEncoding;
  delimiter: ',' | '\t';
  /** records in file order, a parsed chunk at a time; blank rows are left out */
  chunks: AsyncIterable<CsvRecord[]>;
}

/** Line breaks inside a value: LF, CRLF and a lone CR each count once. */
const lineBreaks = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
};

const hasLineBreak = (s: string) => s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1;

const quoteProblem = (problem: Papa.ParseError, line: number) => (problem.code === 'MissingQuotes'
  ? `line ${line}: a quoted value is never closed; close the quote or remove it.`
  : `line ${line}: a quoted value is followed by more text before the next delimiter; a quote inside a quoted value must be doubled ("").`);

const isBlank = (fields: string[]) => {
  if (fields[0].trim() !== '') return false;
  for (let i = 1; i < fields.length; i++) if (fields[i].trim() !== '') return false;
  return true;
};

/**
 * Reads a delimited file from a byte stream without holding it whole: detects the encoding, the delimiter
 * and the line break from the first 64 KB, decodes, and parses with Papa Parse's core parser a chunk at a
 * time (the unfinished last row carries over), numbering the line each record starts on. A quote that is
 * never closed, or closed in the middle of a value, makes the file invalid (CsvFileError) rather than
 * silently joining rows.
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
  const newline = detectLineBreak(firstText);

  async function* decoded(): AsyncGenerator<string> {
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

  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  let line = 1;

  function toRecords(input: string, last: boolean): { records: CsvRecord[]; rest: string } {
    const result = parser.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    const quoted = input.indexOf('"') !== -1;
    const records: CsvRecord[] = [];
    const problem = result.errors.find((e) => e.type === 'Quotes');
    const rows = result.data;
    for (let i = 0; i < rows.length; i++) {
      if (problem && problem.row === i) {
        throw new CsvFileError(quoteProblem(problem, line));
      }
      const fields = rows[i];
      const start = line;
      line += 1;
      if (quoted) for (const field of fields) if (hasLineBreak(field)) line += lineBreaks(field);
      if (!isBlank(fields)) records.push({ fields, line: start });
    }
    if (problem && problem.row === rows.length) {
      throw new CsvFileError(quoteProblem(problem, line));
    }
    return { records, rest: last ? '' : input.slice(result.meta.cursor) };
  }

  async function* parsed(): AsyncGenerator<CsvRecord[]> {
    let rest = '';
    for await (const text of decoded()) {
      const out = toRecords(rest + text, false);
      rest = out.rest;
      if (rest.length > MAX_RECORD_CHARS) {
        throw new CsvFileError(`line ${line}: a row runs on for more than ${MAX_RECORD_CHARS} characters; a quote is probably left open.`);
      }
      if (out.records.length) yield out.records;
    }
    if (rest) {
      const out = toRecords(rest, true);
      if (out.records.length) yield out.records;
    }
  }
  return { encoding, delimiter, chunks: parsed() };
}
