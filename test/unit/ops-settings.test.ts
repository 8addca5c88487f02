import { describe, expect, it } from 'vitest';
import { OpsSettings } from '../../shared/ops';

describe('alert webhook URLs', () => {
  const table: [string, boolean][] = [
    ['https://hooks.example/parley', true],
    ['https://127.0.0.1:8443/hook', true],
    ['http://hooks.example/parley', false],
    ['http://localhost:9000/hook', false],
    ['ftp://hooks.example/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
  ];
  for (const [url, ok] of table) {
    it(`${url} → ${ok ? 'accepted' : 'refused'}`, () => {
      const r = OpsSettings.safeParse({ alerts: { webhookUrl: url } });
      expect(r.success).toBe(ok);
      if (!r.success)
        expect(r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['alerts.webhookUrl', expect.stringMatching(/https/)]]);
    });
  }
});
