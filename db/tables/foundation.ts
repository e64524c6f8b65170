import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** a timestamp with a database default (now()) */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string | null, string | null>;
export type Role = 'admin' | 'manager' | 'operations' | 'client';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  company_id: number | null;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** sign-in failures counted under one key (api/auth/sign-in-throttle.ts) */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_ends: Timestamp;
  blocked_until: Timestamp | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the cookie itself is never stored */
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_by: number | null;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: GeneratedTimestamp;
  updated_by: number | null;
}
