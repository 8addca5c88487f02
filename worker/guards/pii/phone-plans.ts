/**
 * libphonenumber's validation behind a cheap necessary condition. A full parse costs 5–25 µs, too much for every
 * digit group of a streamed reply, so a candidate is first checked against the region's possible lengths and its
 * general national-number pattern (both from libphonenumber's own metadata, compiled once per region); only a
 * candidate that passes is parsed and validated. The check is a superset of validity, so it never drops a number
 * libphonenumber would accept.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';

interface Plan {
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
  if (Array.isArray(raw) && typeof raw[2] === 'string' && Array.isArray(raw[3])) {
    let lengths = 0;
    for (const n of raw[3]) if (typeof n === 'number' && n < 31) lengths |= 1 << n;
    built = { pattern: new RegExp(`^(?:${raw[2]})$`), lengths, prefix: typeof raw[5] === 'string' ? raw[5] : '' };
  }
  plans.set(region, built);
  return built;
}

function fits(p: Plan, national: string): boolean {
  return ((p.lengths >> national.length) & 1) === 1 && p.pattern.test(national);
}

/** Whether `digits` could be a number of the plan, written with or without its trunk prefix. */
function mayBe(p: Plan, digits: string): boolean {
  if (fits(p, digits)) return true;
  return p.prefix !== '' && digits.startsWith(p.prefix) && fits(p, digits.slice(p.prefix.length));
}

/** A valid national number of `region` (digits only, trunk prefix allowed). */
export function validIn(digits: string, region: CountryCode): boolean {
  const p = plan(region);
  if (p && !mayBe(p, digits)) return false;
  return parsePhoneNumberFromString(digits, region)?.isValid() === true;
}

/** A valid international number: `digits` is the country code and the national number, without `+`. */
export function validInternational(digits: string): { valid: boolean; possible: boolean } {
  const codes = metadata.country_calling_codes as Record<string, readonly string[] | undefined>;
  let candidate = false;
  for (let len = 1; len <= 3 && !candidate; len++) {
    const regions = codes[digits.slice(0, len)];
    if (!regions) continue;
    const rest = digits.slice(len);
    for (const r of regions) {
      const p = plan(r);
      if (!p || mayBe(p, rest) || ((p.lengths >> rest.length) & 1) === 1) candidate = true;
    }
  }
  if (!candidate) return { valid: false, possible: false };
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return { valid: parsed?.isValid() === true, possible: parsed?.isPossible() === true };
}
