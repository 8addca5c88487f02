/**
 * Convert CLINC150 (Larson et al., 2019) to the router benchmark's JSONL (`{"text","label"}`, out-of-scope
 * labelled `oos`). The data stays where it is; this writes the splits to an output directory.
 *
 *   tsx test/bench/clinc150-convert.ts [--data ../shared/data/intents/clinc150] [--out /tmp/clinc150]
 *
 * Writes full-{train,val,test}.jsonl (train and val include the oos examples, trained as a class),
 * full-{train,val,test}-inscope.jsonl (no oos lines: plain classification accuracy),
 * small-train.jsonl (50 per intent) and fewshot10-train.jsonl / fewshot5-train.jsonl (10- and 5-shot).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Pair = [string, string];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const data = resolve(arg('data', '../shared/data/intents/clinc150'));
const out = resolve(arg('out', '/tmp/clinc150'));
mkdirSync(out, { recursive: true });

const toLines = (pairs: Pair[], oosLabel = 'oos') =>
  `${pairs.map(([text, label]) => JSON.stringify({ text, label: label === 'oos' ? oosLabel : label })).join('\n')}\n`;

function write(name: string, pairs: Pair[]): void {
  writeFileSync(join(out, name), toLines(pairs));
  console.log(`${join(out, name)}  ${pairs.length} lines`);
}

const full = JSON.parse(readFileSync(join(data, 'data_full.json'), 'utf8')) as Record<string, Pair[]>;
const part = (k: string) => full[k] ?? [];
write('full-train.jsonl', [...part('train'), ...part('oos_train')]);
write('full-val.jsonl', [...part('val'), ...part('oos_val')]);
write('full-test.jsonl', [...part('test'), ...part('oos_test')]);
write('full-train-inscope.jsonl', part('train'));
write('full-val-inscope.jsonl', part('val'));
write('full-test-inscope.jsonl', part('test'));

const small = JSON.parse(readFileSync(join(data, 'data_small.json'), 'utf8')) as Record<string, Pair[]>;
write('small-train.jsonl', [...(small.train ?? []), ...(small.oos_train ?? [])]);

for (const shots of [10, 5]) {
  const dir = join(data, 'fewshot_10_5', `train_${shots}`);
  if (!existsSync(dir)) continue;
  const texts = readFileSync(join(dir, 'seq.in'), 'utf8').split('\n');
  const labels = readFileSync(join(dir, 'label'), 'utf8').split('\n');
  const pairs: Pair[] = [];
  texts.forEach((t, i) => {
    const label = labels[i]?.trim();
    if (t.trim() && label) pairs.push([t.trim(), label]);
  });
  write(`fewshot${shots}-train.jsonl`, pairs);
}
