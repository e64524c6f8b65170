import { toCsv } from '../csv';
import type { toAlert } from './inbox-service';

type Alert = ReturnType<typeof toAlert>;

export const alertsCsv = (items: readonly Alert[]) => toCsv(items, [
  { header: 'id', value: (a) => a.id },
  { header: 'raised_at', value: (a) => a.raisedAt },
  { header: 'rule', value: (a) => a.rule },
  { header: 'severity', value: (a) => a.severity },
  { header: 'period', value: (a) => a.period },
  { header: 'company_id', value: (a) => a.companyId },
  { header: 'company', value: (a) => a.companyName },
  { header: 'title', value: (a) => a.title },
  { header: 'status', value: (a) => a.status },
  { header: 'snoozed_until', value: (a) => a.snoozedUntil },
  { header: 'dismiss_reason', value: (a) => a.dismissReason },
  { header: 'open_tasks', value: (a) => a.openTasks },
  { header: 'evidence', value: (a) => a.evidence.facts.map((f) => `${f.key}=${f.value}${f.target != null ? `/${f.target}` : ''}`).join('; ') },
]);
