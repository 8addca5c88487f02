import { describe, expect, it } from 'vitest';
import { detectPii, scanPii } from '../../worker/guards/pii/index';
import { digitRuns } from '../../worker/guards/pii/runs';
import { piiOnce } from '../../worker/guards/scanners';
import type { Finding } from '../../worker/guards/types';

/** Seeded generator of PII-dense strings: digits, separators, letters, and real values glued together. */
function gen(seed: number): () => string {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const chars = '0123456789012345  --..()+::@XxABGDEZabz%/_,'.split('');
  const tokens = ['+86 138 1234 5678', '4111 1111 1111 1111', 'GB82 WEST 1234 5698 7654 32', '110101199003078670', '192.168.1.20'];
  tokens.push('2001:db8::1', '078-05-1123', 'a.b@example.com', 'passport E12345678', '(415) 555-0132', '１３８１２３４５６７８');
  return () => {
    let out = '';
    const n = Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) out += rnd() < 0.7 ? chars[Math.floor(rnd() * chars.length)] : tokens[Math.floor(rnd() * tokens.length)];
    return out;
  };
}

const spans = (fs: Finding[]) => fs.map((f) => `${f.type}@${f.start}-${f.end}/${f.confidence}`);

describe('PII scan internals', () => {
  it('finds the same spans whether the text is ASCII (byte path) or not (code-unit path)', () => {
    const next = gen(7);
    let compared = 0;
    for (let i = 0; i < 1500; i++) {
      const t = next();
      // '#' and '中' belong to no detector's character classes, so only the scanning path differs.
      const ascii = detectPii(`#${t}`, { keepOverlaps: true });
      expect(spans(detectPii(`中${t}`, { keepOverlaps: true }))).toEqual(spans(ascii));
      compared += ascii.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('grows its scratch space for long texts with many digit runs', () => {
    const card = '4111 1111 1111 1111';
    const text = Array.from({ length: 400 }, (_, i) => `${card} #${i}`).join(', ');
    const found = detectPii(text);
    expect(found.filter((f) => f.type === 'CARD')).toHaveLength(400);
    expect(text.slice(found[399]?.start, found[399]?.end)).toBe(card);
  });

  it('leaves no copy of the scanned text in its scratch buffers', () => {
    const text = 'card 4111 1111 1111 1111, phone 13812345678';
    expect(detectPii(text)).toHaveLength(2);
    const scratch = digitRuns('');
    expect(scratch.codes.subarray(0, text.length).every((c) => c === 0)).toBe(true);
  });

  it('piiOnce scans a message once for guards at different confidences, and again for a new text', () => {
    let scans = 0;
    const pii = piiOnce((text) => {
      scans++;
      return scanPii(text);
    });
    const text = 'call 13812345678 or 415 555 0132, mail a@b.com';
    expect(pii(text, 0.5)).toEqual(detectPii(text, { minConfidence: 0.5 }));
    expect(pii(text, 0.9)).toEqual(detectPii(text, { minConfidence: 0.9 }));
    expect(pii(text, 0.9).length).toBeLessThan(pii(text, 0.5).length);
    expect(scans).toBe(1);
    expect(pii('IP 10.0.0.1', 0.5)).toEqual(detectPii('IP 10.0.0.1'));
    expect(scans).toBe(2);
  });
});
