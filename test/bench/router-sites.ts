/**
 * `npm run bench:router-sites -- --train FILE --val FILE [--sites 10] [--intents 16] [--examples 6] [--offtopic FILE,…] [--domains FILE]`: how the
 * router of a *small* site (a few examples per intent, the built-in background class) trades intents routed
 * right against off-topic messages grabbed by an intent, for several `router` settings side by side.
 *
 * Each simulated site takes `--intents` random intents of the train file with `--examples` random examples each
 * (`--examples 3-20`: a random count in that range for each intent)
 * and is trained and compiled as publish does (`trainRouterModel`, `compileRouter`). It is then asked the val
 * file's lines of its own intents (should route to that intent), of the other intents (another business's
 * questions: should be out of scope), the val file's `oos` lines, and 2,000 common English words (GloVe
 * frequency ranks 100–2,100). `--offtopic` adds prompts no site should answer (a `.txt` file is a prompt a
 * line, a `.jsonl` file has `prompt` or `text` fields; e.g. the kit's Do-Not-Answer and HarmBench prompts),
 * which nothing here is tuned on. `--domains` (CLINC150's `domains.json`) breaks the other intents' lines
 * down by domain, so a change can be judged on domains nobody wrote background examples for. Never reads a
 * test file: settings are chosen on this.
 */
import { readFileSync } from 'node:fs';
import { SiteConfig } from '../../shared/config';
import { mulberry32 } from '../../shared/random';
import { compileRouter, trainRouterModel } from '../../worker/pipeline/router/index';
import { wordTable } from '../../worker/pipeline/router/word-vectors';
import { printTable } from './measure';

interface Line {
  text: string;
  label: string;
}

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined)
    throw new Error(
      `usage: router-sites --train FILE --val FILE [--sites N] [--intents N] [--examples N] [--offtopic FILE,…] [--domains FILE]`,
    );
  return v;
};
const read = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);

const promptsOf = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      if (!file.endsWith('.jsonl')) return l;
      const o = JSON.parse(l) as { prompt?: string; text?: string };
      return o.prompt ?? o.text ?? '';
    });

const train = read(arg('train'));
const val = read(arg('val'));
const SITES = Number(arg('sites', '10'));
const INTENTS = Number(arg('intents', '16'));
// `--examples 6` gives every intent 6 examples; `--examples 3-20` each a random count in that range.
const [EXAMPLES_MIN, EXAMPLES_MAX] = arg('examples', '6').split('-').map(Number) as [number, number?];
const EXAMPLES = EXAMPLES_MAX === undefined ? `${EXAMPLES_MIN}` : `${EXAMPLES_MIN}–${EXAMPLES_MAX}`;
const examplesOfAnIntent = () =>
  EXAMPLES_MAX === undefined ? EXAMPLES_MIN : EXAMPLES_MIN + Math.floor(rnd() * (EXAMPLES_MAX - EXAMPLES_MIN + 1));
const SETTINGS: { threshold: number; minScore: number; minScoreGrowth: number }[] = [
  { threshold: 0.5, minScore: 0, minScoreGrowth: 1 },
  { threshold: 0.6, minScore: 0, minScoreGrowth: 1 },
  { threshold: 0.8, minScore: 0, minScoreGrowth: 1 },
  { threshold: 0.5, minScore: 0.25, minScoreGrowth: 1 },
  { threshold: 0.5, minScore: 0.3, minScoreGrowth: 1 },
  { threshold: 0.5, minScore: 0.35, minScoreGrowth: 1 },
  { threshold: 0.5, minScore: 0.25, minScoreGrowth: 1.6 },
];

const rnd = mulberry32(5);
const shuffled = <T>(items: T[]): T[] => {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
};

const labels = [...new Set(train.map((l) => l.label))].filter((l) => l !== 'oos').sort();
const words = wordTable().words.slice(100, 2100);
const oosLines = val.filter((l) => l.label === 'oos').map((l) => l.text);
const offtopic = arg('offtopic', '')
  .split(',')
  .filter(Boolean)
  .flatMap(promptsOf)
  .filter((t) => t.trim());
