/**
 * A sort key for company names that orders them as `Intl.Collator('zh')` does (Chinese by pinyin before Latin,
 * case and accents only breaking ties), stored in `companies.name_sort_key` and compared byte-wise
 * (collate "C") by PostgreSQL and PGlite alike.
 *
 * Why a key: PostgreSQL's ICU collation "zh-x-icu" orders like Intl.Collator('zh'), but PGlite carries no ICU
 * locale data (its ICU collations fall back to the root order, Han characters by code point), and the product
 * runs the same queries on both. The key is computed here, once per name, with the collator the portal uses,
 * and its index keeps "sort by name" an index scan at 100,000 companies.
 *
 * The key: each character's primary rank (its place among all BMP characters sorted by the collator, characters
 * equal at base strength sharing a rank) as four hex digits, a space, then each character's full-strength rank
 * (case, accents). Ignorable characters are left out; a character outside the BMP (an emoji) takes the rank of
 * the BMP character it would follow. ICU also reads a few two-character words apart from their first character's
 * usual reading (重庆 as chóng, 沈阳 as shěn): such a pair is found by the collator itself (it sorts outside the
 * span of its first character) and its first character takes the rank of the character the pair sorts after.
 * Building the tables takes about half a second, once per process, on first use.
 */
const base = new Intl.Collator('zh', { sensitivity: 'base' });
const full = new Intl.Collator('zh');

interface Tables {
  primary: Uint16Array;
  full: Uint16Array;
  sorted: string[];
  /** code unit → the first character of the next primary rank (the end of its span) */
  next: Map<number, string>;
}
let tables: Tables | null = null;

function rankTables(): Tables {
  if (tables) return tables;
  const sorted: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp += 1) {
    const ch = String.fromCharCode(cp);
    if ((cp < 0xd800 || cp > 0xdfff) && full.compare(ch, '') !== 0) sorted.push(ch);
  }
  sorted.sort(full.compare);
  const primary = new Uint16Array(0x10000);
  const fullRank = new Uint16Array(0x10000);
  const next = new Map<number, string>();
  let rank = 0;
  let spanStart = 0;
  sorted.forEach((ch, i) => {
    // single characters equal at base strength sit next to each other in the full order
    if (i === 0 || base.compare(sorted[i - 1], ch) !== 0) {
      rank += 1;
      for (let j = spanStart; j < i; j += 1) next.set(sorted[j].charCodeAt(0), ch);
      spanStart = i;
    }
    primary[ch.charCodeAt(0)] = rank;
    fullRank[ch.charCodeAt(0)] = i + 1;
  });
  tables = { primary, full: fullRank, sorted, next };
  return tables;
}

const isHan = (cp: number) => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff);

/** A pair read apart from its first character sorts before that character or at or after the next one. */
function isTailoredPair(a: string, b: string, t: Tables): boolean {
  const pair = a + b;
  const after = t.next.get(a.charCodeAt(0));
  return full.compare(pair, a) < 0 || (after !== undefined && full.compare(pair, after) >= 0);
}

/** The BMP character that sorts last at or before `ch` (for characters outside the BMP). */
function bmpNeighbour(ch: string, t: Tables): number {
  let lo = 0;
  let hi = t.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (full.compare(t.sorted[mid], ch) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? t.sorted[0].charCodeAt(0) : t.sorted[lo - 1].charCodeAt(0);
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

export function nameSortKey(name: string): string {
  const t = rankTables();
  const chars = [...name];
  let primary = '';
  let tie = '';
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    const following = chars[i + 1];
    let at = cp > 0xffff ? bmpNeighbour(ch, t) : cp;
    if (isHan(cp) && following !== undefined && isHan(following.codePointAt(0)!) && isTailoredPair(ch, following, t)) {
      at = bmpNeighbour(ch + following, t);
    }
    if (t.primary[at] === 0) return;
    primary += hex(t.primary[at]);
    tie += hex(t.full[at]);
  });
  return `${primary} ${tie}`;
}
