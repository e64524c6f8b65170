import { z } from '../openapi';

export const RoleSchema = z.enum(['admin', 'manager', 'operations', 'client']);

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  companyId: z.number().int().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
}).openapi('User');

export const MeSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  companyId: z.number().int().nullable(),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().nullable(),
}).openapi('Me');

const password = z.string().min(10, 'Use at least 10 characters.').max(200);

export const CreateUserSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  password,
  role: RoleSchema,
  companyId: z.number().int().positive().nullable().optional(),
}).openapi('CreateUser');

export const UpdateUserSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: RoleSchema.optional(),
  companyId: z.number().int().positive().nullable().optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
}).openapi('UpdateUser');

export const LoginSchema = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
}).openapi('Login');

export const ApiTokenSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revoked: z.boolean(),
}).openapi('ApiToken');

export const CreateApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  userId: z.number().int().positive().optional(),
  // null or left out: the token never expires
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
}).openapi('CreateApiToken');
