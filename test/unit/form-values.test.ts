import { describe, expect, it } from 'vitest';
import { idOrNull, numberOr, numberOrNull, optionalText, shown, text } from '../../web/src/lib/forms/values';

describe('form values', () => {
  it('reads numbers whether the control hands over a number or a string', () => {
    expect(numberOrNull(1000)).toBe(1000);
    expect(numberOrNull('1000')).toBe(1000);
    expect(numberOrNull(' 0.25 ')).toBe(0.25);
    expect(numberOrNull('0,25')).toBe(0.25);
    expect(numberOrNull(0)).toBe(0);
  });
  it('treats an empty control as no value', () => {
    expect(numberOrNull('')).toBeNull();
    expect(numberOrNull(null)).toBeNull();
    expect(numberOrNull(undefined)).toBeNull();
    expect(numberOrNull(Number.NaN)).toBeNull();
    expect(numberOr('', 20)).toBe(20);
    expect(numberOr(5, 20)).toBe(5);
  });
  it('passes text that is not a number on as typed, for the API to refuse with the field message', () => {
    expect(numberOrNull('abc')).toBe('abc');
  });
  it('trims text of any control and maps empty optional text to null', () => {
    expect(text(12)).toBe('12');
    expect(text(null)).toBe('');
    expect(optionalText('  ')).toBeNull();
    expect(optionalText(' Shanghai ')).toBe('Shanghai');
  });
  it('reads ids from selects and pickers', () => {
    expect(idOrNull('12')).toBe(12);
    expect(idOrNull(12)).toBe(12);
    expect(idOrNull('')).toBeNull();
    expect(idOrNull('0')).toBeNull();
  });
  it('shows stored values in a control', () => {
    expect(shown(null)).toBe('');
    expect(shown(0)).toBe('0');
  });
});
