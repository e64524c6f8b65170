/**
 * `npm run bench`: runs every `bench:*` script of package.json (BENCH_ONLY=load,churn to pick some),
 * collects their figures and prints one table against the targets of DESIGN.md section 9.
 *
 * Figures are read from lines of the form
 *   BENCH {"name":"load.kpi.p99","value":42,"unit":"ms","target":"< 100"}
 * (the agreed machine-readable format; target is "< x", "<= x", "> x", ">= x" or "= x"), and, for
 * benchmarks that print only prose, from their known sentences (FALLBACKS below). The portal's
 * login-to-charts figure comes from test-output/bench-portal.json when present.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

interface Figure { bench: string; name: string; value: number; unit: string; target?: string }

const FALLBACKS: { bench: string; pattern: RegExp; figure: (m: RegExpMatchArray) => Omit<Figure, 'bench'> }[] = [
  { bench: 'bench:import', pattern: /ratio to psql \\?copy: ([\d.]+) \(job time\)/, figure: (m) => ({ name: 'import rows/s ÷ psql \\copy rows/s', value: Number(m[1]), unit: '×', target: '>= 0.5' }) },
  { bench: 'bench:import', pattern: /peak RSS of the import process: (\d+) MB/, figure: (m) => ({ name: 'import peak RSS (memory flat)', value: Number(m[1]), unit: 'MB', target: '< 300' }) },
  { bench: 'bench:kpi', pattern: /\[bench:kpi\] ([^:]*service[^:]*): (\d+) runs, p50 ([\d.]+) ms, p95 ([\d.]+) ms/i, figure: (m) => ({ name: `KPI query p95: ${m[1]}`, value: Number(m[4]), unit: 'ms', target: '< 50' }) },
  { bench: 'bench:kpi', pattern: /\[bench:kpi\] GET (\/analytics\/breaches[^:]*): (\d+) runs, p50 ([\d.]+) ms, p95 ([\d.]+) ms/, figure: (m) => ({ name: `breach list p95: ${m[1]}`, value: Number(m[4]), unit: 'ms', target: '< 200' }) },
  { bench: 'bench:churn', pattern: /cascade fixed point:\s+(\d+) ms wall/, figure: (m) => ({ name: 'churn cascade, full run', value: Number(m[1]), unit: 'ms', target: '< 2000' }) },
];

const ORDER = ['bench:import', 'bench:kpi', 'bench:churn', 'bench:load'];

function scripts(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const names = Object.keys(pkg.scripts ?? {}).filter((s) => s.startsWith('bench:'));
  const only = process.env.BENCH_ONLY?.split(',').map((s) => `bench:${s.trim().replace(/^bench:/, '')}`);
  return names.filter((n) => !only || only.includes(n)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
const rank = (s: string) => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);

function runScript(script: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    console.log(`\n=== npm run ${script}`);
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export function parseFigures(bench: string, output: string): Figure[] {
  const figures: Figure[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*BENCH (\{.*\})\s*$/.exec(line);
    if (!m) continue;
    try {
      const f = JSON.parse(m[1]);
      if (typeof f.name === 'string' && typeof f.value === 'number') figures.push({ bench, name: f.name, value: f.value, unit: f.unit ?? '', target: f.target });
    } catch { /* not a figure */ }
  }
  if (figures.length) return figures;
  for (const fb of FALLBACKS.filter((f) => f.bench === bench)) {
    for (const line of output.split('\n')) {
      const m = line.match(fb.pattern);
      if (m) figures.push({ bench, ...fb.figure(m) });
    }
  }
  return figures;
}

export function meets(value: number, target?: string): boolean | null {
  const m = target && /^\s*(<=|>=|<|>|=)\s*([\d.]+)/.exec(target);
  if (!m) return null;
  const x = Number(m[2]);
  return { '<': value < x, '<=': value <= x, '>': value > x, '>=': value >= x, '=': value === x }[m[1] as '<']!;
}

const results: Figure[] = [];
const failed: string[] = [];
for (const script of scripts()) {
  const { code, output } = await runScript(script);
  if (code !== 0) failed.push(`${script} (exit ${code})`);
  const figures = parseFigures(script, output);
  if (!figures.length) results.push({ bench: script, name: '(no figure printed)', value: NaN, unit: '' });
  results.push(...figures);
}
if (existsSync('test-output/bench-portal.json') && !process.env.BENCH_ONLY) {
  const p = JSON.parse(readFileSync('test-output/bench-portal.json', 'utf8'));
  results.push({ bench: 'portal', name: `${p.name ?? 'portal login to charts'} (${p.measuredAt ?? 'undated'})`, value: p.ms, unit: 'ms', target: `< ${p.targetMs ?? 1500}` });
}

const rows = results.map((f) => {
  const ok = Number.isNaN(f.value) ? null : meets(f.value, f.target);
  return [f.bench, f.name, Number.isNaN(f.value) ? '—' : String(f.value), f.unit, f.target ?? '', ok === null ? '' : ok ? 'meets' : 'MISSES'];
});
const header = ['bench', 'figure', 'value', 'unit', 'target (DESIGN.md §9)', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
if (failed.length) console.log(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
