import { hasMessage, t } from '$lib/i18n';
import type { RetentionAdvice } from './types';

/** The API's advice (action key + what it names) worded in the current language; the API decides, the portal only translates. */
export function adviceText(advice: RetentionAdvice): string {
  const p = advice.params ?? {};
  const key = advice.action === 'fix_department' && !p.department ? 'adv.fix_department.general' : `adv.${advice.action}`;
  if (!hasMessage(key)) return advice.reason;
  return t(key, { department: p.department ?? '', neighbour: p.neighbour ?? '' });
}
