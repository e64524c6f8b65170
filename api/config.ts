import path from 'node:path';
import { z } from 'zod';
import type { SignInLimits } from './auth/sign-in-throttle';

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  /** a streaming replica for the read-only reports (docs/scaling.md); unset: everything on DATABASE_URL */
  databaseReadUrl: string | undefined;
  /** past this replication lag (seconds) the reports read from the primary */
  readMaxLagSeconds: number;
  dataDir: string;
  businessTimeZone: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  loadDemoData: boolean;
  /** 'small' loads a tenth of the demo deliveries (browser tests) */
  demoScale: 'full' | 'small';
  /** read the client address from X-Forwarded-For (only behind a trusted proxy) */
  trustProxy: boolean;
  /** how many trusted proxies append to X-Forwarded-For: the client address is that many entries from the right */
  trustedProxyHops: number;
  /** mark the session cookie Secure (behind https) */
  secureCookies: boolean;
  maxJsonBodyBytes: number;
  maxUploadBytes: number;
  /** where claim attachments are kept: under the data folder (DATA_DIR's parent, beside the embedded database) */
  attachmentsDir: string;
  /** the largest claim attachment (photo, proof of delivery) accepted */
  maxAttachmentBytes: number;
  /** rows per committed batch of a delivery import */
  importBatchSize: number;
  /** sign-in protection (api/auth/sign-in-throttle.ts) */
  signIn: SignInLimits;
  /** smtp://user:pass@host:port (or smtps://): set, and every user gets a daily digest of their new alerts */
  smtpUrl: string | undefined;
  /** the sender of the digest */
  mailFrom: string;
  /** the portal's address as users reach it, for the links in the digest */
  publicUrl: string;
  /** the hour (business time zone) from which the day's digest goes out */
  digestHour: number;
  /** import jobs across processes: how often a running job's heartbeat moves, and after how long without one another process marks it interrupted */
  imports: { heartbeatSeconds: number; staleSeconds: number };
  /** how often the rollup clock runs (once per period across all processes) */
  rollupClockSeconds: number;
  /** on SIGTERM: how long running imports and requests may take to finish before the process exits anyway */
  shutdownDrainSeconds: number;
}

/** A bad setting: its message names every variable at fault, with what it wants and what it got. */
export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super(`The configuration is not valid:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** An unset or blank variable takes its default. */
const text = (fallback: string) => z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? fallback : v));
const optionalText = () => z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

function number(fallback: number, { whole = false, min = -Infinity, max = Infinity } = {}) {
  const range = min > -Infinity && max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` of at least ${min}` : '';
  const wanted = `${whole ? 'a whole number' : 'a number'}${range}`;
  return z.string().optional().transform((raw, ctx) => {
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || (whole && !Number.isInteger(n)) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be ${wanted}, not ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return n;
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.string().optional().transform((raw, ctx): T[number] => {
    if (raw === undefined || raw.trim() === '') return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T[number];
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}, not ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

const flag = (fallback: boolean) =>
  oneOf(['true', 'false'], fallback ? 'true' : 'false').transform((v) => v === 'true');

const timeZone = text('Asia/Shanghai').superRefine((zone, ctx) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an IANA time zone such as Asia/Shanghai, not ${JSON.stringify(zone)}` });
  }
});

/** Every setting the product reads from the environment (README "Settings"), parsed in one place. */
const EnvSchema = z.object({
  PORT: number(3000, { whole: true, min: 0, max: 65535 }),
  DATABASE_URL: optionalText(),
  DATABASE_READ_URL: optionalText(),
  READ_MAX_LAG_SECONDS: number(2, { min: 0 }),
  DATA_DIR: text('./.data/pglite'),
  BUSINESS_TIME_ZONE: timeZone,
  ADMIN_EMAIL: optionalText(),
  ADMIN_PASSWORD: optionalText(),
  SESSION_TTL_HOURS: number(12, { min: 0 }),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  DEMO_DATA: flag(true),
  DEMO_SCALE: oneOf(['full', 'small'], 'full'),
  TRUST_PROXY: flag(false),
  TRUSTED_PROXY_HOPS: number(1, { whole: true, min: 1 }),
  SECURE_COOKIES: flag(false),
  MAX_JSON_BODY_BYTES: number(1024 * 1024, { whole: true, min: 1 }),
  MAX_UPLOAD_BYTES: number(2 * 1024 * 1024 * 1024, { whole: true, min: 1 }),
  IMPORT_BATCH_SIZE: number(10_000, { whole: true, min: 1, max: 1_000_000 }),
  ATTACHMENTS_DIR: optionalText(),
  MAX_ATTACHMENT_BYTES: number(5 * 1024 * 1024, { whole: true, min: 1 }),
  SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS: number(5, { whole: true, min: 1 }),
  SIGN_IN_FAILURES_PER_ADDRESS: number(30, { whole: true, min: 1 }),
  SIGN_IN_WINDOW_MINUTES: number(15, { min: 0 }),
  SIGN_IN_FAILURES_PER_ACCOUNT_DAY: number(50, { whole: true, min: 1 }),
  SMTP_URL: optionalText(),
  MAIL_FROM: text('Logistics CRM <crm@localhost>'),
  PUBLIC_URL: optionalText(),
  DIGEST_HOUR: number(7, { whole: true, min: 0, max: 23 }),
  IMPORT_HEARTBEAT_SECONDS: number(5, { min: 0.1 }),
  IMPORT_STALE_SECONDS: number(30, { min: 1 }),
  ROLLUP_CLOCK_SECONDS: number(300, { min: 1 }),
  SHUTDOWN_DRAIN_SECONDS: number(600, { min: 0 }),
});

/** The configuration from the environment; a bad value is a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    readMaxLagSeconds: e.READ_MAX_LAG_SECONDS,
    dataDir: e.DATA_DIR,
    businessTimeZone: e.BUSINESS_TIME_ZONE,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    logLevel: e.LOG_LEVEL,
    loadDemoData: e.DEMO_DATA,
    demoScale: e.DEMO_SCALE,
    trustProxy: e.TRUST_PROXY,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    secureCookies: e.SECURE_COOKIES,
    maxJsonBodyBytes: e.MAX_JSON_BODY_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    importBatchSize: e.IMPORT_BATCH_SIZE,
    attachmentsDir: e.ATTACHMENTS_DIR ?? path.join(path.dirname(e.DATA_DIR), 'attachments'),
    maxAttachmentBytes: e.MAX_ATTACHMENT_BYTES,
    signIn: {
      perAccountAddress: e.SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS,
      perAddress: e.SIGN_IN_FAILURES_PER_ADDRESS,
      windowMinutes: e.SIGN_IN_WINDOW_MINUTES,
      perAccountDay: e.SIGN_IN_FAILURES_PER_ACCOUNT_DAY,
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    digestHour: e.DIGEST_HOUR,
    imports: { heartbeatSeconds: e.IMPORT_HEARTBEAT_SECONDS, staleSeconds: e.IMPORT_STALE_SECONDS },
    rollupClockSeconds: e.ROLLUP_CLOCK_SECONDS,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
  };
}

/** Tests keep claim attachments in the system's temporary folder. */
export const TEST_ATTACHMENTS_DIR = path.join(process.env.TMPDIR ?? '/tmp', 'crm-test-attachments');

/** Defaults for tests and scripts that build an app without reading the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), logLevel: 'silent', loadDemoData: false, attachmentsDir: TEST_ATTACHMENTS_DIR, ...overrides };
}

/** For the entry points (server, CLIs): a bad setting prints which variable and why, and the process exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
