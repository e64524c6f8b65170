/** The trailing windows pair statistics are reported over, both ending on (and including) `today`. */
export function statsWindows(today: string) {
  const d = new Date(`${today}T00:00:00Z`);
  const from90 = new Date(d);
  from90.setUTCDate(from90.getUTCDate() - 89);
  const from12m = new Date(d);
  from12m.setUTCFullYear(from12m.getUTCFullYear() - 1);
  from12m.setUTCDate(from12m.getUTCDate() + 1);
  return { from90: from90.toISOString().slice(0, 10), from12m: from12m.toISOString().slice(0, 10), to: today };
}
