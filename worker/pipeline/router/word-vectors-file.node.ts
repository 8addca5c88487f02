/**
 * The bytes of `word-vectors.bin` in Node (unit tests, benches, scripts), read with `fs` on first use. The
 * Worker resolves `#word-vectors-file` to `word-vectors-file.ts` instead (package.json `imports`).
 */
import { readFileSync } from 'node:fs';

/** The table file, for `decodeWordTable`. */
export function wordVectorsFile(): ArrayBuffer {
  const file = readFileSync(new URL('./word-vectors.bin', import.meta.url));
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
}
