import { z, PageQuery } from '../openapi';
import { Id, Timestamp } from './scalars';

const item = (label: string) => z.number().int().min(1, `${label} is scored 1 to 5.`).max(5, `${label} is scored 1 to 5.`).nullable().optional()
  .openapi({ example: 4 });

export const SideSchema = z.enum(['shipper', 'consignee']);
export const ChannelSchema = z.enum(['portal', 'phone', 'email', 'visit']);

/** Basic items: timeliness, accuracy, condition, billing. Loyalty items: proactiveness, communication, valueAdded. */
export const SurveyItemsShape = {
  timeliness: item('timeliness'),
  accuracy: item('accuracy'),
  condition: item('condition'),
  billing: item('billing'),
  proactiveness: item('proactiveness'),
  communication: item('communication'),
  valueAdded: item('valueAdded'),
  recommend: z.number().int().min(0, 'recommend is scored 0 to 10.').max(10, 'recommend is scored 0 to 10.').nullable().optional()
    .openapi({ description: 'Likelihood to recommend, 0–10', example: 9 }),
};

export const CreateSurveySchema = z.strictObject({
  companyId: z.number().int().positive().optional()
    .openapi({ description: 'The answering company; a client user may leave it out (its own company).' }),
  departmentId: z.number().int().positive(),
  pairId: z.number().int().positive().nullable().optional()
    .openapi({ description: 'The customer pair judged; the side then follows from the company’s place in it.' }),
  side: SideSchema.optional().openapi({ description: 'Required without a pair, unless the company has only one role.' }),
  channel: ChannelSchema.optional().openapi({ description: 'Clients always answer on the portal; staff default to phone.' }),
  respondentName: z.string().trim().min(1).max(200).nullable().optional(),
  submittedAt: Timestamp.optional()
    .openapi({ description: 'Staff only: when a survey taken earlier was answered (not in the future).' }),
  ...SurveyItemsShape,
  comment: z.string().trim().max(4000).nullable().optional(),
}).openapi('CreateSurvey');

export const SurveyResponseSchema = z.object({
  id: z.number().int(),
  companyId: z.number().int(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  pairId: z.number().int().nullable(),
  side: SideSchema,
  channel: ChannelSchema,
  respondentUserId: z.number().int().nullable(),
  respondentName: z.string().nullable(),
  submittedAt: z.string(),
  timeliness: z.number().int().nullable(),
  accuracy: z.number().int().nullable(),
  condition: z.number().int().nullable(),
  billing: z.number().int().nullable(),
  proactiveness: z.number().int().nullable(),
  communication: z.number().int().nullable(),
  valueAdded: z.number().int().nullable(),
  recommend: z.number().int().nullable(),
  comment: z.string().nullable(),
}).openapi('SurveyResponse');

const positiveId = Id;

export const SurveyListQuery = PageQuery.extend({
  companyId: positiveId.optional(),
  departmentId: positiveId.optional(),
  pairId: positiveId.optional(),
  side: SideSchema.optional(),
  from: Timestamp.optional().openapi({ description: 'submitted at or after' }),
  to: Timestamp.optional().openapi({ description: 'submitted before' }),
});
