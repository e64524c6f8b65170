import type { DB } from '../../db/database';
import type { AlertSeverity } from '../../db/tables/workbench';
import type { Config } from '../config';
import type { Actor } from '../context';
import type { Logger } from '../logger';
import { businessDay } from '../domain/business-day';
import { businessHour } from '../workbench/clock';
import { portfolioCompanyIds } from '../workbench/portfolio';
import { findDigest, markEmailed, pendingAlertsOf, recordDigestAttempt, usersWithPendingAlerts } from './digest-queries';
import type { MailMessage, Mailer } from './mailer';
import { alertTitle } from './texts';

/** A failed digest is tried again after 1, 2, 4, 8 … minutes, at most this many times a day. */
export const MAX_DIGEST_ATTEMPTS = 6;
const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

interface DigestAlert { id: number; rule: string; severity: AlertSeverity; params: Record<string, string | number | null>; company_name: string }

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]!));

/** The digest of one user's alerts, in English and Chinese (users keep no language preference). */
export function digestMessage(to: string, name: string, alerts: readonly DigestAlert[], publicUrl: string): MailMessage {
  const n = alerts.length;
  const lines = alerts.map((a) => ({
    en: alertTitle(a.rule, a.params, 'en'), zh: alertTitle(a.rule, a.params, 'zh'),
    severity: a.severity, link: `${publicUrl}/inbox?alert=${a.id}`,
  }));
  const text = [
    `Hello ${name},`, '', `${n} new alert${n === 1 ? '' : 's'} in your inbox · 您的收件箱有 ${n} 条新提醒`, '',
    ...lines.flatMap((l) => [`[${l.severity}] ${l.en}`, `        ${l.zh}`, `        ${l.link}`, '']),
    `Inbox · 收件箱: ${publicUrl}/inbox`,
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(name)},</p><p>${n} new alert${n === 1 ? '' : 's'} in your inbox · 您的收件箱有 ${n} 条新提醒</p><ul>${
    lines.map((l) => `<li><strong>[${l.severity}]</strong> <a href="${escapeHtml(l.link)}">${escapeHtml(l.en)}</a><br>${escapeHtml(l.zh)}</li>`).join('')
  }</ul><p><a href="${escapeHtml(publicUrl)}/inbox">Inbox · 收件箱</a></p>`;
  return { to, subject: `${n} new alert${n === 1 ? '' : 's'} · ${n} 条新提醒 — Logistics CRM`, text, html };
}

export interface DigestRound { sent: number; failed: number; skipped: number }

/**
 * One round of the daily digest: from the digest hour on, every staff user with routed alerts not yet
 * e-mailed (on companies they still may see) gets one message with those alerts; a day's digest goes once.
 * A failure is logged and tried again later (backing off), never thrown: the alerts stay pending.
 */
export async function runDigestRound(db: DB, config: Pick<Config, 'businessTimeZone' | 'publicUrl' | 'digestHour'>, mailer: Mailer, logger: Pick<Logger, 'warn' | 'info'>, now = new Date()): Promise<DigestRound> {
  const round: DigestRound = { sent: 0, failed: 0, skipped: 0 };
  if (businessHour(now, config.businessTimeZone) < config.digestHour) return round;
  const day = businessDay(now, config.businessTimeZone);
  for (const user of await usersWithPendingAlerts(db)) {
    const digest = await findDigest(db, user.id, day);
    if (digest?.sent_at || (digest && digest.attempts >= MAX_DIGEST_ATTEMPTS) || (digest?.next_attempt_at && digest.next_attempt_at > now)) {
      round.skipped++;
      continue;
    }
    const actor: Actor = { userId: user.id, email: user.email, name: user.name, role: user.role, companyId: user.company_id, via: 'session' };
    const alerts = await pendingAlertsOf(db, user.id, portfolioCompanyIds(db, actor), now);
    if (alerts.length === 0) continue;
    try {
      await mailer.send(digestMessage(user.email, user.name, alerts, config.publicUrl));
      await db.transaction().execute(async (trx) => {
        await markEmailed(trx, user.id, alerts.map((a) => Number(a.id)), now);
        await recordDigestAttempt(trx, user.id, day, { sentAt: now, alerts: alerts.length, error: null, nextAttemptAt: null });
      });
      round.sent++;
    } catch (error) {
      const attempts = (digest?.attempts ?? 0) + 1;
      const next = attempts < MAX_DIGEST_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)) : null;
      await recordDigestAttempt(db, user.id, day, { sentAt: null, alerts: alerts.length, error: String(error).slice(0, 500), nextAttemptAt: next });
      logger.warn('could not send the alert digest', { userId: user.id, attempt: attempts, retryAt: next?.toISOString() ?? null, error: String(error) });
      round.failed++;
    }
  }
  return round;
}
