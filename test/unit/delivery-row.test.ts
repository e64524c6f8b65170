import { describe, expect, it } from 'vitest';
import { validateDeliveryRow } from '../../api/domain/delivery-row';
import { businessDayOfEpoch, parseBusinessTimestamp } from '../../api/domain/business-time';
import { mapHeader, type ColumnIndexes } from '../../api/import/header';
import { detectDelimiter, detectEncoding } from '../../api/import/csv-source';
import iconv from 'iconv-lite';

const SH = 'Asia/Shanghai';
const at = (text: string, tz = SH) => {
  const r = parseBusinessTimestamp(text, tz);
  return r.ok ? new Date(r.epochMs).toISOString() : r.message;
};

describe('parseBusinessTimestamp', () => {
  it('reads wall-clock times in the business time zone', () => {
    expect(at('2026-03-02 18:00')).toBe('2026-03-02T10:00:00.000Z');
    expect(at('2026-03-02 18:00:59')).toBe('2026-03-02T10:00:59.000Z');
    expect(at('2026/03/07 14:05')).toBe('2026-03-07T06:05:00.000Z');
    expect(at('2026/3/7 9:05')).toBe('2026-03-07T01:05:00.000Z');
    expect(at('2026-01-01T00:30:00')).toBe('2025-12-31T16:30:00.000Z');
  });

  it('honours an explicit offset or Z', () => {
    expect(at('2026-03-04T02:00:00Z')).toBe('2026-03-04T02:00:00.000Z');
    expect(at('2026-03-05T10:00:00+08:00')).toBe('2026-03-05T02:00:00.000Z');
    expect(at('2026-04-02T10:00:00-05:00')).toBe('2026-04-02T15:00:00.000Z');
    expect(at('2026-04-02T10:00:00.250+0530')).toBe('2026-04-02T04:30:00.250Z');
  });

  it('follows daylight saving time of zones that have it', () => {
    const ny = 'America/New_York';
    expect(at('2026-01-15 12:00', ny)).toBe('2026-01-15T17:00:00.000Z');
    expect(at('2026-07-15 12:00', ny)).toBe('2026-07-15T16:00:00.000Z');
    // 02:30 does not exist on 2026-03-08 in New York: moved forward to 03:30 EDT
    expect(at('2026-03-08 02:30', ny)).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) is taken
    expect(at('2026-11-01 01:30', ny)).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-11-01 03:00', ny)).toBe('2026-11-01T08:00:00.000Z');
  });

  it('rejects impossible or unreadable times with a reason', () => {
    expect(at('2026-02-29 10:00')).toBe('has day 29, but 2026-02 has 28 days');
    expect(at('2026-13-01 10:00')).toBe('has month 13; months run 1–12');
    expect(at('2026-03-01 24:00')).toBe('has a time of day outside 00:00:00–23:59:59');
    expect(at('2026-03-01')).toMatch(/^is not a timestamp; use ISO 8601/);
    expect(at('01/03/2026 10:00')).toMatch(/^is not a timestamp/);
    expect(at('2026-03-01 10:00+19:00')).toBe('has an invalid UTC offset +19:00');
    expect(at('1969-12-31 10:00')).toBe('has a year outside 1970–2200');
    expect(at('2028-02-29 10:00')).toBe('2028-02-29T02:00:00.000Z');
    expect(at('2100-02-29 10:00')).toBe('has day 29, but 2100-02 has 28 days');
  });

  it('reads the common shapes without a regular expression exactly as the general reader does', () => {
    expect(at('2026-03-0a 10:00')).toMatch(/^is not a timestamp/);
    expect(at('2026-03-01 10:0x')).toMatch(/^is not a timestamp/);
    expect(at('2026-03-01-10:00')).toMatch(/^is not a timestamp/);
    expect(at('2026/03-01 10:00')).toMatch(/^is not a timestamp/);
    expect(at('2026-03-01T10:00')).toBe('2026-03-01T02:00:00.000Z');
    expect(at('2026/03/01 10:00:30')).toBe('2026-03-01T02:00:30.000Z');
  });
});

