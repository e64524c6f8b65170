/**
 * The deliveries list's cursor: an opaque token naming a place in the list order (promised_at desc, id desc),
 * which side of it the wanted page lies on, and the 1-based position of that page's first row (for "rows
 * 26–50"; informational, the rows come from the key, not from an offset).
 */
export interface DeliveryCursor {
  direction: 'after' | 'before';
  promisedAt: Date;
  id: number;
  /** position of the first row of the page this cursor asks for */
  position: number;
}

export function encodeCursor(c: DeliveryCursor): string {
  return Buffer.from(`${c.direction === 'after' ? 'a' : 'b'}|${c.promisedAt.toISOString()}|${c.id}|${c.position}`).toString('base64url');
}

/** The cursor, or null when the token is not one this API made. */
export function decodeCursor(token: string): DeliveryCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return null;
  const m = /^([ab])\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,18})\|(\d{1,12})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) return null;
  const promisedAt = new Date(m[2]);
  const id = Number(m[3]);
  const position = Number(m[4]);
  if (Number.isNaN(promisedAt.getTime()) || !Number.isSafeInteger(id) || position < 1) return null;
  return { direction: m[1] === 'a' ? 'after' : 'before', promisedAt, id, position };
}
