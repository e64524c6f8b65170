/**
 * Reading form controls into request bodies. A control's value may be a string (text inputs), a number
 * or null (Svelte binds number inputs as numbers, null when empty), or undefined: these functions take
 * any of them, so a number typed into a form never meets a string method.
 */
export type ControlValue = string | number | null | undefined;

/** Trimmed text ('' for an empty control). */
export function text(v: ControlValue): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** Trimmed text, or null when empty (optional text fields). */
export function optionalText(v: ControlValue): string | null {
  const s = text(v);
  return s === '' ? null : s;
}

/**
 * A number, or null when the control is empty. Text that is not a number stays as it was typed, so the
 * API refuses it with the field's message instead of the form sending a silent NaN or null.
 */
export function numberOrNull(v: ControlValue): number | string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = text(v).replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/** A number, or the fallback when the control is empty. */
export function numberOr(v: ControlValue, fallback: number): number | string {
  return numberOrNull(v) ?? fallback;
}

/** An id from a select or picker (string or number), or null when none is chosen. */
export function idOrNull(v: ControlValue): number | null {
  const n = numberOrNull(v);
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/** The control's text for a stored value (null and undefined show as empty). */
export function shown(v: number | string | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}
