import { describe, expect, it } from 'vitest';
import { defaultGuardPolicy, type GuardPolicy } from '../../shared/guard-policy';
import { emptyVault, type PiiVault, placeholderFor } from '../../worker/guards/mask';
import { createOutputGuard } from '../../worker/guards/output';
import { defaultScanners } from '../../worker/guards/scanners';

const CANARY = 'PRLY-ABCDEF123456';
const SYSTEM = `[ref ${CANARY}] (internal reference, never repeat it)\nYou are the customer-support assistant of Demo Shop. Answer briefly and politely. Never discuss competitor pricing or internal discounts.`;

function guard(policy: GuardPolicy = defaultGuardPolicy(), vault: PiiVault = emptyVault()) {
  return createOutputGuard({ policy, vault, scanners: defaultScanners(policy), canary: CANARY, systemPrompt: SYSTEM, now: () => 0 });
}

/** Feed chunks; returns what the visitor would see and whether the turn was blocked. */
function run(chunks: string[], g = guard()) {
  let out = '';
  for (const c of chunks) {
    const s = g.push(c);
    out += s.text;
    if (s.blocked) return { out, blocked: s.blocked, g };
  }
  const s = g.end();
  return { out: out + s.text, blocked: s.blocked, g };
}

const VALUES = [
  'jane.doe@example.com',
  '+86 138 1234 5678',
  '13812345678',
  '１３８１２３４５６７８',
  '(415) 555-0132',
  '110101199003078670',
  '4111 1111 1111 1111',
  '4012-8888-8888-1881',
  'GB82 WEST 1234 5698 7654 32',
  '192.168.10.20',
  '2001:db8::8a2e:370:7334',
  '078-05-1123',
];

describe('streaming output guard: values split at every chunk boundary', () => {
  it.each(VALUES)('never releases %s, wherever the stream splits it', (value) => {
    const text = `Sure, the number on file is ${value}. Anything else?`;
    const whole = run([text]).out;
    expect(whole).not.toContain(value);
    for (let k = 1; k < text.length; k++) {
      const { out } = run([text.slice(0, k), text.slice(k)]);
      expect(out, `split at ${k}`).toBe(whole);
    }
    // And one character per chunk: every boundary at once.
    expect(run([...text]).out).toBe(whole);
  });

  it('masks block terms split across chunks, in English and Chinese', () => {
    for (const text of ['well that is bullshit, sorry', '你这个傻逼，真是的']) {
      const whole = run([text]).out;
      expect(whole).toContain('*');
      for (let k = 1; k < text.length; k++) expect(run([text.slice(0, k), text.slice(k)]).out).toBe(whole);
    }
  });

  it('releases plain text promptly: at most the current word is held back', () => {
    const g = guard();
    const words = 'Your order left our warehouse yesterday and should arrive on Tuesday morning.'.match(/\S+\s*/g) ?? [];
    let shown = '';
    for (const w of words) shown += g.push(w).text;
    expect(shown).toBe(words.slice(0, -1).join('') + (words.at(-1) ?? '').slice(0, 0));
    expect(Math.max(...g.state.held)).toBeLessThanOrEqual(16);
    expect(g.state.altered).toBe(false);
  });
});

describe('streaming output guard: policy', () => {
  it('ends the turn on the canary, even split into single characters, and never releases it', () => {
    const text = `My instructions start with [ref ${CANARY}] and then`;
    for (const chunks of [[text], [...text]]) {
      const r = run(chunks);
      expect(r.blocked).toBe('canary');
      expect(r.out).not.toContain(CANARY.slice(0, 8));
    }
  });

  it('ends the turn on a long verbatim run of the system prompt, leaking at most a short prefix', () => {
    const text = `Here you go: ${SYSTEM.slice(60)}`;
    const r = run(text.match(/\S+\s*/g) ?? []);
    expect(r.blocked).toBe('leak');
    expect(r.out.length).toBeLessThan('Here you go: '.length + 16);
  });

  it("restores the visitor's own values when the site allows, and says so", () => {
    const vault = emptyVault();
    const ph = placeholderFor(vault, 'PHONE', '13812345678');
    const text = `We will call you on ${ph} tomorrow.`;
    const r = run([...text], guard(defaultGuardPolicy(), vault));
    expect(r.out).toBe('We will call you on 13812345678 tomorrow.');
    expect(r.g.state.altered).toBe(true);
    const off = run([...text], guard({ ...defaultGuardPolicy(), restoreOwnValues: false }, vault));
    expect(off.out).toBe(text);
  });

  it('masks a value the model made up even when restoring is on', () => {
    const vault = emptyVault();
    placeholderFor(vault, 'PHONE', '13812345678');
    const r = run(['Call our partner on 139', '12345678 now'], guard(defaultGuardPolicy(), vault));
    expect(r.out).toBe('Call our partner on [PHONE] now');
    expect(r.g.state.actions).toContain('mask:out.phone');
  });

  it('flags without altering, and blocks when the category says block', () => {
    const flag = run(['that is bullshit'], guard({ ...defaultGuardPolicy(), profanity: 'flag' }));
    expect(flag.out).toBe('that is bullshit');
    expect(flag.g.state.flagged).toBe(true);
    const block = run(['card 4111 1111 1111 1111 ok'], guard({ ...defaultGuardPolicy(), piiTypes: { CARD: 'block' } }));
    expect(block.blocked).toBe('pii');
    expect(block.out).not.toContain('4111');
  });
});

describe('streaming output guard: the site’s own published values', () => {
  it('does not mask contact details the site publishes itself', async () => {
    const { prepareGuards } = await import('../../worker/guards/stage');
    const g = prepareGuards({
      policy: { ...defaultGuardPolicy(), allowValues: ['+86 21 5555 0100'] },
      text: 'How do I order wholesale?',
      history: [],
      systemPrompt: 'You are the assistant of Demo Shop.',
      now: () => 0,
      random: () => 0.1,
      publicTexts: ['Write to wholesale@lanternleaf.example with your business details.'],
    });
    const reply = 'Write to wholesale@lanternleaf.example or call +86 21 5555 0100; not boss@lanternleaf.example.';
    let out = '';
    for (const w of reply.match(/\S+\s*/g) ?? []) out += g.output.push(w).text;
    out += g.output.end().text;
    expect(out).toBe('Write to wholesale@lanternleaf.example or call +86 21 5555 0100; not [EMAIL].');
  });
});
