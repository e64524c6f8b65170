import { PageMetaSchema, PageQuery, z } from '../openapi';
import { ALERT_RULE_IDS } from './rules';

const EvidenceLinkSchema = z.object({
  type: z.enum(['company', 'contract', 'pair', 'survey', 'churn', 'compliance']),
  id: z.number().int(),
  companyId: z.number().int().optional(),
  month: z.string().optional(),
  label: z.string(),
});

const EvidenceFactSchema = z.object({
  key: z.string(),
  value: z.union([z.number(), z.string()]).nullable(),
  target: z.number().nullable().optional(),
  unit: z.enum(['ratio', 'count', 'hours', 'score', 'money', 'days', 'date', 'text', 'points']),
});

export const TaskDraftSchema = z.object({
  title: z.string(),
  dueAt: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  companyId: z.number().int(),
  pairId: z.number().int().nullable(),
  contractId: z.number().int().nullable(),
  alertId: z.number().int(),
}).openapi('TaskDraft');

export const AlertSchema = z.object({
  id: z.number().int(),
  rule: z.string().openapi({ description: `One of ${ALERT_RULE_IDS.join(', ')}` }),
  severity: z.enum(['info', 'warning', 'critical']),
  period: z.string().nullable(),
  companyId: z.number().int(),
  companyName: z.string(),
  pairId: z.number().int().nullable(),
  contractId: z.number().int().nullable(),
  title: z.string().openapi({ description: 'In English, or Chinese when the request prefers zh (Accept-Language)' }),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  evidence: z.object({ links: z.array(EvidenceLinkSchema), facts: z.array(EvidenceFactSchema) }),
  raisedAt: z.string(),
  routed: z.boolean().openapi({ description: 'In your inbox (you are the account manager, or an admin of an unmanaged company)' }),
  status: z.enum(['unread', 'read', 'snoozed', 'dismissed']),
  readAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  dismissedAt: z.string().nullable(),
  dismissReason: z.string().nullable(),
  openTasks: z.number().int(),
  taskDraft: TaskDraftSchema,
}).openapi('Alert');

export const AlertListQuery = PageQuery.extend({
  box: z.enum(['inbox', 'all']).default('inbox').openapi({ description: 'inbox: routed to you; all: every alert of your portfolio' }),
  status: z.enum(['active', 'unread', 'read', 'snoozed', 'dismissed', 'any']).default('active')
    .openapi({ description: 'active: neither dismissed nor snoozed now' }),
  rule: z.enum(ALERT_RULE_IDS as [string, ...string[]]).optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  companyId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const AlertListSchema = PageMetaSchema.extend({ items: z.array(AlertSchema) }).openapi('AlertList');

export const SnoozeSchema = z.strictObject({
  until: z.iso.datetime({ offset: true }).nullable().openapi({ description: 'When the alert comes back (at most a year from now); null ends the snooze' }),
}).openapi('SnoozeAlert');

export const DismissSchema = z.strictObject({
  reason: z.string().trim().min(1).max(500).openapi({ example: 'Spoke to the customer: a one-off.' }),
}).openapi('DismissAlert');

export const EvaluationSchema = z.object({
  trigger: z.string(), found: z.number().int(), raised: z.number().int(), byRule: z.record(z.string(), z.number().int()),
}).openapi('AlertEvaluation');
