/**
 * PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4),
 * for the few field types the delivery import sends: the server then parses no text at all. Values must
 * be valid for their column; the import validates them before they get here.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;

export class CopyBinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, expectedBytes));
    this.buf.set(SIGNATURE, 0);
    this.buf.writeInt32BE(0, 11); // flags
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  private room(bytes: number) {
    if (this.at + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  row(fields: number): this {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** int4 (integer) */
  int4(value: number): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(value, this.at + 4);
    this.at += 8;
    return this;
  }

  /** int8 (bigint) of a safe JavaScript integer, negative ones included */
  int8(value: number): this {
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.writeInt64(value, this.at + 4);
    this.at += 12;
    return this;
  }

  int8OrNull(value: number | null): this {
    return value === null ? this.null() : this.int8(value);
  }

  text(value: string): this {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.room(4 + bytes);
    this.buf.writeInt32BE(bytes, this.at);
    this.buf.write(value, this.at + 4, bytes, 'utf8');
    this.at += 4 + bytes;
    return this;
  }

  textOrNull(value: string | null): this {
    return value === null ? this.null() : this.text(value);
  }

  /** timestamptz from epoch milliseconds: microseconds since 2000-01-01 UTC (an int8 on the wire) */
  timestamptz(epochMs: number | null): this {
    return epochMs === null ? this.null() : this.int8((epochMs - PG_EPOCH_MS) * 1000);
  }

  /** date from 'YYYY-MM-DD': days since 2000-01-01 */
  date(day: string): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(Math.round((Date.parse(`${day}T00:00:00Z`) - PG_EPOCH_MS) / 86_400_000), this.at + 4);
    this.at += 8;
    return this;
  }

  float8(value: number): this {
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeDoubleBE(value, this.at + 4);
    this.at += 12;
    return this;
  }

  /** a one-dimensional smallint[] (element type int2) */
  int2Array(values: readonly number[]): this {
    return this.array(values, 21, 2);
  }

  /** a one-dimensional integer[] (element type int4) */
  int4Array(values: readonly number[]): this {
    return this.array(values, 23, 4);
  }

  private array(values: readonly number[], elementOid: number, width: 2 | 4): this {
    const bytes = 20 + values.length * (4 + width);
    this.room(4 + bytes);
    const b = this.buf;
    let p = this.at;
    b.writeInt32BE(values.length === 0 ? 12 : bytes, p);
    b.writeInt32BE(values.length === 0 ? 0 : 1, p + 4); // dimensions (an empty array has none)
    b.writeInt32BE(0, p + 8); // no nulls
    b.writeInt32BE(elementOid, p + 12);
    if (values.length === 0) { this.at = p + 16; return this; }
    b.writeInt32BE(values.length, p + 16);
    b.writeInt32BE(1, p + 20); // lower bound
    p += 24;
    for (const v of values) {
      b.writeInt32BE(width, p);
      if (width === 2) b.writeInt16BE(v, p + 4);
      else b.writeInt32BE(v, p + 4);
      p += 4 + width;
    }
    this.at = p;
    return this;
  }

  /** numeric of an amount in cents (scale 2): base-10000 digit groups, the last one holding the cents */
  numericCents(cents: number): this {
    const groups: number[] = [];
    for (let whole = Math.floor(cents / 100); whole > 0; whole = Math.floor(whole / 10000)) groups.unshift(whole % 10000);
    let weight = groups.length - 1;
    groups.push((cents % 100) * 100);
    let first = 0;
    while (first < groups.length && groups[first] === 0) { first++; weight--; }
    let last = groups.length;
    while (last > first && groups[last - 1] === 0) last--;
    const count = last - first;
    if (count === 0) weight = 0;
    this.room(12 + count * 2);
    this.buf.writeInt32BE(8 + count * 2, this.at);
    this.buf.writeInt16BE(count, this.at + 4);
    this.buf.writeInt16BE(weight, this.at + 6);
    this.buf.writeInt16BE(0, this.at + 8); // sign: positive
    this.buf.writeInt16BE(2, this.at + 10); // display scale
    let p = this.at + 12;
    for (let i = first; i < last; i++) { this.buf.writeInt16BE(groups[i], p); p += 2; }
    this.at = p;
    return this;
  }

  /** The whole COPY payload: header, rows and the trailer. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }

  private writeInt64(value: number, offset: number) {
    const high = Math.floor(value / TWO_32);
    this.buf.writeInt32BE(high, offset);
    this.buf.writeUInt32BE(value - high * TWO_32, offset + 4);
  }
}
