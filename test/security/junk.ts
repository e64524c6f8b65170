import fc from 'fast-check';

/** Ids and query values that are wrong in every way a client (or an attacker) can make them wrong. */
export const junkScalar = (): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom(
    '-1', '0', '-0', '1.5', '1e309', '99999999999999999999999999', '9007199254740993', 'NaN', 'Infinity', '0x1F', ' 1', '1 ',
    'abc', "1' OR '1'='1", '1; drop table companies; --', "' union select password_hash from users --", '%', '_', '\\',
    '１２３', '٣', '\u0000', '\u202e1', '😀', '{}', '[]', 'null', 'true', '2026-02-30', '9999-99-99', 'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: -(2 ** 62), max: 2 ** 62 }).map(String),
  fc.double().map(String),
);

/** Any JSON value, including deep nesting and long strings. */
export const junkJson = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, [], '', 0, -1, true, 'x'.repeat(200_000)),
  fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, fc.constant(1), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 })) })).node,
);

/** Text that is not JSON at all, or JSON cut short. */
export const notJson = (): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', "{'a':1}", '{"a":1,}', 'undefined', 'NaN', '\uFEFF{}x', '{"a":"\\x"}', '\u0000'),
  fc.string({ maxLength: 60 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
);

/**
 * A mutation of a valid body: a field with a wrong value, a required field missing, an unknown
 * field, a huge string, nested junk.
 */
export const mutatedBody = (valid: Record<string, unknown>): fc.Arbitrary<unknown> => {
  const keys = Object.keys(valid);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('id');
  return fc.oneof(
    fc.tuple(key, junkJson()).map(([k, v]) => ({ ...valid, [k]: v })),
    key.map((k) => { const { [k]: _drop, ...rest } = valid; return rest; }),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), junkJson()).map(([k, v]) => ({ ...valid, [`unknown_${k}`]: v })),
    key.map((k) => ({ ...valid, [k]: 'ж'.repeat(100_000) })),
    key.map((k) => ({ ...valid, [k]: { $gt: '', __proto__: { admin: true }, nested: [[[[{}]]]] } })),
    junkJson(),
  );
};

/**
 * The hostile values every parameter and field is swept with, one by one (test/api/bad-input.test.ts): text
 * PostgreSQL cannot store (NUL, lone surrogates), a 10 MB string, absurd dates, timestamps and numbers.
 */
export const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
export const HOSTILE_TEXT: readonly string[] = [
  '\u0000', 'abc\u0000def', '\ud800', 'x\udfffy', TEN_MB,
  '9999-12-31', '0001-01-01', '0000-00-00', '2026-02-30', '275760-09-14', '-001000-01-01',
  '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z',
  '-1', '0', '1e309', '-1e309', '99999999999999999999', '9007199254740993', 'NaN', 'Infinity', '-Infinity', '1.5', '0x10',
];
export const HOSTILE_NUMBERS: readonly number[] = [-1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, 2 ** 63];
