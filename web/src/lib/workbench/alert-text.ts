/** An alert's title and evidence in the user's language, from its rule and params. */
import { fmtCurrency, fmtDate, fmtDateTime, fmtNumber, fmtPercent, hasMessage, t } from '$lib/i18n';
import type { Alert, EvidenceFact, EvidenceLink } from './types';

const RATE_KPIS = new Set(['onTime', 'inFull', 'otif', 'damageRate']);

function kpiValue(kpi: unknown, value: unknown): string {
  if (typeof value !== 'number') return '—';
  return kpi === 'avgTransitHours' ? `${fmtNumber(value, { maximumFractionDigits: 1 })} h` : fmtPercent(value);
}

export function alertTitle(alert: Pick<Alert, 'rule' | 'params' | 'title'>): string {
  const key = `wb.title.${alert.rule}`;
  if (!hasMessage(key)) return alert.title;
  const p = alert.params;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p)) params[k] = v === null ? '—' : v;
  if (p.kpi) {
    params.kpi = t(`kpi.${p.kpi}`);
    params.actual = kpiValue(p.kpi, p.actual);
    params.target = kpiValue(p.kpi, p.target);
  }
  for (const k of ['share', 'fall', 'before', 'after']) if (typeof p[k] === 'number') params[k] = fmtPercent(p[k] as number);
  for (const k of ['latest', 'previous']) if (typeof p[k] === 'number') params[k] = fmtNumber(p[k] as number, { maximumFractionDigits: 2 });
  if (typeof p.endDate === 'string') params.endDate = fmtDate(p.endDate);
  return t(key, params);
}

export function factLabel(f: EvidenceFact): string {
  return hasMessage(`wb.fact.${f.key}`) ? t(`wb.fact.${f.key}`) : f.key;
}

export function factValue(f: EvidenceFact, currency = 'CNY'): string {
  const v = f.value;
  if (v === null) return '—';
  const one = (x: number | string) => {
    if (typeof x === 'string') return f.unit === 'date' ? (x.length > 10 ? fmtDateTime(x) : fmtDate(x)) : x;
    switch (f.unit) {
      case 'ratio': return RATE_KPIS.has(f.key) || f.key !== 'avgTransitHours' ? fmtPercent(x) : String(x);
      case 'money': return fmtCurrency(x, currency, { maximumFractionDigits: 0 });
      case 'hours': return `${fmtNumber(x, { maximumFractionDigits: 1 })} h`;
      case 'score': case 'points': return fmtNumber(x, { maximumFractionDigits: 2 });
      default: return fmtNumber(x);
    }
  };
  const text = one(v);
  return f.target != null ? `${text} (${t('wb.fact.target', { target: one(f.target) })})` : text;
}

/** The portal page that shows an alert's evidence. */
export function linkHref(l: EvidenceLink): string {
  switch (l.type) {
    case 'contract': case 'compliance': return `/contracts/${l.id}`;
    case 'company': return `/companies/${l.id}`;
    default: return `/companies/${l.companyId ?? l.id}`;
  }
}

export function linkLabel(l: EvidenceLink): string {
  return l.type === 'compliance' ? t('wb.alert.link.compliance', { label: l.label }) : l.label;
}

export const severityBadge = (s: string) => (s === 'critical' ? 'badge badge-bad' : s === 'warning' ? 'badge badge-warn' : 'badge');
