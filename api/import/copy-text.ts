import type { DeliveryInput } from '../domain/delivery-row';

const SPECIAL = /[\\\t\n\r]/;
const escapeText = (v: string) =>
  SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
const opt = (v: string | null) => (v === null ? '\\N' : escapeText(v));
const time = (ms: number | null) => (ms === null ? '\\N' : new Date(ms).toISOString());

/** One staged row in PostgreSQL's COPY text format, columns in STAGE_COLUMNS order. */
export function toCopyLine(r: DeliveryInput): string {
  return `${r.line}\t${escapeText(r.trackingNo)}\t${escapeText(r.shipperCode)}\t${escapeText(r.consigneeCode)}\t${opt(r.consigneeName)}\t${
    opt(r.contractCode)}\t${opt(r.origin)}\t${opt(r.destination)}\t${time(r.pickedUpAt)}\t${time(r.promisedAt)}\t${
    time(r.deliveredAt)}\t${r.status}\t${r.piecesExpected}\t${r.piecesDelivered}\t${r.damagedPieces}\t${r.revenue}\t${r.cost}\n`;
}
