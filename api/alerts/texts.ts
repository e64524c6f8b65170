/**
 * Alert titles in both languages, for the API's `title`, CSV exports and the e-mail digest (the portal
 * writes its own from `rule` and `params` through its message files).
 */
type Params = Record<string, string | number | null>;
export type Language = 'en' | 'zh';

const pct = (v: unknown) => (typeof v === 'number' ? `${(Math.round(v * 1000) / 10).toString()} %` : '—');

const KPI: Record<Language, Record<string, string>> = {
  en: { onTime: 'on-time', inFull: 'in-full', otif: 'OTIF', damageRate: 'damage rate', avgTransitHours: 'transit time' },
  zh: { onTime: '准时率', inFull: '足量率', otif: 'OTIF', damageRate: '货损率', avgTransitHours: '运输时长' },
};

const kpiValue = (p: Params, key: 'actual' | 'target') => (p.kpi === 'avgTransitHours' ? `${p[key]} h` : pct(p[key]));

const TITLES: Record<string, Record<Language, (p: Params) => string>> = {
  closed_month_breach: {
    en: (p) => `${p.contract} missed ${KPI.en[String(p.kpi)]} in ${p.month}: ${kpiValue(p, 'actual')} against ${kpiValue(p, 'target')}`,
    zh: (p) => `${p.contract} 在 ${p.month} 未达${KPI.zh[String(p.kpi)]}：${kpiValue(p, 'actual')}（目标 ${kpiValue(p, 'target')}）`,
  },
  running_month_breach: {
    en: (p) => `${p.contract} is heading for a ${KPI.en[String(p.kpi)]} breach in ${p.month}: ${kpiValue(p, 'actual')} so far against ${kpiValue(p, 'target')}`,
    zh: (p) => `${p.contract} 本月（${p.month}）${KPI.zh[String(p.kpi)]}可能违约：目前 ${kpiValue(p, 'actual')}（目标 ${kpiValue(p, 'target')}）`,
  },
  partner_terminated: {
    en: (p) => `${p.partner} has left: ${p.shipments} shipments of ${p.company} (${pct(p.share)}) ran on that pair`,
    zh: (p) => `${p.partner} 已终止合作：${p.company} 有 ${p.shipments} 票（${pct(p.share)}）在该客户对上`,
  },
  pair_volume_collapse: {
    en: (p) => `Volume with ${p.partner} fell by ${pct(p.fall)} in the last 30 days (${p.company})`,
    zh: (p) => `${p.company} 与 ${p.partner} 的货量近 30 天下降 ${pct(p.fall)}`,
  },
  detractor_answer: {
    en: (p) => `Detractor at ${p.company} (${p.department}): ${p.recommend} of 10`,
    zh: (p) => `${p.company}（${p.department}）给出贬损评分：${p.recommend}/10`,
  },
  satisfaction_falling: {
    en: (p) => `Satisfaction at ${p.company} fell from ${p.previous} to ${p.latest}`,
    zh: (p) => `${p.company} 的满意度从 ${p.previous} 降至 ${p.latest}`,
  },
  contract_ending: {
    en: (p) => `${p.contract} of ${p.company} ends on ${p.endDate} (${p.daysLeft} days) without renewal`,
    zh: (p) => `${p.company} 的合同 ${p.contract} 将于 ${p.endDate} 到期（${p.daysLeft} 天），尚未续约`,
  },
  claim_overdue: {
    en: (p) => `Claim #${p.claim} of ${p.company} is ${p.hoursOver} h past its ${p.targetHours} h response target`,
    zh: (p) => `${p.company} 的索赔 #${p.claim} 已超过 ${p.targetHours} 小时响应时限 ${p.hoursOver} 小时`,
  },
  churn_jump: {
    en: (p) => `Churn risk of ${p.company} jumped from ${pct(p.before)} to ${pct(p.after)}`,
    zh: (p) => `${p.company} 的流失风险从 ${pct(p.before)} 升至 ${pct(p.after)}`,
  },
};

export function alertTitle(rule: string, params: Params, language: Language = 'en'): string {
  return TITLES[rule]?.[language](params) ?? rule;
}
