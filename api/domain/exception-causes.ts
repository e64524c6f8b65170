/**
 * The causes a late, short or damaged delivery may carry (DESIGN.md §5 "Causes and exclusions"), after the
 * status reason codes of ANSI X12 214. A contract names the causes it excuses; excused deliveries leave the
 * due count of the contractual KPIs.
 */
export const EXCEPTION_CAUSES = ['provider', 'shipper', 'consignee', 'force_majeure', 'unknown'] as const;

export type ExceptionCause = (typeof EXCEPTION_CAUSES)[number];

/** What a contract excuses unless it says otherwise. */
export const DEFAULT_EXCUSED_CAUSES: readonly ExceptionCause[] = ['shipper', 'consignee', 'force_majeure'];

export const CAUSE_LABELS_ZH: Record<ExceptionCause, string> = {
  provider: '承运方原因',
  shipper: '发货方原因',
  consignee: '收货方原因',
  force_majeure: '不可抗力',
  unknown: '原因不明',
};

const BY_NAME = new Map<string, ExceptionCause>();
for (const cause of EXCEPTION_CAUSES) {
  BY_NAME.set(cause, cause);
  BY_NAME.set(CAUSE_LABELS_ZH[cause], cause);
}
BY_NAME.set('force majeure', 'force_majeure');

/** The cause a file cell names (English code, any case, or the Chinese label), or undefined when unknown. */
export function parseCause(value: string): ExceptionCause | undefined {
  return BY_NAME.get(value.trim().toLowerCase()) ?? BY_NAME.get(value.trim());
}

/** The allowed values, as a message names them: "provider (承运方原因), shipper (发货方原因), …". */
export const CAUSE_LIST = EXCEPTION_CAUSES.map((c) => `${c} (${CAUSE_LABELS_ZH[c]})`).join(', ');

export const isExcused = (cause: string | null, excused: readonly string[]): boolean => cause !== null && excused.includes(cause);
