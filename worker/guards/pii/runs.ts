/**
 * One pass over the text that records every maximal run of ASCII digits. The digit-shaped detectors (cards, IDs,
 * phones, IBANs, IPv4) walk this list instead of the characters, so a detectPii call reads the text once for all
 * of them. The arrays are scratch space reused from call to call (the findings are never cached).
 */

/** Digit runs of one text: run `k` is `text[start[k]..end[k])`. */
export interface DigitRuns {
  n: number;
  start: Int32Array;
  end: Int32Array;
  /** The text's UTF-16 code units, `0` from `length` on (cheaper to read in a loop than `charCodeAt`). */
  codes: Uint16Array;
  length: number;
  /** True when full-width forms were folded in `codes` (see `fold.ts`): the string must be folded to match. */
  folded: boolean;
}

const shared: DigitRuns = {
  n: 0,
  start: new Int32Array(256),
  end: new Int32Array(256),
  codes: new Uint16Array(1024),
  length: 0,
  folded: false,
};
const utf8 = new TextEncoder();
let bytes = new Uint8Array(1024);
/** A code unit above Latin-1: V8 answers this without reading a one-byte string, and finds one early in most others. */
const WIDE = /[\u0100-\uffff]/;

/**
 * Every maximal run of ASCII digits in `text`, in order (overwrites the previous call's result). Full-width forms
 * are folded to ASCII in `codes` as they are read (a full-width digit is a digit), and `folded` says whether any was.
 */
export function digitRuns(text: string): DigitRuns {
  const len = text.length;
  shared.folded = false;
  if (bytes.length < len) bytes = new Uint8Array(Math.max(len, bytes.length * 2));
  if (shared.codes.length < len + 8) shared.codes = new Uint16Array(Math.max(len + 8, shared.codes.length * 2));
  shared.length = len;
  // ASCII text (one UTF-8 byte per code unit, so indices agree) is scanned as bytes: a native copy, then a
  // typed-array loop, costs a third of reading the string code unit by code unit. Anything else takes that path.
  // A code unit above U+00FF rules the copy out before it is tried: encoding such text is slow, and wasted.
  if (!WIDE.test(text)) {
    const r = utf8.encodeInto(text, bytes.subarray(0, len));
    if (r.read === len && r.written === len) {
      shared.codes.set(bytes.subarray(0, len));
      scanBytes(bytes, len);
      shared.codes.fill(0, len, len + 8);
      return shared;
    }
  }
  scanString(text);
  shared.codes.fill(0, len, len + 8);
  return shared;
}

/** Wipe the copy of the last text from the scratch buffers, so no message outlives its scan in them. */
export function clearRuns(): void {
  shared.codes.fill(0, 0, shared.length);
  bytes.fill(0, 0, Math.min(shared.length, bytes.length));
  shared.n = 0;
  shared.length = 0;
}

/** Room for run `n`: the scratch arrays doubled when full. */
function room(n: number): void {
  if (n < shared.start.length) return;
  const s2 = new Int32Array(n * 2);
  const e2 = new Int32Array(n * 2);
  s2.set(shared.start);
  e2.set(shared.end);
  shared.start = s2;
  shared.end = e2;
}

function scanBytes(b: Uint8Array, len: number): void {
  let n = 0;
  let i = 0;
  let start = shared.start;
  let end = shared.end;
  while (i < len) {
    let c = b[i] as number;
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    if (n === start.length) {
      room(n);
      start = shared.start;
      end = shared.end;
    }
    start[n] = i;
    do c = ++i < len ? (b[i] as number) : 0;
    while (c >= 48 && c <= 57);
    end[n++] = i;
    i++;
  }
  shared.n = n;
}

/** U+FF01..U+FF5E are ASCII 0x21..0x7E at full width; U+3000 is the ideographic space. */
const isWideForm = (c: number) => c >= 0x3000 && (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e));
const narrow = (c: number) => (c === 0x3000 ? 32 : c - 0xfee0);

function scanString(text: string): void {
  const len = text.length;
  const codes = shared.codes;
  let start = shared.start;
  let end = shared.end;
  let n = 0;
  let i = 0;
  let folded = false;
  while (i < len) {
    let c = text.charCodeAt(i);
    if (isWideForm(c)) {
      c = narrow(c);
      folded = true;
    }
    codes[i] = c;
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    if (n === start.length) {
      room(n);
      start = shared.start;
      end = shared.end;
    }
    start[n] = i;
    for (;;) {
      c = ++i < len ? text.charCodeAt(i) : 0;
      if (isWideForm(c)) {
        c = narrow(c);
        folded = true;
      }
      codes[i] = c;
      if (c < 48 || c > 57) break;
    }
    end[n++] = i;
    i++;
  }
  shared.n = n;
  shared.folded = folded;
}
