/** Passport-like IDs: only when a context word (passport, 护照, …) comes shortly before, since the shape alone is too common. */
import type { Finding } from '../types';

const CONTEXT =
  /(?:passport|passeport|reisepass|pasaporte|护照|護照|通行证)[^\n]{0,24}?(?<![0-9A-Za-z])([A-Z]{1,2}\d{6,9})(?![0-9A-Za-z])/gi;

/** Passport numbers after a context word within 24 characters on the same line. */
export function detectPassports(text: string, out: Finding[]): void {
  for (const m of text.matchAll(CONTEXT)) {
    const id = m[1] ?? '';
    const start = m.index + m[0].length - id.length;
    out.push({ type: 'PASSPORT', start, end: start + id.length, confidence: 0.7 });
  }
}
