import { toCsv } from '../csv';
import type { Task } from './service';

export const tasksCsv = (items: readonly Task[]) => toCsv(items, [
  { header: 'id', value: (t) => t.id },
  { header: 'title', value: (t) => t.title },
  { header: 'status', value: (t) => t.status },
  { header: 'priority', value: (t) => t.priority },
  { header: 'due_at', value: (t) => t.dueAt },
  { header: 'overdue', value: (t) => t.overdue },
  { header: 'owner', value: (t) => t.ownerName },
  { header: 'company_id', value: (t) => t.companyId },
  { header: 'company', value: (t) => t.companyName },
  { header: 'contract', value: (t) => t.contractCode },
  { header: 'pair_id', value: (t) => t.pairId },
  { header: 'alert_id', value: (t) => t.alertId },
  { header: 'for_review', value: (t) => t.forReview },
  { header: 'created_at', value: (t) => t.createdAt },
  { header: 'completed_at', value: (t) => t.completedAt },
  { header: 'notes', value: (t) => t.notes },
]);
