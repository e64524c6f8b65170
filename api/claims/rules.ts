import type { ClaimStatus } from '../../db/tables/claims';

/** The steps a claim may take (DESIGN.md §10): filed → acknowledged → investigating → approved / rejected; approved → paid. */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  filed: ['acknowledged'],
  acknowledged: ['investigating'],
  investigating: ['approved', 'rejected'],
  approved: ['paid'],
  rejected: [],
  paid: [],
};

export const mayMove = (from: ClaimStatus, to: ClaimStatus) => CLAIM_TRANSITIONS[from].includes(to);

/** A settled amount may be set while the claim is worked, not once it is paid or rejected. */
export const SETTLEMENT_STATUSES: readonly ClaimStatus[] = ['acknowledged', 'investigating', 'approved'];

/** Setting 'claims.maxAmountMultiple': a claim may ask at most this multiple of its deliveries' revenue. */
export const DEFAULT_MAX_AMOUNT_MULTIPLE = 3;

/** The most a claim on deliveries with this revenue may ask (rounded to the cent). */
export const maxClaimAmount = (revenue: number, multiple: number) => Math.round(revenue * multiple * 100) / 100;

/** Hours from filing to the first staff response; null while nobody has answered. */
export function responseHours(filedAt: Date, acknowledgedAt: Date | null): number | null {
  return acknowledgedAt === null ? null : (acknowledgedAt.getTime() - filedAt.getTime()) / 3600_000;
}

/** When the response target runs out. */
export const responseDueAt = (filedAt: Date, targetHours: number) => new Date(filedAt.getTime() + targetHours * 3600_000);

/**
 * Whether a claim's response is late: answered after its target, or, unanswered, still open past it at `now`.
 */
export function respondedLate(filedAt: Date, acknowledgedAt: Date | null, targetHours: number, now: Date): boolean {
  const due = responseDueAt(filedAt, targetHours).getTime();
  return acknowledgedAt === null ? now.getTime() > due : acknowledgedAt.getTime() > due;
}

export type AttachmentType = 'image/jpeg' | 'image/png' | 'application/pdf';

/** The type of a file from its first bytes (JPEG, PNG, PDF); null for anything else, whatever its name says. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

export const EXTENSION: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

export interface ClaimTiming { filedAt: Date; acknowledgedAt: Date | null; targetHours: number }

/**
 * Claim figures of a period for compliance: claims filed, how many were answered late (or are unanswered past
 * their target at `now`), and the average response hours of those answered against the target.
 */
export function claimFigures(claims: readonly ClaimTiming[], targetHours: number | null, now: Date) {
  const answered = claims.flatMap((c) => { const h = responseHours(c.filedAt, c.acknowledgedAt); return h === null ? [] : [h]; });
  const average = answered.length === 0 ? null : Math.round((answered.reduce((s, h) => s + h, 0) / answered.length) * 100) / 100;
  return {
    filed: claims.length,
    responded: answered.length,
    respondedLate: claims.filter((c) => respondedLate(c.filedAt, c.acknowledgedAt, c.targetHours, now)).length,
    averageResponseHours: average,
    targetHours,
  };
}
