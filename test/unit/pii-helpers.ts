/** Helpers of the PII detector tables. */
import type { CountryCode } from 'libphonenumber-js/max';
import { detectPii } from '../../worker/guards/pii/index';

/** Every finding (all detectors, overlaps resolved) as `TYPE:value`. */
export const found = (text: string, regions: readonly CountryCode[] = []) =>
  detectPii(text, { regions }).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

/** A Luhn-valid number: `body` plus its check digit. */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
