import { z, IdParams, PageMetaSchema, PageQuery } from '../openapi';
import { Id, idParam, Timestamp } from './scalars';

const id = idParam;
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const timestamp = Timestamp;

export const DepartmentParams = IdParams.extend({ departmentId: id('departmentId') });
export const ContactParams = IdParams.extend({ contactId: id('contactId') });
export const InteractionParams = IdParams.extend({ interactionId: id('interactionId') });

export const DepartmentKindSchema = z.enum(['procurement', 'warehouse', 'finance', 'logistics', 'sales', 'customer_service', 'other']).openapi('DepartmentKind');

export const DepartmentSchema = z.object({
  id: z.number().int(),
  companyId: z.number().int(),
  kind: DepartmentKindSchema,
  name: z.string(),
  weight: z.number().nullable().openapi({ description: 'Given weight; null shares what the given weights leave equally' }),
  effectiveWeight: z.number(),
  keyContactId: z.number().int().nullable(),
  keyContactName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Department');

const departmentFields = {
  kind: DepartmentKindSchema,
  name: z.string().trim().min(1).max(200),
  weight: z.number().gt(0, 'Above 0 (leave empty to share the rest equally).').max(1, 'At most 1.').multipleOf(0.0001).nullable().optional(),
  keyContactId: z.number().int().positive().nullable().optional(),
};
export const CreateDepartmentSchema = z.strictObject(departmentFields).openapi('CreateDepartment');
export const UpdateDepartmentSchema = z.strictObject({
  ...departmentFields, kind: departmentFields.kind.optional(), name: departmentFields.name.optional(),
}).openapi('UpdateDepartment');

export const ChannelSchema = z.enum(['phone', 'email', 'wechat', 'sms', 'visit', 'other']).openapi('Channel');

export const ContactSchema = z.object({
  id: z.number().int(),
  companyId: z.number().int(),
  departmentId: z.number().int().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredChannel: z.string().nullable(),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Contact');

const contactFields = {
  name: z.string().trim().min(1).max(200),
  departmentId: z.number().int().positive().nullable().optional(),
  title: optionalText(200),
  email: z.email().max(254).nullable().optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,30}$/, 'Digits, spaces, +, ( ) and - only.').nullable().optional(),
  preferredChannel: z.union([ChannelSchema, z.null()]).optional(),
  notes: optionalText(5000),
};
export const CreateContactSchema = z.strictObject(contactFields).openapi('CreateContact');
export const UpdateContactSchema = z.strictObject({ ...contactFields, name: contactFields.name.optional() }).openapi('UpdateContact');
export const ContactListQuery = z.object({ archived: z.enum(['false', 'true', 'all']).default('false') });

export const InteractionKindSchema = z.enum(['call', 'visit', 'email', 'meeting', 'complaint', 'claim']).openapi('InteractionKind');

export const InteractionSchema = z.object({
  id: z.number().int(),
  companyId: z.number().int(),
  kind: InteractionKindSchema,
  occurredAt: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  pairId: z.number().int().nullable(),
  summary: z.string(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  openedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  open: z.boolean().openapi({ description: 'A complaint or claim not yet resolved' }),
  resolutionHours: z.number().nullable().openapi({ description: 'Hours from opened to resolved (complaints and claims)' }),
  createdAt: z.string(),
}).openapi('Interaction');

const interactionFields = {
  kind: InteractionKindSchema,
  occurredAt: timestamp,
  departmentId: z.number().int().positive().nullable().optional(),
  pairId: z.number().int().positive().nullable().optional(),
  summary: z.string().trim().min(1).max(5000),
  ownerId: z.number().int().positive().nullable().optional(),
  openedAt: timestamp.nullable().optional().openapi({ description: 'Complaints and claims; defaults to occurredAt' }),
  resolvedAt: timestamp.nullable().optional().openapi({ description: 'Complaints and claims; set to resolve, null to reopen' }),
};
export const CreateInteractionSchema = z.strictObject(interactionFields).openapi('CreateInteraction');
export const UpdateInteractionSchema = z.strictObject({
  ...interactionFields, kind: interactionFields.kind.optional(), occurredAt: interactionFields.occurredAt.optional(),
  summary: interactionFields.summary.optional(),
}).openapi('UpdateInteraction');

export const InteractionListQuery = PageQuery.extend({
  kind: InteractionKindSchema.optional(),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'true: unresolved complaints and claims only' }),
  departmentId: Id.optional(),
  pairId: Id.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
});
export const InteractionListSchema = z.object({ items: z.array(InteractionSchema), meta: PageMetaSchema });

export type CreateDepartmentInput = z.infer<typeof CreateDepartmentSchema>;
export type UpdateDepartmentInput = z.infer<typeof UpdateDepartmentSchema>;
export type CreateContactInput = z.infer<typeof CreateContactSchema>;
export type UpdateContactInput = z.infer<typeof UpdateContactSchema>;
export type CreateInteractionInput = z.infer<typeof CreateInteractionSchema>;
export type UpdateInteractionInput = z.infer<typeof UpdateInteractionSchema>;
export type InteractionListInput = z.infer<typeof InteractionListQuery>;
