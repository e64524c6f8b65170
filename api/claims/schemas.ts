import { PageMetaSchema, PageQuery, z } from '../openapi';
import { idParam } from '../schemas/scalars';

export const ClaimKindSchema = z.enum(['over', 'short', 'damaged', 'lost']).openapi('ClaimKind');
export const ClaimStatusSchema = z.enum(['filed', 'acknowledged', 'investigating', 'approved', 'rejected', 'paid']).openapi('ClaimStatus');

const money = z.number().min(0).max(1e11).multipleOf(0.01);

export const ClaimDeliverySchema = z.object({
  deliveryId: z.number().int(),
  trackingNo: z.string(),
  consigneeId: z.number().int(),
  consigneeName: z.string(),
}).openapi('ClaimDelivery');

export const ClaimSchema = z.object({
  id: z.number().int(),
  kind: ClaimKindSchema,
  status: ClaimStatusSchema,
  shipperId: z.number().int(),
  shipperName: z.string(),
  filedCompanyId: z.number().int().openapi({ description: 'The client company that filed it (the shipper when staff filed it)' }),
  filedCompanyName: z.string(),
  contractId: z.number().int().nullable(),
  contractCode: z.string().nullable(),
  amountClaimed: z.number(),
  amountSettled: z.number().nullable(),
  settlementNote: z.string().nullable(),
  currency: z.string(),
  description: z.string(),
  filedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  responseTargetHours: z.number().openapi({ description: "The contract's claim-response target (else the setting churn.claimResponseHours)" }),
  responseDueAt: z.string(),
  responseHours: z.number().nullable().openapi({ description: 'Hours from filing to the first staff response (acknowledged); null while unanswered' }),
  respondedLate: z.boolean().openapi({ description: 'Answered after the target, or unanswered past it' }),
  deliveries: z.array(ClaimDeliverySchema),
  canWork: z.boolean().openapi({ description: 'The caller may move it through its statuses and set the settled amount' }),
  nextStatuses: z.array(ClaimStatusSchema).openapi({ description: 'The steps the claim may take next (empty unless the caller may work it)' }),
  settleable: z.boolean().openapi({ description: 'The caller may set the settled amount now' }),
}).openapi('Claim');

export const ClaimHistoryEntrySchema = z.object({
  fromStatus: z.union([ClaimStatusSchema, z.null()]),
  toStatus: ClaimStatusSchema,
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
}).openapi('ClaimHistoryEntry');

export const ClaimAttachmentSchema = z.object({
  id: z.number().int(),
  fileName: z.string().nullable(),
  contentType: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
}).openapi('ClaimAttachment');

export const ClaimDetailSchema = ClaimSchema.extend({
  history: z.array(ClaimHistoryEntrySchema),
  attachments: z.array(ClaimAttachmentSchema),
}).openapi('ClaimDetail');

export const FileClaimSchema = z.strictObject({
  trackingNos: z.array(z.string().trim().min(1).max(100)).min(1).max(20)
    .openapi({ description: 'The deliveries the claim concerns, by tracking number (all of one shipper)', example: ['SF1001'] }),
  shipperId: z.number().int().positive().max(2 ** 53 - 1).optional()
    .openapi({ description: 'The shipper, when a tracking number is used by more than one shipper you may see' }),
  kind: ClaimKindSchema,
  amountClaimed: money.openapi({ description: 'CNY; at most the setting claims.maxAmountMultiple (default 3) × the deliveries\' revenue', example: 500 }),
  description: z.string().trim().max(4000).default(''),
}).openapi('FileClaim');

export const ClaimStatusChangeSchema = z.strictObject({
  status: ClaimStatusSchema,
  note: z.string().trim().max(2000).nullable().optional(),
}).openapi('ClaimStatusChange');

export const ClaimSettlementSchema = z.strictObject({
  amountSettled: money,
  note: z.string().trim().min(1).max(2000),
}).openapi('ClaimSettlement');

export const ClaimListQuery = PageQuery.extend({
  status: ClaimStatusSchema.optional(),
  kind: ClaimKindSchema.optional(),
  companyId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional()
    .openapi({ description: 'Claims whose shipper, filing company or a delivery\'s consignee is this company' }),
  format: z.enum(['json', 'csv']).default('json'),
});

export const ClaimListSchema = z.object({ items: z.array(ClaimSchema), meta: PageMetaSchema }).openapi('ClaimList');

export const ClaimAttachmentParams = z.object({ id: idParam('id'), attachmentId: idParam('attachmentId') });

export type FileClaimInput = z.infer<typeof FileClaimSchema>;
export type ClaimListInput = z.infer<typeof ClaimListQuery>;
