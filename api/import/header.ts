/** The columns of a delivery file (DESIGN.md §4) and the header names each may go by. */
export const DELIVERY_COLUMNS = [
  'tracking_no', 'shipper_code', 'consignee_code', 'consignee_name', 'contract_code', 'origin', 'destination',
  'picked_up_at', 'promised_at', 'delivered_at', 'status', 'pieces_expected', 'pieces_delivered',
  'damaged_pieces', 'revenue', 'cost', 'exception_cause',
] as const;

export type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly DeliveryColumn[] = ['tracking_no', 'shipper_code', 'consignee_code', 'promised_at', 'status'];

const ALIASES: Record<DeliveryColumn, string[]> = {
  tracking_no: ['运单号', 'tracking number', 'tracking'],
  shipper_code: ['发货方编码', 'shipper'],
  consignee_code: ['收货方编码', 'consignee'],
  consignee_name: ['收货方名称'],
  contract_code: ['合同编号', 'contract'],
  origin: ['始发地'],
  destination: ['目的地'],
  picked_up_at: ['揽收时间'],
  promised_at: ['承诺送达时间'],
  delivered_at: ['签收时间'],
  status: ['状态'],
  pieces_expected: ['应到件数'],
  pieces_delivered: ['实到件数'],
  damaged_pieces: ['破损件数'],
  revenue: ['收入'],
  cost: ['成本'],
  exception_cause: ['异常原因', 'cause'],
};

const normalise = (name: string) => name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

const BY_NAME = new Map<string, DeliveryColumn>();
for (const column of DELIVERY_COLUMNS) {
  BY_NAME.set(column, column);
  for (const alias of ALIASES[column]) BY_NAME.set(normalise(alias), column);
}

/** Where each known column sits in a row (-1 when the file lacks it). */
export type ColumnIndexes = Record<DeliveryColumn, number>;

export type HeaderMapping =
  | { ok: true; indexes: ColumnIndexes; warnings: string[]; width: number }
  | { ok: false; message: string };

/** Maps a header row onto the known columns: case-insensitive, English or Chinese names. */
export function mapHeader(header: readonly string[]): HeaderMapping {
  const indexes = Object.fromEntries(DELIVERY_COLUMNS.map((c) => [c, -1])) as ColumnIndexes;
  const warnings: string[] = [];
  const repeated: string[] = [];
  header.forEach((raw, i) => {
    const column = BY_NAME.get(normalise(raw));
    if (!column) {
      warnings.push(`Column "${raw.trim()}" (position ${i + 1}) is not a delivery column and was ignored.`);
    } else if (indexes[column] !== -1) {
      repeated.push(`"${raw.trim()}" (${column})`);
    } else {
      indexes[column] = i;
    }
  });
  if (repeated.length) {
    return { ok: false, message: `The header names a column twice: ${repeated.join(', ')}. Remove the extra column and upload again.` };
  }
  const missing = REQUIRED_COLUMNS.filter((c) => indexes[c] === -1);
  if (missing.length) {
    const names = missing.map((c) => `${c} (${ALIASES[c][0]})`).join(', ');
    return { ok: false, message: `Required column${missing.length > 1 ? 's' : ''} missing from the header: ${names}.` };
  }
  return { ok: true, indexes, warnings, width: header.length };
}
