/** ISO 8601 for a timestamp column (Date) or null. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export const isoRequired = (value: Date | string): string => iso(value)!;

/** A money amount to the cent. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
