import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AlertNotification, OpsSettings } from '../../shared/ops';
import { hmacHex } from '../../worker/digest';
import { evaluateAlerts } from '../../worker/ops/alerts';
import { saveOpsSettings } from '../../worker/ops/settings';
import { seedTurn } from './audit-support';

const SECRET = 'webhook-secret-under-test';

/** A webhook receiver port that records every delivery and can be told to fail. */
function webhook() {
  const received: { url: string; body: string; signature: string | null }[] = [];
  let failing = false;
  const fetchPort: typeof fetch = async (input, init) => {
    if (failing) throw new TypeError('network down');
    const headers = new Headers(init?.headers);
    received.push({ url: String(input), body: String(init?.body), signature: headers.get('x-parley-signature') });
    return new Response('ok');
  };
  return { received, fetch: fetchPort, fail: (v: boolean) => (failing = v) };
}

describe('alerts evaluated on a fake clock', () => {
  it('fires once when p99 time to first delta is over 800 ms for 5 minutes, stays quiet while firing, then resolves', async () => {
    const site = 'alert-ttfd';
    const hook = webhook();
    let now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const ports = {
      db: env.DB,
      fetch: hook.fetch,
      now: () => now,
      defaultWebhookUrl: 'https://hooks.example/parley',
      webhookSecret: SECRET,
    };
    const mine = (o: Awaited<ReturnType<typeof evaluateAlerts>>) => o.filter((x) => x.site === site);

    // Healthy traffic: 10 turns at 200 ms.
    for (let i = 0; i < 10; i++) await seedTurn(now - 60_000 + i, { siteKey: site, ttftMs: 200 });
    expect(mine(await evaluateAlerts(ports)).every((o) => !o.firing)).toBe(true);
    expect(hook.received).toHaveLength(0);

    // One minute later, slow turns arrive: the p99 goes over 800 ms.
    now += 60_000;
    for (let i = 0; i < 3; i++) await seedTurn(now - 1000, { siteKey: site, ttftMs: 1500 });
    const fired = mine(await evaluateAlerts(ports)).find((o) => o.rule === 'ttfd_p99');
    expect(fired).toMatchObject({ firing: true, sent: 'firing', value: 1500, turns: 13 });
    expect(hook.received).toHaveLength(1);
    const first = hook.received[0];
    const body = AlertNotification.parse(JSON.parse(first?.body ?? ''));
    expect(body).toMatchObject({ site, rule: 'ttfd_p99', state: 'firing', threshold: 800, windowMinutes: 5 });
    // The signature is the HMAC-SHA256 of the exact body under the shared secret.
    expect(first?.signature).toBe(`sha256=${await hmacHex(SECRET, first?.body ?? '')}`);
    expect(first?.url).toBe('https://hooks.example/parley');

    // Still breaching on the next two runs: no duplicate notifications.
    now += 60_000;
    await evaluateAlerts(ports);
    now += 60_000;
    expect(mine(await evaluateAlerts(ports)).find((o) => o.rule === 'ttfd_p99')).toMatchObject({ firing: true, sent: null });
    expect(hook.received).toHaveLength(1);

    // Five minutes on, the slow turns left the window and healthy ones came in: one `resolved`.
    now += 5 * 60_000;
    for (let i = 0; i < 6; i++) await seedTurn(now - 1000, { siteKey: site, ttftMs: 150 });
    expect(mine(await evaluateAlerts(ports)).find((o) => o.rule === 'ttfd_p99')).toMatchObject({ firing: false, sent: 'resolved' });
    expect(hook.received.map((r) => JSON.parse(r.body).state)).toEqual(['firing', 'resolved']);
  });

  it('fires on an error rate over 5%, retries a failed delivery, and uses the site webhook', async () => {
    const site = 'alert-errors';
    await saveOpsSettings(env.DB, site, OpsSettings.parse({ alerts: { webhookUrl: 'https://ops.example/site-hook' } }));
    const hook = webhook();
    let now = Date.UTC(2030, 0, 2, 8, 0, 0);
    const ports = { db: env.DB, fetch: hook.fetch, now: () => now, webhookSecret: SECRET };
    for (let i = 0; i < 18; i++) await seedTurn(now - 30_000, { siteKey: site });
    for (let i = 0; i < 2; i++) await seedTurn(now - 30_000, { siteKey: site, status: 'error', errorCode: 'timeout', finish: null });

    hook.fail(true);
    const failed = (await evaluateAlerts(ports)).find((o) => o.site === site && o.rule === 'error_rate');
    expect(failed).toMatchObject({ value: 0.1, firing: false, sent: null });

    hook.fail(false);
    now += 60_000;
    const sent = (await evaluateAlerts(ports)).find((o) => o.site === site && o.rule === 'error_rate');
    expect(sent).toMatchObject({ firing: true, sent: 'firing' });
    expect(hook.received.map((r) => r.url)).toEqual(['https://ops.example/site-hook']);
  });

  it('needs enough turns before judging a rate', async () => {
    const site = 'alert-quiet';
    const hook = webhook();
    const now = Date.UTC(2030, 0, 3);
    await seedTurn(now - 1000, { siteKey: site, status: 'error', errorCode: 'timeout', finish: null });
    const out = (
      await evaluateAlerts({ db: env.DB, fetch: hook.fetch, now: () => now, defaultWebhookUrl: 'https://h.example', webhookSecret: SECRET })
    ).filter((o) => o.site === site);
    expect(out.find((o) => o.rule === 'error_rate')).toMatchObject({ value: 1, turns: 1, firing: false });
    expect(hook.received.filter((r) => JSON.parse(r.body).site === site)).toHaveLength(0);
  });
});
