import type { DeliveryStatus } from '../../db/tables/deliveries';
import type { ColumnIndexes, DeliveryColumn } from '../import/header';
import { parseBusinessTimestamp } from './business-time';
import { CAUSE_LIST, parseCause, type ExceptionCause } from './exception-causes';

export interface DeliveryInput {
  line: number;
  trackingNo: string;
  shipperCode: string;
  consigneeCode: string;
  consigneeName: string | null;
  contractCode: string | null;
  origin: string | null;
  destination: string | null;
  pickedUpAt: number | null;
  promisedAt: number;
  deliveredAt: number | null;
  status: DeliveryStatus;
  piecesExpected: number;
  piecesDelivered: number;
  damagedPieces: number;
  /** amounts in cents */
  revenueCents: number;
  costCents: number;
  /** empty in the file: null, and a re-import keeps the stored cause */
  exceptionCause: ExceptionCause | null;
}

export interface RowError {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

export type RowResult = { ok: true; row: DeliveryInput } | { ok: false; errors: RowError[] };

const STATUSES: Record<string, DeliveryStatus> = {
  delivered: 'delivered', in_transit: 'in_transit', exception: 'exception', returned: 'returned', lost: 'lost', cancelled: 'cancelled',
  canceled: 'cancelled', 'in transit': 'in_transit',
  已签收: 'delivered', 签收: 'delivered', 运输中: 'in_transit', 在途: 'in_transit', 异常: 'exception',
  退回: 'returned', 已退回: 'returned', 丢失: 'lost', 已丢失: 'lost', 取消: 'cancelled', 已取消: 'cancelled',
};
const STATUS_LIST = 'delivered, in_transit, exception, returned, lost, cancelled';
const WHOLE = /^\d{1,9}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
const MAX_CODE = 64;

/** Cents of an amount already checked against DECIMAL ("1250.5" → 125050). */
function toCents(amount: string): number {
  const dot = amount.indexOf('.');
  if (dot === -1) return Number(amount) * 100;
  const fraction = amount.length - dot === 2 ? Number(amount.slice(dot + 1)) * 10 : Number(amount.slice(dot + 1));
  return Number(amount.slice(0, dot)) * 100 + fraction;
}

/**
 * A field of a known column that cannot be read as text: a NUL byte (no text column holds one), or U+FFFD,
 * which the decoder puts where the bytes were not valid UTF-8 / GB18030. The row is rejected whole.
 */
function unreadableColumn(fields: readonly string[], at: ColumnIndexes): RowError & { column: DeliveryColumn } | null {
  for (const [column, i] of Object.entries(at) as [DeliveryColumn, number][]) {
    const v = i < 0 ? undefined : fields[i];
    if (v === undefined) continue;
    const shown = v.slice(0, 200);
    if (v.includes('\u0000')) return { line: 0, column, value: shown, message: `${column} contains a NUL byte, which text cannot hold; the row was not imported. Remove the byte (it often comes from a bad export).` };
    if (v.includes('\uFFFD')) return { line: 0, column, value: shown, message: `${column} contains bytes that are not valid text in the file's encoding (UTF-8 or GB18030); the row was not imported. Check the export's encoding.` };
  }
  return null;
}

/**
 * Checks one data row of a delivery file against every rule of DESIGN.md §4 and returns either the
 * typed row or every problem found, each naming the line, column and value a person must fix.
 */
export function validateDeliveryRow(fields: readonly string[], line: number, at: ColumnIndexes, width: number, timeZone: string): RowResult {
  const errors: RowError[] = [];
  const fail = (column: DeliveryColumn | null, value: string | null, message: string) => {
    errors.push({ line, column, value, message });
  };
  if (fields.length !== width) {
    fail(null, null, `The row has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${width}; check for a stray delimiter or an unclosed quote.`);
    return { ok: false, errors };
  }
  const unreadable = unreadableColumn(fields, at);
  if (unreadable) {
    fail(unreadable.column, unreadable.value, unreadable.message);
    return { ok: false, errors };
  }
  const text = (column: DeliveryColumn): string | null => {
    const i = at[column];
    if (i < 0) return null;
    const v = fields[i].trim();
    return v === '' ? null : v;
  };
  const required = (column: DeliveryColumn, maxLength = MAX_CODE): string => {
    const v = text(column);
    if (v === null) fail(column, null, `${column} is required but empty.`);
    else if (v.length > maxLength) fail(column, v, `${column} is ${v.length} characters long; at most ${maxLength} are allowed.`);
    return v ?? '';
  };
  const optional = (column: DeliveryColumn, maxLength: number): string | null => {
    const v = text(column);
    if (v !== null && v.length > maxLength) fail(column, v, `${column} is ${v.length} characters long; at most ${maxLength} are allowed.`);
    return v;
  };
  const timestamp = (column: DeliveryColumn): number | null => {
    const v = text(column);
    if (v === null) return null;
    const parsed = parseBusinessTimestamp(v, timeZone);
    if (parsed.ok) return parsed.epochMs;
    fail(column, v, `${column} "${v}" ${parsed.message}.`);
    return null;
  };
  const whole = (column: DeliveryColumn, min: number, fallback: number | null): number | null => {
    const v = text(column);
    if (v === null) return fallback;
    const n = WHOLE.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > 1_000_000) {
      fail(column, v, `${column} must be a whole number from ${min} to 1000000, not "${v}".`);
      return null;
    }
    return n;
  };
  const money = (column: DeliveryColumn): number => {
    const v = text(column);
    if (v === null) return 0;
    if (!DECIMAL.test(v)) {
      fail(column, v, `${column} must be an amount ≥ 0 with at most 2 decimals (e.g. 1250.50), not "${v}".`);
      return 0;
    }
    return toCents(v);
  };

