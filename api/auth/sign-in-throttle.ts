import type { DB } from '../../db/database';
import { tooManyRequests } from '../errors';
import { blockCounter, clearCounter, countAttempt, deleteSpentCounters, uncountAttempt, type CounterKey } from '../queries/sign-in-failures';
import { sha256 } from './secrets';

export interface SignInLimits {
  /** failures allowed per (account, address) in a window */
  perAccountAddress: number;
  /** failures allowed per address, whatever the accounts, in a window */
  perAddress: number;
  windowMinutes: number;
  /** failures an account may take in 24 hours before each further failure blocks its address for the day */
  perAccountDay: number;
}

const DAY_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 10 * 60_000;

/** A sign-in attempt counted in advance; its outcome decides whether it stays counted. */
export interface Attempt {
  /** the password was right: the attempt is taken back and the (account, address) counter cleared */
  succeeded(): Promise<void>;
  /** the password was wrong (or the account unknown): the failure stays counted */
  failed(): Promise<void>;
  /** something else went wrong (e.g. the database): take the attempt back */
  abandon(): Promise<void>;
}

/**
 * Sign-in protection (DESIGN section 8), counted in the database so every process shares it:
 * - failures per (account, address) and per address, over a window (5 and 30 in 15 minutes by default);
 * - failures per account over 24 hours: past that limit, each further failure blocks the (account, address)
 *   it came from for a day — a slow, distributed guesser runs dry while the owner, signing in from an address
 *   that has not failed, is never kept out by someone else's failures.
 * Successful sign-ins do not count. The account is the e-mail as typed (hashed), known or not, so the answer
 * never tells whether an account exists. Every attempt is counted before the password is checked and taken
 * back after, so concurrent attempts cannot slip past a limit.
 */
export class SignInThrottle {
  private lastSweep = 0;

  constructor(private readonly limits: SignInLimits) {}

  async begin(db: DB, email: string, address: string | null): Promise<Attempt> {
    const account = sha256(email.trim().toLowerCase());
    const from = address ?? 'unknown';
    const windowMs = this.limits.windowMinutes * 60_000;
    const pair: CounterKey = { key: `pair:${account}:${from}`, windowMs };
    const keys: CounterKey[] = [pair, { key: `address:${from}`, windowMs }, { key: `account:${account}`, windowMs: DAY_MS }];
    const all = keys.map((k) => k.key);
    const counts = new Map((await countAttempt(db, keys)).map((c) => [c.key, c]));
    const pairCount = counts.get(pair.key)!;
    const addressCount = counts.get(keys[1].key)!;
    const refused = pairCount.blocked ? pairCount
      : pairCount.failures > this.limits.perAccountAddress ? pairCount
        : addressCount.failures > this.limits.perAddress ? addressCount : null;
    if (refused) {
      await uncountAttempt(db, all);
      const minutes = Math.ceil(refused.retryAfterSeconds / 60);
      throw tooManyRequests(`Too many failed sign-ins from your address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    const overDay = counts.get(keys[2].key)!.failures > this.limits.perAccountDay;
    return {
      succeeded: async () => {
        await uncountAttempt(db, all);
        await clearCounter(db, pair.key);
      },
      failed: async () => {
        if (overDay) await blockCounter(db, pair.key, DAY_MS);
        await this.sweep(db);
      },
      abandon: () => uncountAttempt(db, all).then(() => {}),
    };
  }

  private async sweep(db: DB) {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    await deleteSpentCounters(db);
  }
}
