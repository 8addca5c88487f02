/**
 * The bytes of `word-vectors.bin` in the Worker: a Wrangler Data module (`[[rules]]` in wrangler.toml), so the
 * table ships as 1.7 MB of binary, not as a string the isolate parses. Node resolves `#word-vectors-file` to
 * `word-vectors-file.node.ts` instead (package.json `imports`).
 */
import bytes from './word-vectors.bin';

/** The table file, for `decodeWordTable`. */
export function wordVectorsFile(): ArrayBuffer {
  return bytes;
}
