/**
 * `npm run bench:router -- --train FILE --test FILE [--val FILE]`: trains the classifier the Worker uses
 * on JSONL `{"text","label"}` lines (label `oos` = out of scope: a class when present in train, else
 * detected by threshold) and prints in-scope accuracy, out-of-scope recall, training time and
 * per-message latency, ending with one JSON line. With `--val`, the out-of-scope threshold is chosen on
 * the validation file (never on test); without it the router's default threshold applies.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RouterSettings } from '../../shared/config';
import { type Classifier, loadClassifier, type TrainingExample, trainClassifier } from '../../worker/pipeline/router/classifier';
import { percentile, printTable } from './measure';

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

/** The router's decision rule: the top class, unless it is `oos` or under the threshold. */
const decide = (clf: Classifier, text: string, threshold: number): string => {
  const p = clf.predict(text);
  return p.label === null || p.label === OOS || p.confidence < threshold ? OOS : p.label;
};

function score(clf: Classifier, data: TrainingExample[], threshold: number) {
  let inScope = 0;
  let correct = 0;
  let oos = 0;
  let caught = 0;
  for (const ex of data) {
    const got = decide(clf, ex.text, threshold);
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

/** Threshold maximising in-scope accuracy + out-of-scope recall on validation data. */
function tuneThreshold(clf: Classifier, val: TrainingExample[]): number {
  let best = { t: 0, s: -1 };
  for (let t = 0; t <= 0.95; t += 0.01) {
    const r = score(clf, val, t);
    const s = r.accuracy + (r.oosRecall ?? 0);
    if (s > best.s) best = { t, s };
  }
  return Number(best.t.toFixed(2));
}

function main(): void {
  const trainFile = arg('train');
  const testFile = arg('test');
  if (!trainFile || !testFile) {
    console.error('usage: npm run bench:router -- --train FILE --test FILE [--val FILE]');
    process.exit(2);
  }
  const valFile = arg('val');
  const train = readJsonl(trainFile);
  const test = readJsonl(testFile);
  const t0 = performance.now();
  const model = trainClassifier(train);
  const trainMs = performance.now() - t0;
  const clf = loadClassifier(model);
  const threshold = valFile ? tuneThreshold(clf, readJsonl(valFile)) : RouterSettings.parse({}).threshold;
  const { accuracy, oosRecall } = score(clf, test, threshold);
  // Latency per message: warm up, then time each prediction of the test set (bounded to 5,000).
  const sample = test.slice(0, 5000);
  for (const ex of sample.slice(0, 500)) clf.predict(ex.text);
  const us: number[] = [];
  for (const ex of sample) {
    const s = performance.now();
    decide(clf, ex.text, threshold);
    us.push((performance.now() - s) * 1000);
  }
  const classes = model.classes.length;
  console.log(
    `\nRouter classifier: ${train.length} train lines, ${classes} classes, ${model.keys.length} features, ${test.length} test lines`,
  );
  printTable(
    ['in-scope accuracy', 'oos recall', 'threshold', 'train ms', 'p50 µs', 'p99 µs'],
    [
      [
        (accuracy * 100).toFixed(2),
        oosRecall === null ? 'n/a' : (oosRecall * 100).toFixed(2),
        threshold.toFixed(2),
        trainMs.toFixed(0),
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

main();
