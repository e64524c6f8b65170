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

/**
 * BOM → UTF-8; text that reads as UTF-8 → UTF-8; anything else is read as GB18030 (Excel in China). A few
 * broken sequences among many good multi-byte characters still make UTF-8 (those rows are rejected one by
 * one), so one bad byte near the top does not turn a whole UTF-8 file into GB18030 gibberish. UTF-16 (a
 * BOM, or the NUL bytes its ASCII characters carry) is refused: Excel's "Unicode text" is not supported.
 */
export function detectEncoding(prefix: Uint8Array): FileEncoding {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return 'utf-8';
  if ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff) || looksLikeUtf16(prefix)) {
    throw new CsvFileError(UNSUPPORTED_ENCODING);
  }
  const text = new TextDecoder('utf-8').decode(prefix, { stream: true });
  let broken = 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) broken++;
    else if (c >= 0x80) wide++;
  }
  return broken === 0 || wide >= broken * 8 ? 'utf-8' : 'gb18030';
}

export const UNSUPPORTED_ENCODING = 'This encoding is not supported (the file looks like UTF-16, Excel\'s "Unicode text"): save it as "CSV UTF-8" or as GB18030 CSV and upload it again.';

/** UTF-16 without a BOM: ASCII characters leave a NUL in every other byte, which no CSV in UTF-8 or GB18030 has. */
function looksLikeUtf16(prefix: Uint8Array): boolean {
  const n = Math.min(prefix.length, 4096);
  let nuls = 0;
  for (let i = 0; i < n; i++) if (prefix[i] === 0) nuls++;
  return n >= 4 && nuls >= n / 4;
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
  /** set when the line cannot be read as CSV (a broken quote): fields is then empty and `text` holds the line */
  problem?: string;
  text?: string;
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

const quoteProblem = (problem: Papa.ParseError) => (problem.code === 'MissingQuotes'
  ? 'A quoted value is never closed; close the quote or remove it.'
  : 'A quoted value is followed by more text before the next delimiter; a quote inside a quoted value must be doubled ("").');

/** Where the line after `breaks` line breaks starts (LF, CRLF and a lone CR each end a line, as lineBreaks counts them). */
function afterLineBreaks(s: string, breaks: number, from = 0): number {
  let i = from;
  for (let n = 0; n < breaks && i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return i;
}

const isBlank = (fields: string[]) => {
  if (fields[0].trim() !== '') return false;
  for (let i = 1; i < fields.length; i++) if (fields[i].trim() !== '') return false;
  return true;
};

/**
 * Reads a delimited file from a byte stream without holding it whole: detects the encoding, the delimiter
 * and the line break from the first 64 KB, decodes, and parses with Papa Parse's core parser a chunk at a
 * time (the unfinished last row carries over), numbering the line each record starts on. A line whose quote
 * is broken (never closed, or closed in the middle of a value) becomes a record with a problem, and reading
 * goes on at the next line, so one bad line never takes the rest of the file with it.
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

  /** The line starting at `at` as a broken record; returns where the next line starts. */
  function brokenLine(input: string, at: number, message: string, records: CsvRecord[]): number {
    const next = afterLineBreaks(input, 1, at);
    const text = input.slice(at, next).replace(/\r?\n$|\r$/, '');
    records.push({ fields: [], line, problem: message, text: text.slice(0, 500) });
    line += 1;
    return next;
  }

  function toRecords(input: string, last: boolean): { records: CsvRecord[]; rest: string } {
    const records: CsvRecord[] = [];
    let from = 0;
    for (;;) {
      const text = from === 0 ? input : input.slice(from);
      const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
      const quoted = text.indexOf('"') !== -1;
      const problem = result.errors.find((e) => e.type === 'Quotes');
      const rows = result.data;
      const problemRow = problem?.row ?? rows.length;
      const good = Math.min(problemRow, rows.length);
      const startLine = line;
      for (let i = 0; i < good; i++) {
        const fields = rows[i];
        const start = line;
        line += 1;
        if (quoted) for (const field of fields) if (hasLineBreak(field)) line += lineBreaks(field);
        if (!isBlank(fields)) records.push({ fields, line: start });
      }
      if (!problem || (!last && problemRow >= rows.length)) return { records, rest: last ? '' : text.slice(result.meta.cursor) };
      // the rows before the broken one are read; the broken line is a record of its own; go on after it
      from += brokenLine(text, afterLineBreaks(text, line - startLine), quoteProblem(problem), records);
      if (from >= input.length) return { records, rest: '' };
    }
  }

  async function* parsed(): AsyncGenerator<CsvRecord[]> {
    let rest = '';
    for await (const text of decoded()) {
      const out = toRecords(rest + text, false);
      rest = out.rest;
      while (rest.length > MAX_RECORD_CHARS) {
        // a quote left open runs on: its line is broken, and the lines after it are read again as rows
        const records: CsvRecord[] = [];
        const next = brokenLine(rest, 0, `The row runs on for more than ${MAX_RECORD_CHARS} characters: a quote is probably left open. Close the quote or remove it.`, records);
        out.records.push(...records);
        const again = toRecords(rest.slice(next), false);
        out.records.push(...again.records);
        rest = again.rest;
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
