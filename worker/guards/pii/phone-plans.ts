/**
 * libphonenumber's validation behind a cheap necessary condition. A candidate is first checked against the
 * region's possible lengths and its general national-number pattern (both from libphonenumber's own metadata,
 * compiled once per region); only one that passes is built as a `PhoneNumber` and validated against the number
 * types of its calling code. Building from known digits skips the text parser (a third of the cost of
 * `parsePhoneNumber`); the prefilter is a superset of validity, so it never drops a number libphonenumber accepts.
 */
import { type CountryCallingCode, type CountryCode, type E164Number, PhoneNumber } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

interface Plan {
  callingCode: CountryCallingCode;
  /** The general national-number pattern, anchored. */
  pattern: RegExp;
  /** Bit `n` set when a national number of `n` digits is possible. */
  lengths: number;
  /** The national (trunk) prefix, e.g. `0`, or ''. */
  prefix: string;
}

const plans = new Map<string, Plan | null>();

/** The region's plan from the minified metadata (`[code, idd, pattern, lengths, formats, prefix, …]`), or null. */
function plan(region: string): Plan | null {
  const known = plans.get(region);
  if (known !== undefined) return known;
  const raw: unknown = (metadata.countries as Record<string, unknown>)[region];
  let built: Plan | null = null;
  if (Array.isArray(raw) && typeof raw[0] === 'string' && typeof raw[2] === 'string' && Array.isArray(raw[3])) {
    let lengths = 0;
    for (const n of raw[3]) if (typeof n === 'number' && n < 31) lengths |= 1 << n;
    const prefix = typeof raw[5] === 'string' ? raw[5] : '';
    built = { callingCode: raw[0], pattern: new RegExp(`^(?:${raw[2]})$`), lengths, prefix };
  }
  plans.set(region, built);
  return built;
}

function fits(p: Plan, national: string): boolean {
  return ((p.lengths >> national.length) & 1) === 1 && p.pattern.test(national);
}

const valid = (code: CountryCallingCode, national: string) => new PhoneNumber(`+${code}${national}` as E164Number, metadata).isValid();

/** A valid national number of `region`'s calling code (digits only, the trunk prefix allowed). */
export function validIn(digits: string, region: CountryCode): boolean {
  const p = plan(region);
  if (!p) return false;
  if (fits(p, digits) && valid(p.callingCode, digits)) return true;
  if (p.prefix === '' || !digits.startsWith(p.prefix)) return false;
  const rest = digits.slice(p.prefix.length);
  return fits(p, rest) && valid(p.callingCode, rest);
}

/** An international number: `digits` is the country code and the national number, without `+`. */
export function validInternational(digits: string): { valid: boolean; possible: boolean } {
  const codes = metadata.country_calling_codes as Record<string, readonly string[] | undefined>;
  let possible = false;
  for (let len = 1; len <= 3; len++) {
    const code = digits.slice(0, len);
    const regions = codes[code];
    if (!regions) continue;
    const rest = digits.slice(len);
    for (const r of regions) {
      const p = plan(r);
      if (!p || ((p.lengths >> rest.length) & 1) === 0) continue;
      possible = true;
      if (p.pattern.test(rest) && valid(code, rest)) return { valid: true, possible };
    }
    // Country codes are prefix-free: the first that exists is the only reading.
    break;
  }
  return { valid: false, possible };
}
