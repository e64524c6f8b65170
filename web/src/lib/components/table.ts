/** Column description for DataTable. */
export interface Column<Row> {
  key: string;
  label: string;
  sortable?: boolean;
  align?: 'left' | 'right' | 'center';
  /** the value to sort by (default: row[key]) */
  value?: (row: Row) => unknown;
  /** the text to show (default: the value as text); use the `cell` snippet for markup */
  format?: (row: Row) => string;
}

/** Server-side paging and sorting: DataTable shows the controls and calls onchange. */
export interface ServerPaging {
  total: number;
  page: number;
  pageSize: number;
  sort?: string;
  dir?: 'asc' | 'desc';
  onchange: (state: { page: number; sort?: string; dir?: 'asc' | 'desc' }) => void;
}

/** Text order of every client-sorted table: Chinese by pinyin (as the API sorts names), numbers in text by value. */
const collator = new Intl.Collator('zh', { numeric: true });

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return collator.compare(String(a), String(b));
}

/** Paging by cursor (lists of millions): where the page starts, how many match (up to a cap), and the moves. */
export interface CursorPaging {
  position: number;
  total: number;
  totalCapped: boolean;
  hasPrev: boolean;
  hasNext: boolean;
  onprev: () => void;
  onnext: () => void;
}
