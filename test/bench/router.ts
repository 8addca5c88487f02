/**
 * `npm run bench:router -- --train FILE --test FILE [--val FILE]`: trains the classifier the Worker uses
 * on JSONL `{"text","label"}` lines (label `oos` = out of scope: a class when present in train, else
 * detected by threshold) and prints in-scope accuracy, out-of-scope recall, training time and
 * per-message latency, ending with one JSON line. With `--val FILE [--oos-recall 0.5]`, the out-of-scope
 * threshold is the lowest one reaching that oos recall (by its 95% lower bound) on the validation file (never on test); without
 * it the router's default threshold applies. `--no-word-vectors` trains on n-grams alone (the ablation).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RouterSettings, SiteConfig } from '../../shared/config';
import { type Classifier, loadClassifier, type Prediction } from '../../worker/pipeline/router/classifier';
import { compileRouter, evidenceFloor, trainRouterModel } from '../../worker/pipeline/router/index';
import type { TrainingExample } from '../../worker/pipeline/router/model';
import { trainClassifier } from '../../worker/pipeline/router/trainer';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { percentile } from './measure';
import { reportTable } from './report';

const OOS = 'oos';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readJsonl(file: string): TrainingExample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as { text?: unknown; label?: unknown };
      if (typeof o.text !== 'string' || typeof o.label !== 'string') throw new Error(`${file}: each line needs text and label`);
      return { text: o.text, label: o.label };
    });
}

/** Whether a prediction is out of scope at a confidence threshold. */
type OosRule = (p: Prediction, threshold: number) => boolean;

/**
 * The router's out-of-scope rule: the top class is `oos`, or under the confidence threshold, or under its
 * evidence floor, which the router's defaults (`router.minScore`, `router.minScoreGrowth`) set from the class's
 * number of training lines (see `evidenceFloor`: 0.4 for CLINC150's full and small classes, 0.29 for 10-shot).
 */
function oosRule(train: TrainingExample[]): OosRule {
  const { minScore, minScoreGrowth } = RouterSettings.parse({});
  const examples = new Map<string, number>();
  for (const ex of train) examples.set(ex.label, (examples.get(ex.label) ?? 0) + 1);
  const floors = new Map([...examples].map(([label, n]) => [label, evidenceFloor(minScore, minScoreGrowth, n)]));
  return (p, threshold) =>
    p.label === null || p.label === OOS || p.confidence < threshold || p.evidence < (floors.get(p.label) ?? minScore);
}

function score(clf: Classifier, isOos: OosRule, data: TrainingExample[], threshold: number) {
  let inScope = 0;
  let correct = 0;
  let oos = 0;
  let caught = 0;
  for (const ex of data) {
    const p = clf.predict(ex.text);
    const got = isOos(p, threshold) ? OOS : p.label;
    if (ex.label === OOS) {
      oos++;
      if (got === OOS) caught++;
    } else {
      inScope++;
      if (got === ex.label) correct++;
    }
  }
  return { accuracy: inScope ? correct / inScope : 0, oosRecall: oos ? caught / oos : null };
}

/**
 * The 95% Wilson lower bound of a proportion: val holds few oos lines (100 in CLINC150), so the threshold
 * must reach the target recall with confidence, not just on this sample.
 */
function wilsonLower(hits: number, n: number): number {
  const z = 1.96;
  const p = hits / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre - spread) / (1 + (z * z) / n);
}

/**
 * The operating point, chosen on validation data only: the lowest threshold whose out-of-scope recall on
 * val reaches `targetRecall` by its 95% lower bound (so in-scope accuracy gives up as little as possible). Without oos lines in
 * val, the threshold that maximises in-scope accuracy.
 */
function tuneThreshold(clf: Classifier, isOos: OosRule, val: TrainingExample[], targetRecall: number): number {
  // Predict each val line once; each threshold is then a count over the stored predictions.
  const preds = val.map((ex) => ({ gold: ex.label, p: clf.predict(ex.text) }));
  const inScope = preds.filter((x) => x.gold !== OOS);
  const oos = preds.filter((x) => x.gold === OOS);
  let best = { t: 0, acc: -1 };
  for (let i = 0; i <= 95; i++) {
    const t = i / 100;
    if (oos.length > 0 && wilsonLower(oos.filter((x) => isOos(x.p, t)).length, oos.length) >= targetRecall) return t;
    const acc = inScope.filter((x) => !isOos(x.p, t) && x.p.label === x.gold).length;
    if (oos.length === 0 && acc > best.acc) best = { t, acc };
  }
  return best.t;
}

