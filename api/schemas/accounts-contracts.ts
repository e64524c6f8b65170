import { z, PageMetaSchema, PageQuery } from '../openapi';
import { MAX_MIN_DUE_COUNT, MAX_SETTLING_DAYS } from '../domain/closed-months';
import { BusinessDate, Id } from './scalars';
import { EXCEPTION_CAUSES } from '../domain/exception-causes';

export const ExceptionCauseSchema = z.enum(EXCEPTION_CAUSES);

const fraction = z.number().min(0, 'At least 0.').max(1, 'At most 1 (a fraction: 0.95 = 95 %).');
const isoDate = BusinessDate;
const minutes = z.number().int().min(0).max(7 * 24 * 60);
const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const CreditTierSchema = z.strictObject({
  shortfall: fraction.openapi({ description: 'Shortfall against the target, as a fraction (0.02 = two points)' }),
  percent: fraction.openapi({ description: 'Share of the monthly fee credited (0.05 = 5 %)' }),
}).openapi('CreditTier');

export const ContractSchema = z.object({
  id: z.number().int(),
  shipperId: z.number().int(),
  shipperCode: z.string(),
  shipperName: z.string(),
  code: z.string(),
  name: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  autoRenew: z.boolean(),
  monthlyFee: z.number(),
  currency: z.string(),
  onTimeTarget: z.number().nullable(),
  inFullTarget: z.number().nullable(),
  otifTarget: z.number().nullable(),
  maxDamageRate: z.number().nullable(),
  maxAvgTransitHours: z.number().nullable(),
  graceMinutes: z.number().int(),
  earlyToleranceMinutes: z.number().int().nullable().openapi({ description: 'Set: on time only within [promised − early tolerance, promised + grace]' }),
  onTimeMode: z.enum(['grace', 'window']),
  claimResponseHours: z.number().nullable(),
  creditTiers: z.array(z.object({ shortfall: z.number(), percent: z.number() })),
  creditCapPercent: z.number().nullable(),
  settlingDays: z.number().int().openapi({ description: "Days after a month's end before it is closed and can owe a credit" }),
  minDueCount: z.number().int().openapi({ description: 'Due deliveries a month needs for a verdict; below it KPIs are shown without one' }),
  excusedCauses: z.array(ExceptionCauseSchema).openapi({ description: 'Causes whose deliveries leave the contractual KPIs (DESIGN.md §5)' }),
  consigneeIds: z.array(z.number().int()).openapi({ description: 'Empty: every consignee of the shipper' }),
  daysToEnd: z.number().int().openapi({ description: 'Days from today (business time zone) to the end date; negative once ended' }),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  canWrite: z.boolean().openapi({ description: 'the caller may change, archive or delete the contract' }),
}).openapi('Contract');

const termFields = {
  code: z.string().trim().min(1).max(64).regex(/^\S+$/, 'No spaces in a code.'),
  name: z.string().trim().max(200).nullable().optional(),
  startDate: isoDate,
  endDate: isoDate,
  autoRenew: z.boolean().optional(),
  monthlyFee: z.number().min(0).max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO currency code, e.g. CNY.').optional(),
  onTimeTarget: fraction.nullable().optional(),
  inFullTarget: fraction.nullable().optional(),
  otifTarget: fraction.nullable().optional(),
  maxDamageRate: fraction.nullable().optional(),
  maxAvgTransitHours: z.number().positive().max(10_000).nullable().optional(),
  graceMinutes: minutes.optional(),
  earlyToleranceMinutes: minutes.nullable().optional(),
  claimResponseHours: z.number().positive().max(10_000).nullable().optional(),
  creditTiers: z.array(CreditTierSchema).max(20).optional(),
  creditCapPercent: fraction.nullable().optional(),
  settlingDays: z.number().int().min(0).max(MAX_SETTLING_DAYS).optional()
    .openapi({ description: `Days after a month's end before it is closed (0–${MAX_SETTLING_DAYS}, default 3)` }),
  minDueCount: z.number().int().min(1).max(MAX_MIN_DUE_COUNT).optional()
    .openapi({ description: 'Due deliveries a month needs for a verdict (default 20)' }),
  excusedCauses: z.array(ExceptionCauseSchema).max(5).refine(unique, 'Each cause once.').optional()
    .openapi({ description: 'Causes the contract excuses (default shipper, consignee, force_majeure)' }),
  consigneeIds: z.array(z.number().int().positive()).max(5000).refine(unique, 'Each consignee once.').optional(),
};

export const CreateContractSchema = z.strictObject({
  shipperId: z.number().int().positive(),
  ...termFields,
}).openapi('CreateContract');

export const UpdateContractSchema = z.strictObject({
  ...termFields,
  code: termFields.code.optional(),
  startDate: termFields.startDate.optional(),
  endDate: termFields.endDate.optional(),
  monthlyFee: termFields.monthlyFee.optional(),
}).openapi('UpdateContract');

export const ContractListQuery = PageQuery.extend({
  shipperId: Id.optional(),
  consigneeId: Id.optional().openapi({ description: 'Contracts that cover this consignee' }),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the code or name' }),
  activeOn: isoDate.optional().openapi({ description: 'Contracts whose period contains this day' }),
  endingWithinDays: z.coerce.number().int().min(0).max(3650).optional().openapi({ description: 'Live contracts ending between today and today + N days' }),
  autoRenew: z.enum(['true', 'false']).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});

export const ComplianceSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  latestClosed: z.object({
    month: z.string(),
    verdict: z.enum(['nothing_due', 'too_few', 'met', 'breached']),
    breaches: z.array(z.string()),
  }).nullable(),
  closedMonths: z.number().int(),
  breachedMonths: z.number().int(),
  creditsOwed: z.number().openapi({ description: 'Σ credits of the closed months of [from, to]' }),
  provisionalMonths: z.number().int(),
}).openapi('ComplianceSummary', { description: 'the contract’s months from its start to today, as GET /contracts/{id}/compliance judges them' });

export const ContractListItemSchema = ContractSchema.extend({
  compliance: z.union([ComplianceSummarySchema, z.null()]).openapi({ description: 'null for a client that is not the shipper (it sees targets, not credits)' }),
}).openapi('ContractListItem');

export const ContractListSchema = z.object({ items: z.array(ContractListItemSchema), meta: PageMetaSchema });

export type CreateContractInput = z.infer<typeof CreateContractSchema>;
export type UpdateContractInput = z.infer<typeof UpdateContractSchema>;
export type ContractListInput = z.infer<typeof ContractListQuery>;
