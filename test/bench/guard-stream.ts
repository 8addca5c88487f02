/**
 * The streaming output guard on its own: how many characters it holds back (target p99 ≤ 32) and what it adds
 * before the first delta, over the demo site's answers plus replies carrying PII, chunked as words and as 3-char
 * tokens. Called from `test/bench/index.ts`.
 */
import { defaultGuardPolicy } from '../../shared/guard-policy';
import { emptyVault } from '../../worker/guards/mask';
import { createOutputGuard } from '../../worker/guards/output';
import { defaultScanners } from '../../worker/guards/scanners';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { percentile } from './measure';
import { reportTable } from './report';

const PII_REPLIES = [
  'Sure, we will call you on +86 138 1234 5678 tomorrow between 9:00 and 11:00.',
  'The refund goes to card 4111 1111 1111 1111, usually within 3 to 5 business days.',
  'Please send the form to returns@example.com together with your order number.',
  '您的身份证号 110101199003078670 已登记，手机 13912345678 会收到短信。',
  'Transfer to GB82 WEST 1234 5698 7654 32 with reference ORDER-2291.',
];

/** Print held-back characters and time to first delta through the output guard. */
export function benchGuardStream(rounds = 200): void {
  const policy = defaultGuardPolicy();
  const scanners = defaultScanners(policy);
  const replies = [...DEMO_SITE.faq.map((f) => f.answer), ...PII_REPLIES];
  const rows: string[][] = [];
  for (const [name, split] of [
    ['word chunks', (s: string) => s.match(/\S+\s*/g) ?? [s]],
    ['3-char chunks', (s: string) => s.match(/[\s\S]{1,3}/g) ?? [s]],
  ] as const) {
    const held: number[] = [];
    const firstChunks: number[] = [];
    const firstUs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const reply of replies) {
        const g = createOutputGuard({
          policy,
          vault: emptyVault(),
          scanners,
          canary: 'PRLY-BENCH0000000',
          systemPrompt: 'You are the assistant of Demo Shop.',
          now: () => performance.now(),
        });
        const t0 = performance.now();
        let n = 0;
        let first = false;
        for (const c of split(reply)) {
          n++;
          if (g.push(c).text && !first) {
            first = true;
            firstChunks.push(n);
            firstUs.push((performance.now() - t0) * 1000);
          }
        }
        if (!first) firstChunks.push(n + 1);
        g.end();
        for (const h of g.state.held) held.push(h);
      }
    }
    rows.push([
      name,
      String(held.length),
      String(percentile(held, 50)),
      String(percentile(held, 99)),
      String(held.reduce((a, b) => Math.max(a, b), 0)),
      percentile(firstChunks, 50).toFixed(0),
      percentile(firstUs, 50).toFixed(1),
      percentile(firstUs, 99).toFixed(1),
    ]);
  }
  reportTable(
    'Streaming output guard: held-back characters after each chunk, and time to first delta',
    ['chunking', 'chunks', 'held p50', 'held p99', 'held max', 'chunks to 1st delta p50', '1st delta µs p50', '1st delta µs p99'],
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) benchGuardStream();