function main(): void {
  const trainFile = arg('train');
  const testFile = arg('test');
  if (!trainFile || !testFile) {
    console.error('usage: npm run bench:router -- --train FILE --test FILE [--val FILE [--oos-recall 0.5]] [--no-word-vectors]');
    process.exit(2);
  }
  const vectors = process.argv.includes('--no-word-vectors') ? 0 : undefined;
  runRouterBench(trainFile, testFile, arg('val'), Number(arg('oos-recall') ?? 0.5), vectors);
}

/** Train on one JSONL file, test on another, print the table and the JSON line. */
export function runRouterBench(
  trainFile: string,
  testFile: string,
  valFile: string | undefined,
  targetRecall: number,
  wordVectors?: number,
): void {
  const train = readJsonl(trainFile);
  const test = readJsonl(testFile);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = trainClassifier(train, { oosLabel: OOS, ...(wordVectors === undefined ? {} : { wordVectors }) });
  const trainMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const trainCpuMs = (cpu.user + cpu.system) / 1000;
  const clf = loadClassifier(model);
  const isOos = oosRule(train);
  const threshold = valFile ? tuneThreshold(clf, isOos, readJsonl(valFile), targetRecall) : RouterSettings.parse({}).threshold;
  const { accuracy, oosRecall } = score(clf, isOos, test, threshold);
  // Latency per message: warm up, then time each prediction of the test set (bounded to 5,000).
  const sample = test.slice(0, 5000);
  for (const ex of sample.slice(0, 500)) clf.predict(ex.text);
  const us: number[] = [];
  for (const ex of sample) {
    const s = performance.now();
    isOos(clf.predict(ex.text), threshold);
    us.push((performance.now() - s) * 1000);
  }
  const classes = model.classes.length;
  reportTable(
    `Router classifier: ${train.length} train lines, ${classes} classes, ${model.keys.length} n-gram features` +
      `${model.wordVectors ? ` + word vectors (${model.wordVectors.table}, share ${model.wordVectors.share})` : ', no word vectors'}, ${test.length} test lines`,
    ['in-scope accuracy', 'oos recall', 'threshold', 'train ms', 'train CPU ms', 'p50 µs', 'p99 µs'],
    [
      [
        (accuracy * 100).toFixed(2),
        oosRecall === null ? 'n/a' : (oosRecall * 100).toFixed(2),
        threshold.toFixed(2),
        trainMs.toFixed(0),
        trainCpuMs.toFixed(0),
        percentile(us, 50).toFixed(1),
        percentile(us, 99).toFixed(1),
      ],
    ],
  );
  const r = (x: number, d: number) => Number(x.toFixed(d));
  console.log(
    JSON.stringify({
      accuracy: r(accuracy, 4),
      oos_recall: oosRecall === null ? null : r(oosRecall, 4),
      train_ms: r(trainMs, 0),
      p50_us: r(percentile(us, 50), 1),
      p99_us: r(percentile(us, 99), 1),
    }),
  );
}

/**
 * For `npm run bench`: the demo site's router per message (always), and CLINC150 when
 * `PARLEY_CLINC150` names a directory written by `npm run clinc150 -- --out DIR`.
 */
export function routerSuite(): void {
  const demo = SiteConfig.parse(DEMO_SITE);
  const router = compileRouter(demo, trainRouterModel(demo.intents));
  const texts = demo.intents.flatMap((i) => i.examples).concat(['book me a flight to tokyo', 'Why? How? When?', 'lovely weather']);
  const us: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const t of texts) {
      const s = performance.now();
      router.route(t);
      if (round > 2) us.push((performance.now() - s) * 1000);
    }
  }
  reportTable(
    `Demo site router (${demo.intents.length} intents), ${us.length} decisions`,
    ['p50 µs', 'p99 µs'],
    [[percentile(us, 50).toFixed(1), percentile(us, 99).toFixed(1)]],
  );
  const dir = process.env.PARLEY_CLINC150;
  if (dir) runRouterBench(`${dir}/full-train.jsonl`, `${dir}/full-test.jsonl`, `${dir}/full-val.jsonl`, 0.5);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
