import { z, PageMetaSchema, PageQuery } from '../openapi';
import { BusinessDate, Id } from './scalars';

export const CompanyRoleSchema = z.enum(['shipper', 'consignee']).openapi('CompanyRole');
export const ServiceLineSchema = z.enum([
  'transport', 'warehousing', 'value_added', 'customs', 'cold_chain', 'last_mile', 'express',
]).openapi('ServiceLine');
export const LifecycleStageSchema = z.enum(['prospect', 'development', 'growth', 'maturity', 'decline', 'terminated']);

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const isoDate = BusinessDate;
const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const CompanySchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  roles: z.array(CompanyRoleSchema),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  address: z.string().nullable(),
  accountManagerId: z.number().int().nullable(),
  accountManagerName: z.string().nullable(),
  estAnnualShipments: z.number().int().nullable(),
  serviceLines: z.array(z.string()),
  notes: z.string().nullable(),
  customerSince: z.string().nullable(),
  lifecycleStage: LifecycleStageSchema.nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Company');

const companyFields = {
  code: text(64).min(1).regex(/^\S+$/, 'No spaces in a code.'),
  name: text(200).min(1),
  roles: z.array(CompanyRoleSchema).min(1, 'Pick shipper, consignee or both.').refine(unique, 'Each role once.'),
  industry: optionalText(100),
  region: optionalText(100),
  address: optionalText(500),
  accountManagerId: z.number().int().positive().nullable().optional(),
  estAnnualShipments: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  serviceLines: z.array(ServiceLineSchema).max(20).refine(unique, 'Each service line once.').optional(),
  notes: optionalText(5000),
  // checked against the day of the request, not the schema's load
  customerSince: isoDate
    .refine((day) => day <= new Date().toISOString().slice(0, 10), { message: 'Must not be in the future.', params: { code: 'in_future' } })
    .nullable().optional(),
};

export const CreateCompanySchema = z.strictObject(companyFields).openapi('CreateCompany');
export const UpdateCompanySchema = z.strictObject({
  ...companyFields,
  code: companyFields.code.optional(),
  name: companyFields.name.optional(),
  roles: companyFields.roles.optional(),
}).openapi('UpdateCompany');

export const CompanySortSchema = z.enum(['name', 'code', 'createdAt', 'customerSince', 'estAnnualShipments', 'churnRisk', 'revenue12m', 'accountManager'])
  .openapi({ description: 'name: by pinyin (as Intl.Collator("zh")); churnRisk and revenue12m: of the latest churn run' });

export const CompanyListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the name or code (any script)' }),
  role: CompanyRoleSchema.optional(),
  region: z.string().trim().max(100).optional(),
  industry: z.string().trim().max(100).optional(),
  accountManagerId: Id.optional(),
  lifecycleStage: LifecycleStageSchema.optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: CompanySortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const PairStatsSchema = z.object({
  shipments90d: z.number(),
  revenue90d: z.number(),
  shipments12m: z.number(),
  revenue12m: z.number(),
  shipperWeight: z.number().nullable().openapi({ description: "Share of the shipper's 12-month shipments going to this consignee (null for a client of the consignee)" }),
  consigneeWeight: z.number().nullable().openapi({ description: "Share of the consignee's 12-month inbound shipments coming from this shipper (null for a client of the shipper)" }),
}).openapi('PairStats');

const PartySchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const PairSchema = z.object({
  id: z.number().int(),
  shipper: PartySchema,
  consignee: PartySchema,
  source: z.enum(['manual', 'import']),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  canWrite: z.boolean().openapi({ description: 'the caller may change, archive or unarchive the pair' }),
  stats: PairStatsSchema,
}).openapi('Pair');

export const CompanyDetailSchema = CompanySchema.extend({
  pairsAsShipper: z.array(PairSchema),
  pairsAsConsignee: z.array(PairSchema),
}).openapi('CompanyDetail');

export const CompanyListItemSchema = CompanySchema.extend({
  churnRisk: z.number().nullable().openapi({ description: 'Total churn probability p (next 12 months) of the latest run; null for clients or when not scored' }),
  revenue12m: z.number().nullable().openapi({ description: 'Revenue as shipper over the 12 months up to the latest churn run; null for clients or when not scored' }),
}).openapi('CompanyListItem');

export const CompanyListSchema = z.object({
  items: z.array(CompanyListItemSchema),
  meta: PageMetaSchema,
  churnRun: z.object({ id: z.number().int(), computedAt: z.string() }).nullable().optional()
    .openapi({ description: 'the churn run the risk and revenue columns come from (null when never computed; absent for clients)' }),
});

export const CreatePairSchema = z.strictObject({
  shipperId: z.number().int().positive(),
  consigneeId: z.number().int().positive(),
  notes: optionalText(2000),
}).openapi('CreatePair');

export const UpdatePairSchema = z.strictObject({ notes: optionalText(2000) }).openapi('UpdatePair');

export const PairListQuery = PageQuery.extend({
  shipperId: Id.optional(),
  consigneeId: Id.optional(),
  companyId: Id.optional().openapi({ description: 'Pairs where this company is either side' }),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});

export const PairListSchema = z.object({ items: z.array(PairSchema), meta: PageMetaSchema });

export type CreateCompanyInput = z.infer<typeof CreateCompanySchema>;
export type UpdateCompanyInput = z.infer<typeof UpdateCompanySchema>;
export type CompanyListInput = z.infer<typeof CompanyListQuery>;
export type CreatePairInput = z.infer<typeof CreatePairSchema>;
export type PairListInput = z.infer<typeof PairListQuery>;
