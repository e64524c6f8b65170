import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape, type CallResult } from '../helpers/test-app';
import { newUser, TEST_PASSWORD } from '../helpers/factories';

/**
 * DESIGN section 8, sign-in protection: failures limited per (account, address) and per address, a slower
 * daily limit per account, a correct password from another address never blocked by someone else's
 * failures, successful sign-ins not counted, nothing that tells whether an account exists. The addresses
 * come from X-Forwarded-For as a trusted proxy appends them (TRUST_PROXY=true).
 */
const LIMITS = { perAccountAddress: 5, perAddress: 12, windowMinutes: 15, perAccountDay: 8 };

describe('sign-in protection', () => {
  const t = useTestApp({ trustProxy: true, trustedProxyHops: 1, signIn: LIMITS });
  let n = 0;
  /** a sign-in from `address` (what the proxy appended), with whatever the client itself put to the left */
  const signIn = (email: string, password: string, address: string, clientSaid?: string) => t.call('POST', '/api/v1/auth/login', {
    body: { email, password }, headers: { 'x-forwarded-for': clientSaid ? `${clientSaid}, ${address}` : address },
  });
  const fresh = () => `10.${++n}.0.`;
  const statuses = (results: CallResult[]) => results.map((r) => r.status);

  it('locks an address out of one account after 5 failures, while the owner signs in from another address', async () => {
    const user = await newUser(t.db, 'admin');
    const net = fresh();
    const attacker: CallResult[] = [];
    for (let i = 0; i < 7; i++) attacker.push(await signIn(user.email, `guess-${i}`, `${net}66`));
    expect(statuses(attacker)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(expectErrorShape(attacker[5])).toMatchObject({ code: 'too_many_requests', message: 'Too many failed sign-ins from your address; try again in 15 minutes.' });
    // the right password from the attacker's address is refused too: the address is out for this account
    expect((await signIn(user.email, TEST_PASSWORD, `${net}66`)).status).toBe(429);
    // the owner, elsewhere
    expect((await signIn(user.email, TEST_PASSWORD, `${net}1`)).status).toBe(200);
  });

  it('answers a failed sign-in for an existing and an unknown account identically, the lockout included', async () => {
    const user = await newUser(t.db, 'manager');
    const net = fresh();
    const existing: CallResult[] = [];
    const unknown: CallResult[] = [];
    for (let i = 0; i < 6; i++) {
      existing.push(await signIn(user.email, 'wrong-password-1', `${net}1`));
      unknown.push(await signIn(`nobody-${n}@test.local`, 'wrong-password-1', `${net}2`));
    }
    expect(statuses(existing)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(existing.map((r) => [r.status, r.text])).toEqual(unknown.map((r) => [r.status, r.text]));
    // both run argon2 (the unknown one against a dummy hash of the same cost): no shortcut for a miss
    const timings = { existing: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 12; i++) {
      for (const [kind, email] of [['existing', user.email], ['unknown', `nobody-${n}-${i}@test.local`]] as const) {
        const started = performance.now();
        expect((await signIn(email, 'wrong-password-2', `${net}${10 + i}`)).status).toBe(401);
        timings[kind].push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(timings.unknown) / median(timings.existing);
    console.log(`failed sign-in, median ms: existing ${median(timings.existing).toFixed(1)}, unknown ${median(timings.unknown).toFixed(1)}`);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('does not count successful sign-ins, and a success clears its (account, address) failures', async () => {
    const user = await newUser(t.db, 'operations');
    const address = `${fresh()}1`;
    const results: CallResult[] = [];
    for (let i = 0; i < LIMITS.perAddress + 3; i++) results.push(await signIn(user.email, TEST_PASSWORD, address));
    expect(statuses(results).every((s) => s === 200)).toBe(true);
    for (let i = 0; i < 4; i++) expect((await signIn(user.email, 'typo-typo-typo', address)).status).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD, address)).status).toBe(200);
    // the four typos are forgotten: five more failures before the lockout
    const after: CallResult[] = [];
    for (let i = 0; i < 6; i++) after.push(await signIn(user.email, 'typo-typo-typo', address));
    expect(statuses(after)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits the failures of one address over many accounts', async () => {
    const address = `${fresh()}9`;
    const results: CallResult[] = [];
    for (let i = 0; i < LIMITS.perAddress + 1; i++) results.push(await signIn(`spray-${n}-${i}@test.local`, 'Summer2026!', address));
    expect(statuses(results)).toEqual([...Array(LIMITS.perAddress).fill(401), 429]);
  });

  it('slows a distributed guesser by a daily limit per account, never the owner on a clean address', async () => {
    const user = await newUser(t.db, 'admin');
    const net = fresh();
    // 8 addresses fail once each: the account's daily allowance is spent
    for (let i = 1; i <= LIMITS.perAccountDay; i++) expect((await signIn(user.email, `guess-${i}`, `${net}${i}`)).status).toBe(401);
    // past it, each address that fails is blocked for the day after its one failure
    expect((await signIn(user.email, 'guess-a', `${net}100`)).status).toBe(401);
    expect((await signIn(user.email, 'guess-b', `${net}100`)).status).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, `${net}100`)).status).toBe(429);
    expect((await signIn(user.email, 'guess-c', `${net}101`)).status).toBe(401);
    expect((await signIn(user.email, 'guess-d', `${net}101`)).status).toBe(429);
    // the owner, on an address that has not failed, signs in as always
    expect((await signIn(user.email, TEST_PASSWORD, `${net}200`)).status).toBe(200);
    // an address that failed before the limit was reached keeps its ordinary allowance
    expect((await signIn(user.email, TEST_PASSWORD, `${net}1`)).status).toBe(200);
  });

  it('takes the address the trusted proxy appended, never what the client put to the left of it', async () => {
    const user = await newUser(t.db, 'manager');
    const address = `${fresh()}7`;
    const results: CallResult[] = [];
    for (let i = 0; i < 7; i++) results.push(await signIn(user.email, `guess-${i}`, address, `203.0.113.${i}`));
    expect(statuses(results)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const sessions = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', user.id).execute();
    expect(sessions).toEqual([]);
    expect((await signIn(user.email, TEST_PASSWORD, `${fresh()}8`, '203.0.113.1')).status).toBe(200);
    const session = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(session.ip).toBe(`10.${n}.0.8`);
  });

  it('lets the address in again once its window has passed', async () => {
    const user = await newUser(t.db, 'manager');
    const address = `${fresh()}5`;
    for (let i = 0; i < 5; i++) await signIn(user.email, 'wrong-password-1', address);
    expect((await signIn(user.email, TEST_PASSWORD, address)).status).toBe(429);
    await sql`update sign_in_failures set window_ends = now() - interval '1 second' where key like ${`%:${address}`}`.execute(t.db);
    expect((await signIn(user.email, TEST_PASSWORD, address)).status).toBe(200);
  });
});

describe('sign-in behind two proxies', () => {
  const t = useTestApp({ trustProxy: true, trustedProxyHops: 2 });
  it('counts two hops from the right', async () => {
    const user = await newUser(t.db, 'manager');
    const res = await t.call('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.9, 192.0.2.44, 10.0.0.2' },
    });
    expect(res.status).toBe(200);
    const session = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(session.ip).toBe('192.0.2.44');
  });
});
