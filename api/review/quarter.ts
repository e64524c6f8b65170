import { lastDayOfMonth, monthStart } from '../domain/periods';

/** A calendar quarter 'YYYY-Qn' as its first and last day. */
export interface Quarter { key: string; from: string; to: string }

export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export function quarterOf(key: string): Quarter {
  const m = QUARTER_PATTERN.exec(key);
  if (!m) throw new Error(`not a quarter: ${key}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const first = `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`;
  return { key, from: first, to: lastDayOfMonth(monthStart(first, 2).slice(0, 7)) };
}

export function quarterContaining(day: string): Quarter {
  const [y, m] = day.split('-').map(Number);
  return quarterOf(`${y}-Q${Math.floor((m - 1) / 3) + 1}`);
}

/** The quarter `offset` quarters from `q` (−1: the one before). */
export function shiftQuarter(q: Quarter, offset: number): Quarter {
  return quarterContaining(monthStart(q.from, offset * 3));
}
