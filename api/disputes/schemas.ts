import { PageMetaSchema, PageQuery, z } from '../openapi';
import { idParam } from '../schemas/scalars';
import { EXCEPTION_CAUSES } from '../domain/exception-causes';
import { MonthComplianceSchema } from '../schemas/service-kpis';
import { MONTH_PATTERN } from './rules';

const id = z.number().int().positive().max(2 ** 53 - 1);
const rate = z.number().nullable();
export const MonthParam = z.string().regex(MONTH_PATTERN, 'A month in the form YYYY-MM.').openapi({ example: '2026-03' });
const CauseSchema = z.enum(EXCEPTION_CAUSES);
const KpiName = z.enum(['onTime', 'inFull', 'otif', 'damageRate', 'avgTransitHours']);

export const DisputeLineParams = z.object({ id: idParam('id'), lineId: idParam('lineId') });

export const MonthFiguresSchema = z.object({
  due: z.number().int().openapi({ description: 'contractual due count (excused deliveries left out)' }),
  excused: z.number().int(),
  onTimeRate: rate, inFullRate: rate, otifRate: rate, damageRate: rate, avgTransitHours: rate,
  verdict: z.string(),
  breaches: z.array(z.string()),
  worstKpi: z.string().nullable(),
  worstShortfall: z.number(),
  creditPercent: z.number(),
  creditAmount: z.number(),
}).openapi('DisputeMonthFigures');

export const DisputeLineSchema = z.object({
  id: z.number().int(),
  deliveryId: z.number().int(),
  trackingNo: z.string().nullable(),
  consigneeId: z.number().int().nullable(),
  consigneeName: z.string().nullable(),
  promisedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  deliveryStatus: z.string().nullable(),
  piecesExpected: z.number().int().nullable(),
  piecesDelivered: z.number().int().nullable(),
  damagedPieces: z.number().int().nullable(),
  currentCause: CauseSchema.nullable().openapi({ description: "the delivery's cause now" }),
  cause: CauseSchema.openapi({ description: 'the cause the shipper says should excuse it' }),
  comment: z.string().nullable(),
  status: z.enum(['open', 'accepted', 'rejected']),
  previousCause: CauseSchema.nullable().openapi({ description: 'accepted: the cause the delivery had before' }),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
}).openapi('DisputeLine');

export const DisputeSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int(),
  contractCode: z.string(),
  shipperId: z.number().int(),
  shipperName: z.string(),
  month: z.string(),
  status: z.enum(['open', 'decided']).openapi({ description: 'decided once every line is accepted or rejected' }),
  comment: z.string().nullable(),
  filedBy: z.string().nullable(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  lines: z.array(DisputeLineSchema),
  before: MonthFiguresSchema.openapi({ description: "the month's contractual KPIs and credit when the dispute was filed" }),
  now: MonthFiguresSchema.openapi({ description: 'the same figures now' }),
  currency: z.string(),
  canDecide: z.boolean().openapi({ description: 'the caller may accept or reject its open lines' }),
}).openapi('Dispute');

export const DisputeListSchema = z.object({
  items: z.array(DisputeSchema.omit({ lines: true, before: true, now: true }).extend({
    lines: z.number().int(), open: z.number().int(), accepted: z.number().int(), rejected: z.number().int(),
  }).openapi('DisputeListItem')),
  meta: PageMetaSchema,
}).openapi('DisputeList');

export const DisputeListQuery = PageQuery.extend({
  month: MonthParam.optional(),
  status: z.enum(['open', 'decided']).optional(),
});

export const CreateDisputeSchema = z.strictObject({
  month: MonthParam,
  comment: z.string().trim().max(2000).nullable().optional(),
  lines: z.array(z.strictObject({
    deliveryId: id,
    cause: CauseSchema,
    comment: z.string().trim().min(1).max(2000),
  })).min(1).max(200),
}).openapi('CreateDispute');

export const DecideLineSchema = z.strictObject({
  decision: z.enum(['accepted', 'rejected']),
  note: z.string().trim().max(2000).nullable().optional().openapi({ description: 'required to reject' }),
}).openapi('DecideDisputeLine');

export const DisputableQuery = z.strictObject({ month: MonthParam });

export const DisputableSchema = z.object({
  contractId: z.number().int(),
  month: z.string(),
  state: z.enum(['running', 'settling', 'closed']),
  closesOn: z.string(),
  excusedCauses: z.array(CauseSchema).openapi({ description: 'the causes the contract excuses: a line names one of them' }),
  items: z.array(z.object({
    id: z.number().int(), trackingNo: z.string(), consigneeName: z.string(), promisedAt: z.string(), deliveredAt: z.string().nullable(),
    status: z.string(), piecesExpected: z.number().int(), piecesDelivered: z.number().int(), damagedPieces: z.number().int(),
    exceptionCause: CauseSchema.nullable(),
  })).openapi({ description: 'deliveries counted against the contract that month (late, not in full or damaged; not excused), not already disputed' }),
  capped: z.boolean(),
}).openapi('Disputable');

export const StatementQuery = z.strictObject({
  month: MonthParam,
  format: z.enum(['json', 'csv']).default('json'),
  consigneeId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional(),
});

export const StatementSchema = z.object({
  contract: z.object({
    id: z.number().int(), code: z.string(), name: z.string().nullable(), shipperId: z.number().int(), shipperName: z.string(),
    currency: z.string(), monthlyFee: z.number().optional(),
  }),
  scope: z.object({ consigneeId: z.number().int(), consigneeCode: z.string(), consigneeName: z.string() }).nullable(),
  month: MonthComplianceSchema.partial({ creditPercent: true, creditAmount: true }),
  excused: z.object({
    count: z.number().int(),
    items: z.array(z.object({
      id: z.number().int(), trackingNo: z.string(), consigneeName: z.string(), promisedAt: z.string(), deliveredAt: z.string().nullable(),
      status: z.string(), cause: CauseSchema.nullable(),
    })),
    capped: z.boolean(),
  }),
  breaches: z.array(z.object({ kpi: KpiName, actual: rate, target: rate, shortfall: z.number() })),
  claimsSettled: z.object({
    count: z.number().int(), amount: z.number(),
    items: z.array(z.object({ id: z.number().int(), kind: z.enum(['over', 'short', 'damaged', 'lost']), amountSettled: z.number(), paidAt: z.string() })),
  }).openapi({ description: "the contract's claims paid in the month (a consignee: those on its own deliveries)" }),
  disputes: z.array(z.object({
    id: z.number().int(), status: z.enum(['open', 'decided']), filedAt: z.string(),
    open: z.number().int(), accepted: z.number().int(), rejected: z.number().int(),
  })).optional().openapi({ description: "the shipper's disputes of the month (not in a consignee's statement)" }),
}).openapi('Statement');

export type CreateDisputeInput = z.infer<typeof CreateDisputeSchema>;
export type DecideLineInput = z.infer<typeof DecideLineSchema>;
export type DisputeListInput = z.infer<typeof DisputeListQuery>;
