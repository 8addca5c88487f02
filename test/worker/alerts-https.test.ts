import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { evaluateAlerts } from '../../worker/ops/alerts';
import { seedTurn } from './audit-support';

describe('alert webhooks are https only', () => {
  it('does not deliver to a non-https deployment webhook, and logs that it refused without the URL', async () => {
    const site = 'alert-plain-http';
    const now = Date.UTC(2030, 1, 1, 9, 0, 0);
    for (let i = 0; i < 10; i++) await seedTurn(now - 30_000, { siteKey: site, status: 'error', errorCode: 'timeout', finish: null });
    const delivered: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const url of ['http://hooks.example/parley?key=k', 'file:///etc/passwd', 'gopher://hooks.example/']) {
        const out = await evaluateAlerts({
          db: env.DB,
          fetch: async (input) => {
            delivered.push(String(input));
            return new Response('ok');
          },
          now: () => now,
          defaultWebhookUrl: url,
          webhookSecret: 'secret',
        });
        expect(out.find((o) => o.site === site && o.rule === 'error_rate')).toMatchObject({ firing: false, sent: null });
      }
      expect(delivered).toEqual([]);
      const logged = errors.mock.calls.map((c) => String(c[0]));
      expect(logged.some((l) => JSON.parse(l).event === 'alert_webhook_refused')).toBe(true);
      expect(logged.join('\n')).not.toContain('hooks.example');
    } finally {
      errors.mockRestore();
    }
  });
});
