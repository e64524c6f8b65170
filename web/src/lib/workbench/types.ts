/** Shapes of the workbench answers (alerts, tasks, timeline, review pack, saved views). */
export type Severity = 'info' | 'warning' | 'critical';

export interface EvidenceLink { type: 'company' | 'contract' | 'pair' | 'survey' | 'churn' | 'compliance'; id: number; companyId?: number; month?: string; label: string }
export interface EvidenceFact { key: string; value: number | string | null; target?: number | null; unit: string }

export interface TaskDraft { title: string; dueAt: string; priority: TaskPriority; companyId: number; pairId: number | null; contractId: number | null; alertId: number }

export interface Alert {
  id: number; rule: string; severity: Severity; period: string | null; companyId: number; companyName: string;
  pairId: number | null; contractId: number | null; title: string; params: Record<string, string | number | null>;
  evidence: { links: EvidenceLink[]; facts: EvidenceFact[] }; raisedAt: string; routed: boolean;
  status: 'unread' | 'read' | 'snoozed' | 'dismissed'; readAt: string | null; snoozedUntil: string | null;
  dismissedAt: string | null; dismissReason: string | null; openTasks: number; taskDraft: TaskDraft;
}

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface Task {
  id: number; title: string; notes: string | null; ownerId: number; ownerName: string; dueAt: string | null;
  status: TaskStatus; priority: TaskPriority; companyId: number; companyName: string; pairId: number | null;
  contractId: number | null; contractCode: string | null; alertId: number | null; interactionId: number | null;
  forReview: boolean; overdue: boolean; dueInPastOnCreation: boolean; canWrite: boolean;
  warnings: { path: string; code: string; message: string }[]; createdAt: string; completedAt: string | null;
}

export interface PagedList<T> { items: T[]; page: number; pageSize: number; total: number; pages: number }

export interface TimelineEvent { kind: 'interaction' | 'survey' | 'breach' | 'churn' | 'contract' | 'alert' | 'task' | 'dispute' | 'claim'; id: number; at: string; data: Record<string, any> }

export interface SavedView { id: number; list: string; name: string; search: string }
