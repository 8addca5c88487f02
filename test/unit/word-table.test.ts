import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeWordTable } from '../../scripts/word-table-encode';
import { decodeWordTable } from '../../worker/pipeline/router/word-table';
import { TABLE_ID, wordTable } from '../../worker/pipeline/router/word-vectors';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A Uint8Array's bytes as an ArrayBuffer of their own (what a Data module or `fs` hands the loader). */
const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

describe('the word-vector table file', () => {
  it('decodes what the encoder wrote: words in order, nibbles as -8…7, rank-weighted inverse norms', () => {
    // Two words of 4 components: bytes low nibble first, each + 8.
    const packed = Uint8Array.from([0x8f, 0x88, 0x9a, 0x76]);
    const table = decodeWordTable(bufferOf(encodeWordTable({ id: 'tiny/2/q4', dims: 4, words: ['the', 'café'], packed })));
    expect(table.id).toBe('tiny/2/q4');
    expect(table.dims).toBe(4);
    expect(table.words).toEqual(['the', 'café']);
    expect(table.index.get('café')).toBe(1);
    expect(Array.from(table.q)).toEqual([7, 0, 0, 0, 2, 1, -2, -1]);
    // Rank 0 weighs nothing; rank 1 weighs 1/101 over its norm √10.
    expect(table.scale[0]).toBe(0);
    expect(table.scale[1]).toBeCloseTo(1 / 101 / Math.sqrt(10), 7);
  });

  it('refuses a file that is not a table, or whose lengths do not add up', () => {
    const good = encodeWordTable({ id: 'x', dims: 2, words: ['a', 'b'], packed: Uint8Array.from([0x88, 0x88]) });
    expect(() => decodeWordTable(bufferOf(good))).not.toThrow();
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x51;
    expect(() => decodeWordTable(bufferOf(wrongMagic))).toThrow(/not a PWV1 file/);
    expect(() => decodeWordTable(bufferOf(good.subarray(0, good.length - 1)))).toThrow(/lengths/);
    expect(() => decodeWordTable(new ArrayBuffer(3))).toThrow(/not a PWV1 file/);
  });

  it('ships the table the code names, read in Node with fs', () => {
    const table = wordTable();
    expect(table.id).toBe(TABLE_ID);
    expect(table.words).toHaveLength(30000);
    expect(table.q).toHaveLength(30000 * table.dims);
    expect(wordTable()).toBe(table);
  });

  it('is what scripts/word-vectors-build.ts writes: single normalised words, in order, unit-scaled to 4 bits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-wv-'));
    const from = join(dir, 'vectors.json');
    const out = join(dir, 'table.bin');
    const vectors = { the: [1, 0, -1, 0.5], 'new york': [1, 1, 1, 1], Hello: [1, 0, 0, 0], zero: [0, 0, 0, 0], cat: [0.2, -0.4, 0, 0] };
    writeFileSync(from, JSON.stringify({ dimensions: 4, words: Object.keys(vectors), vectors }));
    execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/word-vectors-build.ts'), '--from', from, '--out', out], {
      cwd: root,
      stdio: 'pipe',
    });
    const file = readFileSync(out);
    const table = decodeWordTable(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    expect(table.id).toBe('glove-6b-100d/2/q4');
    expect(table.words).toEqual(['the', 'cat']);
    expect(Array.from(table.q)).toEqual([7, 0, -7, 4, 4, -7, 0, 0]);
  }, 20_000);
});
