/**
 * npm run bench:churn — the churn cascade on 100,000 companies and 1,000,000 pairs (target: < 1 s); a save-first
 * plan of 20 accounts on the same graph (target: < 10 s); the backtest over the demo book (target: < 5 s; the demo
 * is loaded into a temporary PGlite folder, DEMO_SCALE as the other benches, default full).
 * The graph is random and seeded: a spanning forest plus random extra pairs (so cycles), a fifth of the
 * companies both shipper and consignee (pairs in both directions merged into one pair of nodes), and each
 * company's weights are its shares of its deliveries. Prints build and cascade times, iterations and memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCascade, topNeighbours } from '../../api/churn/cascade';
import { lossEvaluator, type LossModel } from '../../api/churn/loss-evaluator';
import { saveFirst } from '../../api/churn/save-first';
import { screenCandidates } from '../../api/churn/save-first-plan';
import { churnBacktest } from '../../api/churn/backtest';
import { printBacktest } from '../../api/cli/churn-backtest';
import { loadConfig } from '../../api/config';
import { prepareProduct } from '../../api/bootstrap';
import { addDays, businessDay } from '../../api/domain/business-day';

const N = Number(process.env.CHURN_BENCH_COMPANIES ?? 100_000);
const M = Number(process.env.CHURN_BENCH_PAIRS ?? 1_000_000);
const ALPHA = Number(process.env.CHURN_BENCH_ALPHA ?? 0.6);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function makeGraph() {
  const random = rng(20261125);
  const a = new Int32Array(M);
  const b = new Int32Array(M);
  const volume = new Float64Array(M);
  const seen = new Set<number>();
  let m = 0;
  const add = (x: number, y: number) => {
    if (x === y) return;
    const key = x < y ? x * N + y : y * N + x;
    if (seen.has(key)) return;
    seen.add(key);
    a[m] = x; b[m] = y;
    volume[m] = 1 + Math.floor(random() * 200);
    m++;
  };
  for (let i = 1; i < N && m < M; i++) add(Math.floor(random() * i), i);
  while (m < M) add(Math.floor(random() * N), Math.floor(random() * N));
  // Dual-role companies: a fifth of the pairs carry deliveries in both directions (added to the pair's volume).
  for (let e = 0; e < M; e += 5) volume[e]! += 1 + Math.floor(random() * 50);
  const total = new Float64Array(N);
  for (let e = 0; e < M; e++) { total[a[e]!]! += volume[e]!; total[b[e]!]! += volume[e]!; }
  const wab = new Float64Array(M);
  const wba = new Float64Array(M);
  for (let e = 0; e < M; e++) { wab[e] = volume[e]! / total[a[e]!]!; wba[e] = volume[e]! / total[b[e]!]!; }
  const r = new Float64Array(N);
  for (let i = 0; i < N; i++) r[i] = Math.min(1, 0.02 + 0.3 * random() ** 3);
  return { edges: { a, b, wab, wba }, r };
}

const heapBefore = process.memoryUsage();
const { edges, r } = makeGraph();
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const result = runCascade(N, edges, r, { alpha: ALPHA, tolerance: 1e-9 });
const cpu2 = process.cpuUsage(cpu1);
const t2 = performance.now();
const top = topNeighbours(result, 3);
const t3 = performance.now();
const topCount = top.reduce((sum, list) => sum + list.length, 0);
const after = process.memoryUsage();

let sumP = 0;
let sumR = 0;
for (let i = 0; i < N; i++) { sumP += result.p[i]!; sumR += r[i]!; }
const pairBytes = edges.a.byteLength + edges.b.byteLength + edges.wab.byteLength + edges.wba.byteLength;
const messageBytes = result.toA.byteLength + result.toB.byteLength;
console.log(`companies ${N}, pairs ${M}, alpha ${ALPHA}, tolerance 1e-9`);
console.log(`cascade fixed point:     ${(t2 - t1).toFixed(0)} ms wall, ${((cpu2.user + cpu2.system) / 1000).toFixed(0)} ms CPU, ${result.iterations} iterations, converged ${result.converged}`);
console.log(`target: full cascade < 1000 ms (wall time depends on the machine's load; CPU time is this process alone)`);
console.log(`top 3 neighbours of every company: ${(t3 - t2).toFixed(0)} ms (${topCount} rows)`);
console.log(`mean r ${(sumR / N).toFixed(4)}, mean p ${(sumP / N).toFixed(4)}`);
console.log(`memory: pairs ${mb(pairBytes)}, messages ${mb(messageBytes)}, heap used ${mb(after.heapUsed)}, rss ${mb(after.rss)} (rss before graph ${mb(heapBefore.rss)})`);

// Save first: 20 accounts on the same graph; pair revenue 50–500 per shipment, α as above, halving direct risk.
{
  const random = rng(7);
  const m = edges.a.length;
  const edgeRevenue = new Float64Array(m);
  for (let e = 0; e < m; e++) edgeRevenue[e] = (edges.wab[e]! + edges.wba[e]!) * 1000 * (50 + Math.floor(random() * 450));
  const model: LossModel = { n: N, edges, alpha: ALPHA, tolerance: 1e-6, edgeRevenue, soloRevenue: new Float64Array(N) };
  const s0 = performance.now();
  const evaluator = lossEvaluator(model, r);
  const exposure = new Float64Array(N);
  const base = evaluator.baseline;
  for (let e = 0; e < m; e++) {
    const lost = (1 - (1 - base.toA[e]!) * (1 - base.toB[e]!)) * edgeRevenue[e]!;
    exposure[edges.a[e]!]! += lost; exposure[edges.b[e]!]! += lost;
  }
  const all = Array.from({ length: N }, (_, i) => i);
  const candidates = screenCandidates(all, r, (i) => exposure[i]!, 0.5, 20);
  const s1 = performance.now();
  const plan = saveFirst({ r, candidates, loss: evaluator.loss, effect: 0.5, accounts: 20 });
  const s2 = performance.now();
  console.log(`save first, 20 accounts:  ${(s2 - s0).toFixed(0)} ms (baseline and screening ${(s1 - s0).toFixed(0)} ms, plan ${(s2 - s1).toFixed(0)} ms), `
    + `${candidates.length} candidates, ${plan.evaluations} loss evaluations, kept ${(plan.lossBefore - plan.lossAfter).toFixed(0)} of ${plan.lossBefore.toFixed(0)} at risk`);
  console.log('target: save-first plan of 20 accounts < 10000 ms');
}

// Backtest over the demo book.
if (process.env.CHURN_BENCH_SKIP_DEMO !== '1') {
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-churn-bench-'));
  const config = { ...loadConfig({ DATA_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'warn', DEMO_SCALE: process.env.DEMO_SCALE ?? 'full' }), databaseUrl: undefined };
  try {
    const loaded = performance.now();
    const { deps } = await prepareProduct(config);
    console.log(`demo data (${config.demoScale}) loaded in ${((performance.now() - loaded) / 1000).toFixed(1)} s`);
    const today = businessDay(new Date(), config.businessTimeZone);
    for (const asOf of [undefined, addDays(today, -180)]) {
      const b0 = performance.now();
      const report = await churnBacktest(deps.handle.db, null, { asOf }, today);
      const b1 = performance.now();
      console.log(`backtest as of ${report.asOf}: ${(b1 - b0).toFixed(0)} ms, ${report.companies} companies, ${report.departures} departures (target < 5000 ms)`);
      if (asOf) printBacktest(report, (line) => console.log(`  ${line}`));
    }
    await deps.handle.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