const domainOf = new Map<string, string>();
const domainsFile = arg('domains', '');
if (domainsFile) {
  for (const [domain, ids] of Object.entries(JSON.parse(readFileSync(domainsFile, 'utf8')) as Record<string, string[]>)) {
    for (const id of ids) domainOf.set(id, domain);
  }
}
const domains = [...new Set(domainOf.values())].sort();
const totals = SETTINGS.map(() => ({ right: 0, other: 0, oos: 0, words: 0, offtopic: 0, byDomain: new Map<string, number>() }));
const otherByDomain = new Map<string, number>();
let nOwn = 0;
let nOther = 0;
for (let s = 0; s < SITES; s++) {
  const chosen = new Set(shuffled(labels).slice(0, INTENTS));
  const intents = [...chosen].map((id) => ({
    id: id.replace(/_/g, '-'),
    label: id,
    examples: shuffled(train.filter((l) => l.label === id).map((l) => l.text)).slice(0, examplesOfAnIntent()),
  }));
  const base = { key: `site-${s}`, name: `Site ${s}`, origins: ['localhost'], intents };
  const model = trainRouterModel(SiteConfig.parse(base).intents);
  const own = val.filter((l) => chosen.has(l.label));
  const other = shuffled(val.filter((l) => l.label !== 'oos' && !chosen.has(l.label))).slice(0, 300);
  nOwn += own.length;
  nOther += other.length;
  for (const l of other) {
    const d = domainOf.get(l.label) ?? '';
    otherByDomain.set(d, (otherByDomain.get(d) ?? 0) + 1);
  }
  SETTINGS.forEach((router, k) => {
    const r = compileRouter(SiteConfig.parse({ ...base, router }), model);
    const t = totals[k] as (typeof totals)[number];
    for (const l of own) if (r.route(l.text).intent === l.label.replace(/_/g, '-')) t.right++;
    for (const l of other) {
      if (r.route(l.text).intent === null) continue;
      t.other++;
      const d = domainOf.get(l.label) ?? '';
      t.byDomain.set(d, (t.byDomain.get(d) ?? 0) + 1);
    }
    for (const text of oosLines) if (r.route(text).intent !== null) t.oos++;
    for (const w of words) if (r.route(w).intent !== null) t.words++;
    for (const text of offtopic) if (r.route(text).intent !== null) t.offtopic++;
  });
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;
console.log(`${SITES} sites × ${INTENTS} intents × ${EXAMPLES} examples (val lines: ${nOwn} own, ${nOther} other intents')`);
printTable(
  [
    'threshold',
    'minScore',
    'minScoreGrowth',
    'own intent routed right',
    'other intents’ lines matched',
    'val oos matched',
    'common words matched',
    ...(offtopic.length ? [`off-topic prompts matched (${offtopic.length})`] : []),
  ],
  SETTINGS.map((r, k) => {
    const t = totals[k] as (typeof totals)[number];
    return [
      r.threshold,
      r.minScore,
      r.minScoreGrowth,
      pct(t.right, nOwn),
      pct(t.other, nOther),
      pct(t.oos, oosLines.length * SITES),
      pct(t.words, words.length * SITES),
      ...(offtopic.length ? [pct(t.offtopic, offtopic.length * SITES)] : []),
    ];
  }),
);

if (domains.length) {
  console.log('\nOther intents’ lines matched, by their domain:');
  printTable(
    ['domain', 'lines', ...SETTINGS.map((r) => `${r.threshold} / ${r.minScore} / ${r.minScoreGrowth}`)],
    domains.map((d) => [d, otherByDomain.get(d) ?? 0, ...totals.map((t) => pct(t.byDomain.get(d) ?? 0, otherByDomain.get(d) ?? 0))]),
  );
}
