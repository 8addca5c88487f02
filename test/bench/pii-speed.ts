/**
 * Single-core throughput of `detectPii`, in MB per CPU-second, beside a floor measured the same way on the same
 * text in the same run: one global `/\d+/g` walked with `exec`, the least a detector that looks at every number
 * must do. The ratio of the two is what survives a loaded machine; the MB/s alone do not.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { detectPii } from '../../worker/guards/pii/index';

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * MB per CPU-second of `fn` on `doc`: the median of ~25 ms batches over `budgetMs` of CPU, after 1 s of CPU
 * warm-up. CPU time rather than wall time, and batches rather than one total, keep a loaded machine's
 * descheduling and the compiler's background threads out of the figure.
 */
export function cpuRate(fn: (doc: string) => unknown, doc: string, budgetMs = 2000): number {
  const bytes = Buffer.byteLength(doc);
  const warm = cpuMs();
  while (cpuMs() - warm < 1000) fn(doc);
  const rates: number[] = [];
  const t0 = cpuMs();
  while (cpuMs() - t0 < budgetMs) {
    const b0 = cpuMs();
    let done = 0;
    while (cpuMs() - b0 < 25) {
      fn(doc);
      done += bytes;
    }
    rates.push(done / 1e3 / (cpuMs() - b0));
  }
  rates.sort((x, y) => x - y);
  return rates[rates.length >> 1] ?? 0;
}

const DIGITS = /\d+/g;
/** The floor: every digit run found by one plain pattern, nothing validated. */
export function digitFloor(doc: string): number {
  let n = 0;
  DIGITS.lastIndex = 0;
  while (DIGITS.exec(doc)) n++;
  return n;
}

export interface Throughput {
  name: string;
  bytes: number;
  mbPerS: number;
  floorMbPerS: number;
}

/** Detector and floor rates on each named text, one right after the other so both see the same machine. */
export function piiThroughput(docs: readonly [string, string][], budgetMs = 2000): Throughput[] {
  return docs.map(([name, doc]) => {
    const mbPerS = cpuRate((d) => detectPii(d), doc, budgetMs);
    const floorMbPerS = cpuRate(digitFloor, doc, budgetMs / 2);
    return { name, bytes: Buffer.byteLength(doc), mbPerS, floorMbPerS };
  });
}

/** Rows `[text, bytes, MB/s, floor MB/s, ratio]`. */
export function throughputRows(results: readonly Throughput[]): string[][] {
  return results.map((t) => [
    t.name,
    String(t.bytes),
    t.mbPerS.toFixed(1),
    t.floorMbPerS.toFixed(1),
    (t.mbPerS / t.floorMbPerS).toFixed(3),
  ]);
}

export const THROUGHPUT_HEADER = ['text', 'bytes', 'detectPii MB/s', 'floor MB/s (/\\d+/g)', 'ratio'];

/** Prose around each case text, ~1 value per 500 B: the chat-like mix beside the dense texts. */
export const PROSE =
  'Thanks for reaching out about your order. Our team checked the warehouse records and the parcel left yesterday; ' +
  'it should arrive within two business days. If anything looks wrong, reply here and we will sort it out quickly. ';

/**
 * The texts of the PII bench, built the same way in whichever process measures them: the generated cases of
 * `seed`/`size` dense, Presidio's supported case texts dense when given, and the chat-like mix.
 */
export function throughputDocs(generated: readonly string[], presidio: readonly string[]): [string, string][] {
  return [
    ['dense generated case texts', generated.join('\n')],
    ...(presidio.length ? ([['dense Presidio case texts', presidio.join('\n')]] as [string, string][]) : []),
    ['chat mix (prose around each generated text)', generated.map((t) => `${PROSE}${t}\n`).join('')],
  ];
}

/**
 * `piiThroughput` in a fresh Node process that does nothing else: the scoring and the other sections leave the
 * detectors' call sites with mixed type feedback (calls with one type at a time, small texts), which slows a dense
 * scan by a fifth or more afterwards, whereas a Worker isolate's scans all look alike.
 */
export function piiThroughputFresh(seed: number, size: number, casesFile?: string): Throughput[] {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--seed', String(seed), '--size', String(size)];
  if (casesFile) args.push('--cases', casesFile);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Throughput[];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
  const { generatePiiCases } = await import('./pii-gen');
  const { PRESIDIO_TYPES, readPresidio } = await import('./pii-score');
  const generated = generatePiiCases(Number(arg('--seed')), Number(arg('--size'))).map((c) => c.text);
  const file = process.argv.includes('--cases') ? arg('--cases') : undefined;
  const presidio = (file ? readPresidio(file) : []).flatMap((r) =>
    r.text !== undefined && r.entities?.every((e) => e in PRESIDIO_TYPES) ? [r.text] : [],
  );
  process.stdout.write(JSON.stringify(piiThroughput(throughputDocs(generated, presidio))));
}
