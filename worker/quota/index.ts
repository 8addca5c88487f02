/** The Worker's and the conversations' side of the per-site daily token allowance (see site-quota.ts). */
import type { SiteConfig } from '../../shared/config';
import { batchQueue } from '../audit/batch';
import { ParleyError } from '../errors';
import type { TurnRecord } from '../pipeline/record';
import { dayOf, type SiteQuota, secondsToNextDay } from './site-quota';

export { SiteQuota } from './site-quota';

/** The binding as the gate needs it (absent only in unit tests of other stages: then nothing is enforced). */
export interface QuotaPorts {
  SITE_QUOTA?: DurableObjectNamespace<SiteQuota>;
}

function stubFor(ns: NonNullable<QuotaPorts['SITE_QUOTA']>, siteKey: string) {
  return ns.get(ns.idFromName(siteKey));
}

/**
 * The isolate's last word from each site's quota object. A site well below its allowance is admitted on a
 * count a few seconds old without asking the object again, so a busy site's turns do not each wait for a
 * round trip (and a visitor's message is not held behind one); near the allowance every turn asks.
 */
const recent = new Map<string, { day: string; used: number; at: number }>();
const FRESH_MS = 5000;
const FAR_BELOW = 0.9;

function remember(siteKey: string, day: string, used: number, at: number): void {
  if (recent.size >= 1000 && !recent.has(siteKey)) recent.clear();
  recent.set(siteKey, { day, used, at });
}

/**
 * Refuse a turn with `quota_exceeded` (retryable after the next UTC midnight) when today's finished turns
 * have used up the site's `limits.tokensPerDay` (every site has one: `DEFAULT_TOKENS_PER_DAY` unless raised).
 */
export async function admitTokens(ports: QuotaPorts, site: SiteConfig, now: number): Promise<void> {
  const limit = site.limits.tokensPerDay;
  if (!ports.SITE_QUOTA) return;
  const day = dayOf(now);
  const seen = recent.get(site.key);
  if (seen && seen.day === day && now - seen.at < FRESH_MS && seen.used < limit * FAR_BELOW) return;
  const { used } = await stubFor(ports.SITE_QUOTA, site.key).used(day);
  remember(site.key, day, used, now);
  if (used >= limit) {
    throw new ParleyError('quota_exceeded', "This site's assistant has reached today's limit; please try again tomorrow.", {
      retryable: true,
      retryAfter: secondsToNextDay(now),
    });
  }
}

interface Spend {
  ns: NonNullable<QuotaPorts['SITE_QUOTA']>;
  siteKey: string;
  day: string;
  tokens: number;
}

/** One `add` per site and day for the spends queued together (summed): a round trip to the site's object each. */
async function writeSpends(items: Spend[]): Promise<void> {
  const sums = new Map<NonNullable<QuotaPorts['SITE_QUOTA']>, Map<string, Spend>>();
  for (const item of items) {
    const bySite = sums.get(item.ns) ?? new Map<string, Spend>();
    sums.set(item.ns, bySite);
    const key = `${item.siteKey}\n${item.day}`;
    const sum = bySite.get(key);
    if (sum) sum.tokens += item.tokens;
    else bySite.set(key, { ...item });
  }
  const writes = [...sums.values()].flatMap((bySite) =>
    [...bySite.values()].map(async ({ ns, siteKey, day, tokens }) => {
      const state = await stubFor(ns, siteKey).add(day, tokens);
      remember(siteKey, state.day, state.used, Date.now());
    }),
  );
  const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * This isolate's finished turns not yet counted: turns that end while a count is in flight are summed into the
 * next one, so 100 concurrent turns of a site cost a few round trips to its object instead of 100.
 */
const isolateSpends = batchQueue(writeSpends, () => Date.now());

/**
 * Count a finished turn's tokens against the site's day. Resolves when the count that carries them is written,
 * or at once when a count already in flight (another request's, which it keeps alive) will carry them.
 */
export async function spendTokens(ports: QuotaPorts, site: SiteConfig, now: number, tokens: number): Promise<void> {
  if (!ports.SITE_QUOTA || tokens <= 0) return;
  await isolateSpends.add({ ns: ports.SITE_QUOTA, siteKey: site.key, day: dayOf(now), tokens });
}

/** Wrap a turn's `onEnd` so the finished turn's tokens are also counted against the site's day (after the response). */
export function metered(
  ports: QuotaPorts,
  site: SiteConfig,
  waitUntil: (p: Promise<unknown>) => void,
  onEnd: (record: TurnRecord) => void,
): (record: TurnRecord) => void {
  return (record) => {
    onEnd(record);
    waitUntil(
      spendTokens(ports, site, Date.now(), record.usage.inputTokens + record.usage.outputTokens).catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', event: 'quota_write_failed', name: e instanceof Error ? e.name : 'unknown' }));
      }),
    );
  };
}