  const trackingNo = required('tracking_no');
  const shipperCode = required('shipper_code');
  const consigneeCode = required('consignee_code');
  if (shipperCode && consigneeCode && shipperCode === consigneeCode) {
    fail('consignee_code', consigneeCode, `consignee_code "${consigneeCode}" is the shipper itself; a delivery runs between two companies.`);
  }
  const consigneeName = optional('consignee_name', 200);
  const contractCode = optional('contract_code', MAX_CODE);
  const origin = optional('origin', 200);
  const destination = optional('destination', 200);
  const pickedUpAt = timestamp('picked_up_at');
  const promisedRaw = text('promised_at');
  const promisedAt = timestamp('promised_at');
  if (promisedRaw === null) fail('promised_at', null, 'promised_at is required but empty.');
  const deliveredRaw = text('delivered_at');
  const deliveredAt = timestamp('delivered_at');

  const statusRaw = text('status');
  const status = statusRaw === null ? undefined : STATUSES[statusRaw.toLowerCase()];
  if (statusRaw === null) fail('status', null, `status is required but empty; use one of ${STATUS_LIST}.`);
  else if (!status) fail('status', statusRaw, `status "${statusRaw}" is not known; use one of ${STATUS_LIST}.`);

  if (status && status !== 'delivered' && deliveredRaw !== null) {
    fail('delivered_at', deliveredRaw, `delivered_at must be empty unless status is delivered (status is ${status}).`);
  }
  if (status === 'delivered' && deliveredRaw === null) {
    fail('delivered_at', null, 'delivered_at is required when status is delivered.');
  }
  if (deliveredAt !== null && pickedUpAt !== null && deliveredAt < pickedUpAt) {
    fail('delivered_at', deliveredRaw, `delivered_at "${deliveredRaw}" is earlier than picked_up_at "${text('picked_up_at')}".`);
  }

  const piecesExpected = whole('pieces_expected', 1, 1);
  const piecesDelivered = whole('pieces_delivered', 0, status === 'delivered' ? piecesExpected : 0);
  const damagedPieces = whole('damaged_pieces', 0, 0);
  if (piecesExpected !== null && piecesDelivered !== null && piecesDelivered > piecesExpected) {
    fail('pieces_delivered', text('pieces_delivered'), `pieces_delivered (${piecesDelivered}) exceeds pieces_expected (${piecesExpected}).`);
  }
  if (piecesDelivered !== null && damagedPieces !== null && damagedPieces > piecesDelivered) {
    fail('damaged_pieces', text('damaged_pieces'), `damaged_pieces (${damagedPieces}) exceeds pieces_delivered (${piecesDelivered}).`);
  }
  const revenueCents = money('revenue');
  const costCents = money('cost');
  const causeRaw = text('exception_cause');
  const exceptionCause = causeRaw === null ? null : parseCause(causeRaw) ?? null;
  if (causeRaw !== null && exceptionCause === null) {
    fail('exception_cause', causeRaw, `exception_cause "${causeRaw}" is not a known cause; use one of ${CAUSE_LIST}.`);
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      line, trackingNo, shipperCode, consigneeCode, consigneeName, contractCode, origin, destination,
      pickedUpAt, promisedAt: promisedAt!, deliveredAt, status: status!,
      piecesExpected: piecesExpected!, piecesDelivered: piecesDelivered!, damagedPieces: damagedPieces!, revenueCents, costCents, exceptionCause,
    },
  };
}
