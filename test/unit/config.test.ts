import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('takes the documented defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('info');
    expect(c.importBatchSize).toBe(10_000);
    expect(c.maxUploadBytes).toBe(2 * 1024 * 1024 * 1024);
    expect(c.loadDemoData).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it('reads IMPORT_BATCH_SIZE, MAX_UPLOAD_BYTES and the flags', () => {
    const c = loadConfig({ IMPORT_BATCH_SIZE: '250', MAX_UPLOAD_BYTES: '1048576', DEMO_DATA: 'false', PORT: '8080', PUBLIC_URL: 'https://crm.example.com//' });
    expect([c.importBatchSize, c.maxUploadBytes, c.loadDemoData, c.port, c.publicUrl]).toEqual([250, 1048576, false, 8080, 'https://crm.example.com']);
  });

  it('names PORT=abc and LOG_LEVEL=loud, each with what it wants', () => {
    expect(problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud' })).toEqual([
      { variable: 'PORT', message: 'must be a whole number from 0 to 65535, not "abc"' },
      { variable: 'LOG_LEVEL', message: 'must be one of debug, info, warn, error, silent, not "loud"' },
    ]);
  });

  it('refuses a fractional batch size, a negative upload limit and an unknown time zone', () => {
    expect(problemsOf({ IMPORT_BATCH_SIZE: '2.5', MAX_UPLOAD_BYTES: '-1', BUSINESS_TIME_ZONE: 'Mars/Olympus' }).map((p) => p.variable))
      .toEqual(['BUSINESS_TIME_ZONE', 'MAX_UPLOAD_BYTES', 'IMPORT_BATCH_SIZE']);
  });
});

describe('an entry point started with PORT=abc (npm run migrate; the server calls the same loadConfigOrExit)', () => {
  it('stops at once with a line naming PORT, before it opens a database', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/migrate.ts'], {
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
      encoding: 'utf8', timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: must be a whole number from 0 to 65535, not "abc"');
  }, 25_000);
});
