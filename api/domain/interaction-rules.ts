import type { InteractionKind } from '../../db/tables/accounts';

export type Problem = { path: string; message: string };

/** Complaints and claims are cases: they open, and are resolved. */
export const isCase = (kind: InteractionKind) => kind === 'complaint' || kind === 'claim';

/** Hours from opened to resolved, to two decimals; null while open or not a case. */
export function resolutionHours(openedAt: Date | null, resolvedAt: Date | null): number | null {
  if (!openedAt || !resolvedAt) return null;
  return Math.round((resolvedAt.getTime() - openedAt.getTime()) / 36_000) / 100;
}

/** Field problems of an interaction's times: only cases open and resolve, and never before they open. */
export function interactionTimeProblems(i: { kind: InteractionKind; openedAt: Date | null; resolvedAt: Date | null }): Problem[] {
  if (!isCase(i.kind)) {
    return [
      ...(i.openedAt ? [{ path: 'openedAt', message: 'Only complaints and claims have an opened time.' }] : []),
      ...(i.resolvedAt ? [{ path: 'resolvedAt', message: 'Only complaints and claims are resolved.' }] : []),
    ];
  }
  if (i.openedAt && i.resolvedAt && i.resolvedAt < i.openedAt) {
    return [{ path: 'resolvedAt', message: `Must not be before the opened time ${i.openedAt.toISOString()}.` }];
  }
  return [];
}
