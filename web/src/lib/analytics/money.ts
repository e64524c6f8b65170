/** Amounts for headline cards: compact from a million up (CN¥35.2M / ¥3524.9万) so they fit the card. */
import { fmtCurrency } from '$lib/i18n';

export function fmtMoneyShort(value: number | null | undefined, currency = 'CNY'): string {
  if (value !== null && value !== undefined && Math.abs(value) >= 1_000_000) {
    return fmtCurrency(value, currency, { notation: 'compact', maximumFractionDigits: 1 });
  }
  return fmtCurrency(value, currency);
}
