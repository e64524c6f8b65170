import { z } from '../openapi';
import { decodeCursor } from '../domain/delivery-cursor';
import { Id } from './scalars';
import { ExceptionCauseSchema } from './accounts-contracts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DAY, 'Use YYYY-MM-DD.').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Not a calendar date.');
const id = Id;

export const DeliveryStatusSchema = z.enum(['delivered', 'in_transit', 'exception', 'returned', 'lost', 'cancelled']);

/** The most a list counts; past it the total reads "more than" (a user never waits for a count of millions). */
export const DELIVERY_COUNT_CAP = 10_000;

export const DeliveryListQuery = z.object({
  cursor: z.string().max(200).refine((v) => decodeCursor(v) !== null, 'Not a cursor this list gave; start again from the first page.').optional()
    .openapi({ description: 'nextCursor or prevCursor of an earlier answer; absent for the first page' }),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  shipperId: id.optional(),
  consigneeId: id.optional(),
  pairId: id.optional(),
  contractId: id.optional(),
  status: DeliveryStatusSchema.optional(),
  promisedFrom: day.optional().openapi({ description: 'first business day of promised_at (inclusive)', example: '2026-03-01' }),
  promisedTo: day.optional().openapi({ description: 'last business day of promised_at (inclusive)', example: '2026-03-31' }),
  trackingNo: z.string().trim().min(1).max(64).optional(),
  exceptionCause: ExceptionCauseSchema.optional(),
}).refine((q) => !q.promisedFrom || !q.promisedTo || q.promisedFrom <= q.promisedTo, {
  message: 'promisedFrom must not be after promisedTo.', path: ['promisedTo'],
});

export const DeliverySchema = z.object({
  id: z.number().int(),
  trackingNo: z.string(),
  shipper: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  consignee: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  pairId: z.number().int(),
  contract: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  origin: z.string().nullable(),
  destination: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  promisedAt: z.string(),
  deliveredAt: z.string().nullable(),
  status: DeliveryStatusSchema,
  piecesExpected: z.number().int(),
  piecesDelivered: z.number().int(),
  damagedPieces: z.number().int(),
  revenue: z.number().nullable().openapi({ description: 'null for client users' }),
  cost: z.number().nullable().openapi({ description: 'null for client users' }),
  exceptionCause: ExceptionCauseSchema.nullable().openapi({ description: 'DESIGN.md §5 cause of a late, short or damaged delivery' }),
  importJobId: z.number().int().nullable(),
  updatedAt: z.string(),
}).openapi('Delivery');

export const CursorMetaSchema = z.object({
  pageSize: z.number().int(),
  position: z.number().int().openapi({ description: '1-based position of the first item in the whole list' }),
  total: z.number().int().openapi({ description: `matching deliveries, counted up to ${DELIVERY_COUNT_CAP.toLocaleString('en')}` }),
  totalCapped: z.boolean().openapi({ description: 'true when more match than total says' }),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
}).openapi('CursorMeta');

export const DeliveryListSchema = z.object({
  items: z.array(DeliverySchema),
  meta: CursorMetaSchema,
}).openapi('DeliveryList');

export const DeliveryCauseSchema = z.strictObject({
  cause: ExceptionCauseSchema.nullable().openapi({ description: 'provider, shipper, consignee, force_majeure, unknown; null clears it' }),
}).openapi('DeliveryCause');
