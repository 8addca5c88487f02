/** Passport-like IDs: only when a context word (passport, 护照, …) comes shortly before, since the shape alone is too common. */
import type { Finding } from '../types';
import { type DigitRuns, digitRuns } from './runs';

/** The context word, then at most 24 characters on the same line up to the ID (read back from the ID's start). */
const CONTEXT = /(?:passport|passeport|reisepass|pasaporte|护照|護照|通行证)[^\n]{0,24}$/i;
/** The longest context word plus the 24 characters allowed after it: how far back the word may start. */
const REACH = 9 + 24;

const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || isLetter(c);

/**
 * Passport numbers (one or two letters and 6–9 digits, standing alone) after a context word within 24 characters
 * on the same line. Candidates come from the digit runs; only they look back for the word, and one word is used
 * for one ID.
 */
export function detectPassports(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  const { codes: u, start, end, n } = runs;
  let done = 0;
  for (let k = 0; k < n; k++) {
    const d = start[k] as number;
    const e = end[k] as number;
    if (e - d < 6 || e - d > 9 || d < 1 || isAlnum(u[e] as number) || !isLetter(u[d - 1] as number)) continue;
    const s = d >= 2 && isLetter(u[d - 2] as number) ? d - 2 : d - 1;
    if ((s > 0 && isAlnum(u[s - 1] as number)) || s < done) continue;
    if (!CONTEXT.test(text.slice(Math.max(done, s - REACH), s))) continue;
    out.push({ type: 'PASSPORT', start: s, end: e, confidence: 0.7 });
    done = e;
  }
}