describe('businessDayOfEpoch', () => {
  it('gives the calendar day Intl gives for the zone, across midnight and daylight saving changes', () => {
    const instants = [Date.UTC(2026, 2, 1, 15, 59, 59, 999), Date.UTC(2026, 2, 1, 16), Date.UTC(2026, 2, 8, 4, 59), Date.UTC(2026, 2, 8, 5, 0),
      Date.UTC(2026, 10, 1, 4, 30), Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 6, 30)];
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'UTC']) {
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (const ms of instants) expect(businessDayOfEpoch(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(intl.format(new Date(ms)));
    }
  });
});

describe('mapHeader', () => {
  it('maps English and Chinese names case-insensitively and warns about unknown columns', () => {
    const m = mapHeader(['运单号', 'Shipper_Code', ' CONSIGNEE_CODE ', '承诺送达时间', 'status', 'Remarks']);
    expect(m).toMatchObject({ ok: true, width: 6, warnings: ['Column "Remarks" (position 6) is not a delivery column and was ignored.'] });
    if (m.ok) expect([m.indexes.tracking_no, m.indexes.shipper_code, m.indexes.consignee_code, m.indexes.promised_at, m.indexes.revenue]).toEqual([0, 1, 2, 3, -1]);
  });

  it('names every missing required column', () => {
    expect(mapHeader(['tracking_no', 'status'])).toEqual({
      ok: false,
      message: 'Required columns missing from the header: shipper_code (发货方编码), consignee_code (收货方编码), promised_at (承诺送达时间).',
    });
  });
});

