import path from 'node:path';
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    readMaxLagSeconds: Math.max(0, Number(env.READ_MAX_LAG_SECONDS ?? 2)),
    dataDir: env.DATA_DIR ?? './.data/pglite',
    businessTimeZone: env.BUSINESS_TIME_ZONE ?? 'Asia/Shanghai',
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    logLevel: (env.LOG_LEVEL as Config['logLevel']) ?? 'info',
    loadDemoData: env.DEMO_DATA !== 'false',
    demoScale: env.DEMO_SCALE === 'small' ? 'small' : 'full',
    trustProxy: env.TRUST_PROXY === 'true',
    trustedProxyHops: Math.max(1, Number(env.TRUSTED_PROXY_HOPS ?? 1)),
    secureCookies: env.SECURE_COOKIES === 'true',
    maxJsonBodyBytes: Number(env.MAX_JSON_BODY_BYTES ?? 1024 * 1024),
    maxUploadBytes: Number(env.MAX_UPLOAD_BYTES ?? 2 * 1024 * 1024 * 1024),
    attachmentsDir: env.ATTACHMENTS_DIR ?? path.join(path.dirname(env.DATA_DIR ?? './.data/pglite'), 'attachments'),
    maxAttachmentBytes: Number(env.MAX_ATTACHMENT_BYTES ?? 5 * 1024 * 1024),
    signIn: {
      perAccountAddress: Number(env.SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS ?? 5),
      perAddress: Number(env.SIGN_IN_FAILURES_PER_ADDRESS ?? 30),
      windowMinutes: Number(env.SIGN_IN_WINDOW_MINUTES ?? 15),
      perAccountDay: Number(env.SIGN_IN_FAILURES_PER_ACCOUNT_DAY ?? 50),
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Logistics CRM <crm@localhost>',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${Number(env.PORT ?? 3000)}`).replace(/\/+$/, ''),
    digestHour: Number(env.DIGEST_HOUR ?? 7),
    imports: {
      heartbeatSeconds: Math.max(0.1, Number(env.IMPORT_HEARTBEAT_SECONDS ?? 5)),
      staleSeconds: Math.max(1, Number(env.IMPORT_STALE_SECONDS ?? 30)),
    },
    rollupClockSeconds: Math.max(1, Number(env.ROLLUP_CLOCK_SECONDS ?? 300)),
    shutdownDrainSeconds: Math.max(0, Number(env.SHUTDOWN_DRAIN_SECONDS ?? 600)),
  };
}

/** Tests keep claim attachments in the system's temporary folder. */
export const TEST_ATTACHMENTS_DIR = path.join(process.env.TMPDIR ?? '/tmp', 'crm-test-attachments');

/** Defaults for tests and scripts that build an app without reading the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), logLevel: 'silent', loadDemoData: false, attachmentsDir: TEST_ATTACHMENTS_DIR, ...overrides };
}
