import type { Role } from '../../db/tables/foundation';

/** The authenticated caller, as every service receives it. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  role: Role;
  /** set for client users: the one company they belong to */
  companyId: number | null;
  via: 'session' | 'token';
  sessionId?: string;
  /** the request this actor is acting in, for the audit log */
  requestId?: string;
}
