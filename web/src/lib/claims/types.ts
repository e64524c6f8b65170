/** Claims (OS&D, api/claims): the API's shapes, generated. */
import type { Schemas } from '$lib/api/types';

export type Claim = Schemas['Claim'];
export type ClaimDetail = Schemas['ClaimDetail'];
export type ClaimList = Schemas['ClaimList'];
export type ClaimKind = Schemas['ClaimKind'];
export type ClaimStatus = Schemas['ClaimStatus'];

export const CLAIM_KINDS: ClaimKind[] = ['over', 'short', 'damaged', 'lost'];
export const CLAIM_STATUSES: ClaimStatus[] = ['filed', 'acknowledged', 'investigating', 'approved', 'rejected', 'paid'];

export const statusBadge = (s: ClaimStatus) =>
  s === 'paid' || s === 'approved' ? 'badge-good' : s === 'rejected' ? 'badge-bad' : s === 'filed' ? 'badge-warn' : 'badge-muted';
