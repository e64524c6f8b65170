import type { Actor } from '../auth/actor';
import { businessDay } from '../domain/business-day';
import type { ChangeFeed } from './change-feed';

interface Entry {
  local: number;
  generation: number;
  storedAt: number;
  value: unknown;
}

/**
 * Answers of report endpoints (service KPIs, compliance, breaches), kept until the database reports a change
 * (ChangeFeed). A value computed while a change committed is not kept: it may predate the change. The key
 * must hold everything the answer depends on besides the data: the caller's scope and the resolved input.
 */
export class ReportCache {
  private entries = new Map<string, Entry>();
  private bodies = new WeakMap<object, string>();
  /** moved by this process's own writes (invalidate) */
  private local = 0;

  constructor(private feed: ChangeFeed, private maxEntries = 2000, private maxAgeMs = 10 * 60_000) {}

  attach(feed: ChangeFeed) {
    this.feed = feed;
    this.entries.clear();
  }

  /** The JSON body of an answer, serialised once however often it is served. */
  json(value: object): string {
    let body = this.bodies.get(value);
    if (body === undefined) {
      body = JSON.stringify(value);
      this.bodies.set(value, body);
    }
    return body;
  }

  /** Forgets every answer (a write of this process has committed). */
  invalidate() {
    this.local++;
    this.entries.clear();
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const feed = this.feed;
    if (!feed.live) return compute();
    const generation = feed.generation;
    const local = this.local;
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && hit.local === local && Date.now() - hit.storedAt < this.maxAgeMs) {
      this.entries.delete(key); // re-insert: the map's order is the recency order
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = await compute();
    if (feed.live && feed.generation === generation && this.local === local) {
      this.entries.delete(key);
      this.entries.set(key, { generation, local, storedAt: Date.now(), value });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

/** Who the answer is for: admins and operations see everything, a manager their portfolio, a client its company. */
function scopeKey(actor: Actor): string {
  if (actor.role === 'manager') return `manager:${actor.userId}`;
  if (actor.role === 'client') return `client:${actor.companyId}`;
  return actor.role;
}

/**
 * The cache key of a report: its kind, the caller's scope, the business day (defaults such as "the last
 * 12 months" and "the current month" follow the calendar) and the validated input without its format.
 */
export function reportKey(kind: string, actor: Actor, input: Record<string, unknown>, timeZone: string): string {
  const { format: _format, ...rest } = input;
  return `${kind}|${scopeKey(actor)}|${businessDay(new Date(), timeZone)}|${JSON.stringify(rest)}`;
}
