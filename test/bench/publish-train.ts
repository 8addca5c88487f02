/**
 * `tsx test/bench/publish-train.ts [--size 500x500 ...]`: how long publishing a site spends training its
 * classifier, through the trainer publish uses (`trainRouterModel`, worker/storage/site-repo.ts), on
 * synthetic sites of intents × examples (deterministic text). Prints wall and CPU milliseconds per size;
 * CPU time is what the Workers limit counts (30 s by default on paid plans). Sizes are run in order and
 * stop at the first that takes over `--max-cpu-s` (default 120) of CPU.
 */
import { performance } from 'node:perf_hooks';
import { Intent, MAX_TRAINING_EXAMPLES, MAX_TRAINING_SIZE } from '../../shared/config';
import { trainRouterModel } from '../../worker/pipeline/router/index';
import { markdownTable } from './report';

const WORDS = (
  'order refund shipping delivery account password invoice billing cancel return warranty size colour price ' +
  'discount coupon store hours address track package late broken damaged exchange gift card payment bank ' +
  'transfer login email phone subscription plan upgrade downgrade'
).split(' ');

/** A site of `intents` intents with `examples` example sentences each (a fixed seed: the same text every run). */
export function syntheticIntents(intents: number, examples: number): Intent[] {
  let seed = 1;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const sentence = (i: number) =>
    `${Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ')} topic${i} item${Math.floor(rnd() * 1000)}`;
  return Array.from({ length: intents }, (_, i) =>
    Intent.parse({ id: `intent-${i}`, label: `Intent ${i}`, examples: Array.from({ length: examples }, () => sentence(i)) }),
  );
}

function sizes(): [number, number][] {
  const asked = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--size' ? [a] : []));
  const list = asked.length ? asked : ['50x50', '100x100', '150x100', '50x500', '500x20', '200x125'];
  return list.map((s) => s.split('x').map(Number) as [number, number]);
}

const maxCpuArg = process.argv.indexOf('--max-cpu-s');
const maxCpuMs = (maxCpuArg >= 0 ? Number(process.argv[maxCpuArg + 1]) : 120) * 1000;
const rows: (string | number)[][] = [];
for (const [intents, examples] of sizes()) {
  const site = syntheticIntents(intents, examples);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = trainRouterModel(site);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const size = intents * examples * intents;
  rows.push([
    `${intents} × ${examples}`,
    (intents * examples).toLocaleString('en'),
    size.toLocaleString('en'),
    size <= MAX_TRAINING_SIZE && intents * examples <= MAX_TRAINING_EXAMPLES ? 'yes' : 'no',
    Math.round(performance.now() - wall0),
    cpuMs,
    model.classes.length,
  ]);
  console.log(
    markdownTable(['intents × examples', 'examples', 'examples × intents', 'publishable', 'wall ms', 'CPU ms', 'classes'], rows.slice(-1)),
  );
  if (cpuMs > maxCpuMs) break;
}
console.log(
  `\nTraining at publish (limits: examples ≤ ${MAX_TRAINING_EXAMPLES.toLocaleString('en')}, examples × intents ≤ ${MAX_TRAINING_SIZE.toLocaleString('en')})`,
);
console.log(markdownTable(['intents × examples', 'examples', 'examples × intents', 'publishable', 'wall ms', 'CPU ms', 'classes'], rows));
