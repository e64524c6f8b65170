import { validationFailed } from '../errors';

/** The most rows one export holds; past it the caller narrows the filter (the message says so). */
export const EXPORT_ROW_LIMIT = 50_000;
export const EXPORT_PAGE = 500;
const PAGE = EXPORT_PAGE;

function assertExportable(total: number) {
  if (total > EXPORT_ROW_LIMIT) {
    throw validationFailed(`The list has more than ${EXPORT_ROW_LIMIT} rows; an export holds at most ${EXPORT_ROW_LIMIT}. Narrow the filters.`, [
      { path: '(root)', code: 'too_big', message: `At most ${EXPORT_ROW_LIMIT} rows.`, params: { max: EXPORT_ROW_LIMIT, total } },
    ]);
  }
}

/** Every row of a list paged by cursor (deliveries), up to EXPORT_ROW_LIMIT; `total` past the limit refuses. */
export async function allByCursor<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; total: number; next: string | null }>): Promise<T[]> {
  const first = await fetchPage(undefined);
  assertExportable(first.total);
  const rows = [...first.items];
  for (let next = first.next; next && rows.length < EXPORT_ROW_LIMIT;) {
    const page = await fetchPage(next);
    rows.push(...page.items);
    next = page.next;
  }
  return rows;
}

/**
 * Every row of a list as its own service pages it (so an export shows exactly what the list shows, in its
 * order and scope), up to EXPORT_ROW_LIMIT.
 */
export async function allPages<T>(fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const first = await fetchPage(1, PAGE);
  if (first.total > EXPORT_ROW_LIMIT) {
    throw validationFailed(`The list has ${first.total} rows; an export holds at most ${EXPORT_ROW_LIMIT}. Narrow the filters.`, [
      { path: '(root)', code: 'too_big', message: `At most ${EXPORT_ROW_LIMIT} rows.`, params: { max: EXPORT_ROW_LIMIT, total: first.total } },
    ]);
  }
  const rows = [...first.items];
  for (let page = 2; rows.length < first.total; page++) {
    const next = await fetchPage(page, PAGE);
    if (next.items.length === 0) break;
    rows.push(...next.items);
  }
  return rows;
}
