import { stringify } from 'csv-stringify/sync';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe,
 * so an exported file cannot carry formula injection (OWASP "CSV injection").
 */
export function neutralizeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'number') return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV text (with a UTF-8 BOM so Excel reads Chinese correctly) from rows and column definitions. */
export function toCsv<T>(rows: readonly T[], columns: { header: string; value: (row: T) => unknown }[]): string {
  const body = stringify([
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => neutralizeCell(c.value(row)))),
  ]);
  return `\uFEFF${body}`;
}

/** Response headers for a CSV download. */
export const csvHeaders = (fileName: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
});
