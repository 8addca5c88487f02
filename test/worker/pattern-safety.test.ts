import { describe, expect, it } from 'vitest';
import { admin, BOOT } from './admin-helpers';

const siteWith = (key: string, patterns: string[]) => ({
  key,
  name: `Shop ${key}`,
  origins: ['shop.example'],
  intents: [
    { id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } },
    { id: 'order', label: 'Order', examples: ['where is my order'], patterns },
  ],
});

describe('intent patterns from the admin API cannot freeze the Worker', () => {
  it('refuses lookaround and backreferences with a 400 naming the pattern by its path', async () => {
    const res = await admin(
      'POST',
      '/sites/lookaround/validate',
      BOOT,
      siteWith('lookaround', ['order\\s*\\d+', '(?<!not )refund', '(a)\\1']),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues.map((i) => i.path)).toEqual(['intents.1.patterns.1', 'intents.1.patterns.2']);
    expect(error.issues[0]?.message).toMatch(/linear-time engine.*no lookaround or backreferences/);
  });

  it('accepts a catastrophic-backtracking pattern and routes a crafted message past it in a fraction of a second', async () => {
    const created = await admin('POST', '/sites', BOOT, siteWith('redos', ['(a+)+$', '(\\w+\\s?)*!$', 'order\\s*#?\\d{5,}']));
    expect(created.status).toBe(201);
    const route = async (text: string) => {
      const started = performance.now();
      const res = await admin('POST', '/route', BOOT, { siteKey: 'redos', text, draft: true });
      expect(res.status).toBe(200);
      const { decision } = (await res.json()) as { decision: { intent: string | null; reason: string } };
      return { decision, ms: performance.now() - started };
    };
    // Each of these backtracks exponentially on a `RegExp`; on the linear-time engine the turn goes on.
    for (const text of [`${'a'.repeat(30)}?`, `${'a'.repeat(3990)}?`, `${'word '.repeat(790)}?`]) {
      const { decision, ms } = await route(text);
      expect(decision.reason).not.toMatch(/^pattern/);
      expect(ms).toBeLessThan(500);
    }
    expect((await route('status of order #123456')).decision).toMatchObject({ intent: 'order', reason: 'pattern /order\\s*#?\\d{5,}/' });
  });
});
