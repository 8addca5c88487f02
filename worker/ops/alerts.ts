/**
 * Alert evaluation, run by the cron: each site's rules over their window of audit rows. A rule notifies
 * its webhook once when it starts firing and once when it resolves; while it keeps firing nothing is
 * sent again (state in D1, so isolates agree). The body is signed with HMAC-SHA256.
 */
import type { AlertNotification, AlertRule } from '../../shared/ops';
import { hmacHex } from '../digest';
import { windowStats } from './aggregate';
import { loadSamples } from './metrics';
import { knownSites, loadOpsSettings } from './settings';

export interface AlertPorts {
  db: D1Database;
  fetch: typeof fetch;
  now: () => number;
  /** `ALERT_WEBHOOK_URL`: used when a site sets no webhook of its own. */
  defaultWebhookUrl?: string | undefined;
  /** `ALERT_WEBHOOK_SECRET`: the HMAC key; without it nothing is sent. */
  webhookSecret?: string | undefined;
}

export interface AlertOutcome {
  site: string;
  rule: string;
  value: number | null;
  turns: number;
  firing: boolean;
  /** `firing`/`resolved` when a notification was sent this run. */
  sent: AlertNotification['state'] | null;
}

function metricValue(rule: AlertRule, stats: ReturnType<typeof windowStats>): number | null {
  if (rule.metric === 'error_rate') return stats.errorRate;
  if (rule.metric === 'ttfd_p95_ms') return stats.ttfdP95;
  return stats.ttfdP99;
}

/** Sign a body: the header value `sha256=<hex HMAC of the exact body bytes>`. */
export async function signBody(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, body)}`;
}

/** Whether a webhook URL is https (the settings schema checks a site's; this covers the deployment's secret). */
function isHttps(url: string): boolean {
  return URL.canParse(url) && new URL(url).protocol === 'https:';
}

async function notify(ports: AlertPorts, url: string | undefined, n: AlertNotification): Promise<boolean> {
  if (!url || !ports.webhookSecret) return false;
  if (!isHttps(url)) {
    // The URL is left out of the log: it may carry the receiver's own token.
    console.error(JSON.stringify({ level: 'error', event: 'alert_webhook_refused', reason: 'not https', site: n.site }));
    return false;
  }
  const body = JSON.stringify(n);
  try {
    const res = await ports.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-signature': await signBody(ports.webhookSecret, body) },
      body,
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Evaluate every known site's rules once. */
export async function evaluateAlerts(ports: AlertPorts): Promise<AlertOutcome[]> {
  const now = ports.now();
  const outcomes: AlertOutcome[] = [];
  for (const site of await knownSites(ports.db, now - 24 * 3_600_000)) {
    const settings = await loadOpsSettings(ports.db, site);
    const url = settings.alerts.webhookUrl ?? ports.defaultWebhookUrl;
    for (const rule of settings.alerts.rules) {
      const samples = await loadSamples(ports.db, now - rule.windowMinutes * 60_000, now + 1, site);
      const value = metricValue(rule, windowStats(samples));
      const breach = samples.length >= rule.minTurns && value !== null && value > rule.threshold;
      const prev = await ports.db
        .prepare('SELECT firing FROM alert_state WHERE site = ? AND rule = ?')
        .bind(site, rule.id)
        .first<{ firing: number }>();
      const wasFiring = prev?.firing === 1;
      let sent: AlertOutcome['sent'] = null;
      let firing = wasFiring;
      if (breach !== wasFiring) {
        const state = breach ? 'firing' : 'resolved';
        const n: AlertNotification = {
          site,
          rule: rule.id,
          metric: rule.metric,
          state,
          value,
          threshold: rule.threshold,
          windowMinutes: rule.windowMinutes,
          turns: samples.length,
          at: now,
        };
        // State changes only once the webhook took it, so a failed delivery is retried on the next run.
        if (await notify(ports, url, n)) {
          sent = state;
          firing = breach;
          await ports.db
            .prepare(
              `INSERT INTO alert_state (site, rule, firing, since, value) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (site, rule) DO UPDATE SET firing = excluded.firing, since = excluded.since, value = excluded.value`,
            )
            .bind(site, rule.id, breach ? 1 : 0, now, value)
            .run();
        }
      }
      outcomes.push({ site, rule: rule.id, value, turns: samples.length, firing, sent });
    }
  }
  return outcomes;
}

/** Alerts currently firing (for the dashboard). */
export async function firingAlerts(db: D1Database): Promise<{ site: string; rule: string; since: number; value: number | null }[]> {
  const res = await db
    .prepare('SELECT site, rule, since, value FROM alert_state WHERE firing = 1 ORDER BY since')
    .all<{ site: string; rule: string; since: number; value: number | null }>();
  return res.results;
}