describe('validateDeliveryRow', () => {
  const header = ['tracking_no', 'shipper_code', 'consignee_code', 'promised_at', 'delivered_at', 'picked_up_at', 'status', 'pieces_expected', 'pieces_delivered', 'damaged_pieces', 'revenue', 'cost'];
  const m = mapHeader(header);
  const indexes = (m.ok ? m.indexes : {}) as ColumnIndexes;
  const row = (over: Record<string, string>) => {
    const base: Record<string, string> = {
      tracking_no: 'T1', shipper_code: 'S1', consignee_code: 'C1', promised_at: '2026-03-02 18:00', delivered_at: '2026-03-02 17:00',
      picked_up_at: '2026-03-01 08:00', status: 'delivered', pieces_expected: '4', pieces_delivered: '4', damaged_pieces: '0', revenue: '10.5', cost: '',
    };
    return validateDeliveryRow(header.map((h) => over[h] ?? base[h]), 7, indexes, header.length, SH);
  };
  const messages = (over: Record<string, string>) => {
    const r = row(over);
    return r.ok ? [] : r.errors.map((e) => [e.line, e.column, e.value, e.message]);
  };

  it('rejects a row whose known column holds a NUL byte or bytes of a broken encoding, naming the column', () => {
    expect(messages({ consignee_code: 'C\u00001' })).toEqual([
      [7, 'consignee_code', 'C\u00001', 'consignee_code contains a NUL byte, which text cannot hold; the row was not imported. Remove the byte (it often comes from a bad export).'],
    ]);
    expect(messages({ tracking_no: 'T\uFFFD9' })).toEqual([
      [7, 'tracking_no', 'T\uFFFD9', "tracking_no contains bytes that are not valid text in the file's encoding (UTF-8 or GB18030); the row was not imported. Check the export's encoding."],
    ]);
  });

  it('accepts a good row, applying defaults', () => {
    const r = row({ pieces_delivered: '', damaged_pieces: '', cost: '' });
    expect(r).toEqual({
      ok: true,
      row: {
        line: 7, trackingNo: 'T1', shipperCode: 'S1', consigneeCode: 'C1', consigneeName: null, contractCode: null, origin: null, destination: null,
        pickedUpAt: Date.parse('2026-03-01T00:00:00Z'), promisedAt: Date.parse('2026-03-02T10:00:00Z'), deliveredAt: Date.parse('2026-03-02T09:00:00Z'),
        status: 'delivered', piecesExpected: 4, piecesDelivered: 4, damagedPieces: 0, revenueCents: 1050, costCents: 0, exceptionCause: null,
      },
    });
    const transit = row({ status: 'in_transit', delivered_at: '', pieces_delivered: '', pieces_expected: '' });
    expect(transit.ok && [transit.row.piecesExpected, transit.row.piecesDelivered]).toEqual([1, 0]);
    expect(row({ status: '已签收' }).ok).toBe(true);
  });

  it('reports each broken rule with line, column, value and message', () => {
    expect(messages({ pieces_expected: '-1' })).toEqual([[7, 'pieces_expected', '-1', 'pieces_expected must be a whole number from 1 to 1000000, not "-1".']]);
    expect(messages({ pieces_expected: '2.5' })).toEqual([[7, 'pieces_expected', '2.5', 'pieces_expected must be a whole number from 1 to 1000000, not "2.5".']]);
    expect(messages({ pieces_delivered: '5' })).toEqual([[7, 'pieces_delivered', '5', 'pieces_delivered (5) exceeds pieces_expected (4).']]);
    expect(messages({ damaged_pieces: '3', pieces_delivered: '2' })).toEqual([[7, 'damaged_pieces', '3', 'damaged_pieces (3) exceeds pieces_delivered (2).']]);
    expect(messages({ revenue: '-5' })).toEqual([[7, 'revenue', '-5', 'revenue must be an amount ≥ 0 with at most 2 decimals (e.g. 1250.50), not "-5".']]);
    expect(messages({ cost: '1,000' })).toEqual([[7, 'cost', '1,000', 'cost must be an amount ≥ 0 with at most 2 decimals (e.g. 1250.50), not "1,000".']]);
    expect(messages({ status: 'done' })).toEqual([[7, 'status', 'done', 'status "done" is not known; use one of delivered, in_transit, exception, returned, lost, cancelled.']]);
    expect(messages({ delivered_at: '' })).toEqual([[7, 'delivered_at', null, 'delivered_at is required when status is delivered.']]);
    expect(messages({ status: 'lost', pieces_delivered: '0' })).toEqual([[7, 'delivered_at', '2026-03-02 17:00', 'delivered_at must be empty unless status is delivered (status is lost).']]);
    expect(messages({ delivered_at: '2026-02-28 10:00' })).toEqual([[7, 'delivered_at', '2026-02-28 10:00', 'delivered_at "2026-02-28 10:00" is earlier than picked_up_at "2026-03-01 08:00".']]);
    expect(messages({ consignee_code: 'S1' })).toEqual([[7, 'consignee_code', 'S1', 'consignee_code "S1" is the shipper itself; a delivery runs between two companies.']]);
    expect(messages({ promised_at: '' })).toEqual([[7, 'promised_at', null, 'promised_at is required but empty.']]);
    expect(messages({ tracking_no: 'x'.repeat(65) })).toEqual([[7, 'tracking_no', 'x'.repeat(65), 'tracking_no is 65 characters long; at most 64 are allowed.']]);
  });

  it('reports every problem of a row, not just the first', () => {
    expect(messages({ shipper_code: '', status: '', promised_at: 'soon' }).map((m) => m[1])).toEqual(['shipper_code', 'promised_at', 'status']);
  });

  it('rejects a row whose field count differs from the header', () => {
    const r = validateDeliveryRow(['T1', 'S1'], 3, indexes, header.length, SH);
    expect(r).toEqual({ ok: false, errors: [{ line: 3, column: null, value: null, message: 'The row has 2 fields but the header has 12; check for a stray delimiter or an unclosed quote.' }] });
  });
});

describe('encoding and delimiter detection', () => {
  it('takes a BOM or valid UTF-8 as UTF-8 and anything else as GB18030', () => {
    expect(detectEncoding(Buffer.from('\uFEFFa,b'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('运单号,状态'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('运单号,状态', 'gb18030'))).toBe('gb18030');
    const gbFile = iconv.encode(`运单号,收货方名称,状态\n${Array.from({ length: 30 }, (_, i) => `T${i},上海第${i}仓储有限公司,已签收`).join('\n')}`, 'gb18030');
    expect(detectEncoding(gbFile)).toBe('gb18030');
    // a multi-byte character cut at the end of the sniffed prefix is still UTF-8
    expect(detectEncoding(Buffer.from('运单号').subarray(0, 4))).toBe('utf-8');
  });

  it('picks tab when the header line has more tabs than commas', () => {
    expect(detectDelimiter('a\tb\tc\r\n1,2,3')).toBe('\t');
    expect(detectDelimiter('a,b,"c\td"\n')).toBe(',');
  });
});
