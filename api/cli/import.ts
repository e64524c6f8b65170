import { createReadStream, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadConfigOrExit } from '../config';
import { openConfiguredDatabase } from '../configured-database';
import { migrateToLatest } from '../../db/migrate';
import { runDeliveryImport } from '../services/delivery-import-service';
import { listRowErrors } from '../queries/import-jobs';

/** `npm run import -- file.csv`: the product's delivery import against DATABASE_URL or the PGlite in DATA_DIR. */
const file = process.argv[2];
if (!file || file === '--help') {
  console.error('usage: npm run import -- path/to/deliveries.csv   (env: DATABASE_URL or DATA_DIR, IMPORT_BATCH_SIZE)');
  process.exit(2);
}
let size: number;
try {
  size = statSync(file).size;
} catch {
  console.error(`cannot read ${file}`);
  process.exit(2);
}

// the file's hash first (one quick read): a re-import of the same file then counts its repeated rows exactly
const hash = createHash('sha256');
for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
const fileSha256 = hash.digest('hex');

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
await migrateToLatest(handle.db);
const started = Date.now();
const tty = process.stderr.isTTY;
let lastDraw = 0;
const draw = (bytes: number, rows: number, force = false) => {
  const now = Date.now();
  if (!force && now - lastDraw < 200) return;
  lastDraw = now;
  const share = size ? Math.min(1, bytes / size) : 1;
  const width = 30;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  const rate = Math.round(rows / Math.max(0.001, (now - started) / 1000));
  const line = `[${bar}] ${(share * 100).toFixed(1).padStart(5)}%  ${rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s`;
  process.stderr.write(tty ? `\r${line}` : `${line}\n`);
};

const job = await runDeliveryImport(handle, config, createReadStream(file, { highWaterMark: 256 * 1024 }), {
  fileName: path.basename(file),
  bytesTotal: size,
  createdBy: null,
  fileSha256,
  onProgress: (t) => draw(t.bytesRead, t.rowsProcessed),
});
draw(job.bytesRead, job.rowsProcessed, true);
if (tty) process.stderr.write('\n');
const seconds = (job.durationMs ?? 0) / 1000;
console.log(`job ${job.id} ${job.status} in ${seconds.toFixed(1)} s: ${job.rowsProcessed} rows, ${job.inserted} inserted, ${job.updated} updated, ${job.unchanged} unchanged, ${job.rejected} rejected`);
for (const w of job.warnings) console.log(`warning: ${w}`);
if (job.error) console.error(`error: ${job.error}`);
if (job.rejected) {
  const sample = await listRowErrors(handle.db, job.id, { limit: 10, offset: 0 });
  for (const e of sample) console.log(`  line ${e.line}${e.column_name ? ` ${e.column_name}` : ''}: ${e.message}`);
  if (job.rejected > sample.length) console.log(`  … see GET /api/v1/imports/${job.id}/errors.csv for the full list`);
}
await handle.close();
process.exit(job.status === 'succeeded' ? 0 : 1);
