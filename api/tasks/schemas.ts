import { PageMetaSchema, PageQuery, z } from '../openapi';

const id = z.number().int().positive().max(2 ** 53 - 1);
const timestamp = z.iso.datetime({ offset: true, message: 'An ISO 8601 timestamp, e.g. 2026-11-25T09:30:00+08:00.' });
export const TaskStatusSchema = z.enum(['open', 'in_progress', 'done', 'cancelled']);
export const TaskPrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);

export const WarningSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });

export const TaskSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  notes: z.string().nullable(),
  ownerId: z.number().int(),
  ownerName: z.string(),
  dueAt: z.string().nullable(),
  status: TaskStatusSchema,
  priority: TaskPrioritySchema,
  companyId: z.number().int(),
  companyName: z.string(),
  pairId: z.number().int().nullable(),
  contractId: z.number().int().nullable(),
  contractCode: z.string().nullable(),
  alertId: z.number().int().nullable(),
  interactionId: z.number().int().nullable(),
  claimId: z.number().int().nullable(),
  forReview: z.boolean().openapi({ description: 'An agreed action, shown in the quarterly business review pack' }),
  overdue: z.boolean().openapi({ description: 'Open and past its due time' }),
  dueInPastOnCreation: z.boolean().openapi({ description: 'Created with a due time already past (allowed, flagged)' }),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  canWrite: z.boolean(),
  warnings: z.array(WarningSchema).openapi({ description: 'Accepted but worth a second look (e.g. dueAt: in_past)' }),
}).openapi('Task');

const links = {
  companyId: id.optional(),
  pairId: id.optional(),
  contractId: id.optional(),
  alertId: id.optional().openapi({ description: 'A task made from an alert: title, due time, priority and links come from the alert unless given' }),
  interactionId: id.optional(),
  claimId: id.optional(),
};

export const CreateTaskSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional().openapi({ description: 'Required unless the task is made from an alert', example: 'Call the warehouse manager' }),
  notes: z.string().max(4000).nullable().optional(),
  ownerId: id.optional().openapi({ description: 'Default: you. Must be staff who may work on the linked company.' }),
  dueAt: timestamp.nullable().optional(),
  priority: TaskPrioritySchema.optional(),
  status: TaskStatusSchema.optional(),
  forReview: z.boolean().optional(),
  ...links,
}).openapi('CreateTask');

export const UpdateTaskSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  notes: z.string().max(4000).nullable().optional(),
  ownerId: id.optional(),
  dueAt: timestamp.nullable().optional(),
  priority: TaskPrioritySchema.optional(),
  status: TaskStatusSchema.optional(),
  forReview: z.boolean().optional(),
}).openapi('UpdateTask');

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TaskListQuery = PageQuery.extend({
  mine: bool.optional().openapi({ description: 'Only tasks you own' }),
  ownerId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional(),
  companyId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional(),
  alertId: z.coerce.number().int().positive().max(2 ** 53 - 1).optional(),
  status: z.enum(['open', 'done', 'cancelled', 'all', 'in_progress']).default('open').openapi({ description: 'open: open or in progress' }),
  priority: TaskPrioritySchema.optional(),
  overdue: bool.optional(),
  forReview: bool.optional(),
  sort: z.enum(['due', 'priority', 'created']).default('due'),
  order: z.enum(['asc', 'desc']).default('asc'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const TaskListSchema = PageMetaSchema.extend({ items: z.array(TaskSchema) }).openapi('TaskList');

export type CreateTaskInput = z.infer<typeof CreateTaskSchema>;
export type UpdateTaskInput = z.infer<typeof UpdateTaskSchema>;
export type TaskListInput = z.infer<typeof TaskListQuery>;
