/** A shipper's contract as the import sees it when it picks the contract of a delivery. */
export interface ContractOption {
  id: number;
  code: string;
  startDate: string;
  endDate: string;
  archived: boolean;
  /** the consignees it is limited to; empty = it covers every consignee of the shipper */
  consigneeIds: readonly number[];
}

/**
 * The contract of a delivery without a contract code (DESIGN.md §4): the shipper's contract in force on the
 * promised business day that covers the consignee, not archived; one naming the consignee wins over one
 * covering everyone, then the latest start, then the newest. Null when none applies.
 */
export function defaultContract(options: readonly ContractOption[], consigneeId: number, day: string): number | null {
  let best: ContractOption | null = null;
  let bestNames = false;
  for (const c of options) {
    if (c.archived || day < c.startDate || day > c.endDate) continue;
    const names = c.consigneeIds.includes(consigneeId);
    if (!names && c.consigneeIds.length > 0) continue;
    if (!best
      || (names && !bestNames)
      || (names === bestNames && (c.startDate > best.startDate || (c.startDate === best.startDate && c.id > best.id)))) {
      best = c;
      bestNames = names;
    }
  }
  return best ? best.id : null;
}
