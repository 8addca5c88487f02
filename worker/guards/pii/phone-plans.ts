/**
 * Phone validity by libphonenumber's own rules and metadata (the full set, `libphonenumber-js/max`): a national
 * number is valid in a region when it matches the region's general pattern and possible lengths and then one of
 * its number types (fixed line, mobile, toll free, …) by pattern and length. The patterns are compiled once per
 * region and read straight from the metadata, because `PhoneNumber.isValid()` rebuilds each of them on every call
 * (5–25 µs a number, too much for every digit group of a streamed reply). `guards-pii-shapes.test` checks that this
 * agrees with `isValid()`.
 */
import metadata from 'libphonenumber-js/max/metadata';

interface NumberType {
  pattern: RegExp;
  /** Bit `n` set when `n` digits are possible for the type; 0 = the region's lengths apply. */
  lengths: number;
}

interface Plan {
  callingCode: string;
  /** The general national-number pattern, anchored. */
  pattern: RegExp;
  lengths: number;
  /** The national (trunk) prefix, e.g. `0`, or ''. */
  prefix: string;
  types: NumberType[];
  /** By length: the number types possible at that length as one pattern (null: none), built on first use. */
  typesAt: (RegExp | null | undefined)[];
  /** The plans of every region with this calling code (this one included), built on first use. */
  family?: readonly Plan[];
}

const plans = new Map<string, Plan | null>();
const countries = metadata.countries as Record<string, unknown>;
const callingCodes = metadata.country_calling_codes as Record<string, readonly string[] | undefined>;
/**
 * The plans by calling code as a number (`1` … `998`), built on first use: indexing an array by the digits' value
 * avoids a substring and a string-keyed lookup for each reading of an international number.
 */
const byCode: (readonly Plan[] | undefined)[] = [];
/** Whether a calling code of that value exists (codes never start with 0). */
const isCode = new Uint8Array(1000);
for (const code of Object.keys(callingCodes)) isCode[Number(code)] = 1;

function plansOf(code: string): readonly Plan[] {
  const out: Plan[] = [];
  for (const r of callingCodes[code] ?? []) {
    const p = plan(r);
    if (p) out.push(p);
  }
  return out;
}

const bits = (list: unknown) => {
  let out = 0;
  if (Array.isArray(list)) for (const n of list) if (typeof n === 'number' && n < 31) out |= 1 << n;
  return out;
};

/** The region's plan from the minified metadata (`[code, idd, pattern, lengths, formats, prefix, …, types]`), or null. */
function plan(region: string): Plan | null {
  const known = plans.get(region);
  if (known !== undefined) return known;
  const raw = countries[region];
  let built: Plan | null = null;
  if (Array.isArray(raw) && typeof raw[0] === 'string' && typeof raw[2] === 'string' && Array.isArray(raw[11])) {
    const types: NumberType[] = [];
    for (const t of raw[11] as unknown[])
      if (Array.isArray(t) && typeof t[0] === 'string' && t[0] !== '')
        types.push({ pattern: new RegExp(`^(?:${t[0]})$`), lengths: bits(t[1]) });
    const prefix = typeof raw[5] === 'string' ? raw[5] : '';
    built = { callingCode: raw[0], pattern: new RegExp(`^(?:${raw[2]})$`), lengths: bits(raw[3]), prefix, types, typesAt: [] };
  }
  plans.set(region, built);
  return built;
}

/**
 * The plan's number types possible at `length` as one anchored alternation (null when none is): one pattern test
 * instead of one per type, which matters most for calling codes shared by many plans (NANP's 25).
 */
function typesAt(p: Plan, length: number): RegExp | null {
  const known = p.typesAt[length];
  if (known !== undefined) return known;
  const bit = 1 << length;
  const sources = p.types.filter((t) => t.lengths === 0 || (t.lengths & bit) !== 0).map((t) => t.pattern.source);
  const built = sources.length ? new RegExp(`^(?:${sources.map((src) => src.slice(1, -1)).join('|')})$`) : null;
  p.typesAt[length] = built;
  return built;
}

/** A valid national significant number of the plan. */
function validNational(p: Plan, national: string): boolean {
  const bit = 1 << national.length;
  if ((p.lengths & bit) === 0 || !p.pattern.test(national)) return false;
  return typesAt(p, national.length)?.test(national) ?? false;
}

/** Valid in the plan, written with or without its trunk prefix. */
function validWritten(p: Plan, digits: string): boolean {
  if (validNational(p, digits)) return true;
  return p.prefix !== '' && digits.startsWith(p.prefix) && validNational(p, digits.slice(p.prefix.length));
}

/** A valid national number of `region` or of a region sharing its calling code (digits only, trunk prefix allowed). */
export function validIn(digits: string, region: string): boolean {
  const p = plan(region);
  if (!p) return false;
  if (validWritten(p, digits)) return true;
  p.family ??= plansOf(p.callingCode);
  for (const other of p.family) if (other !== p && validWritten(other, digits)) return true;
  return false;
}

/** A valid international number: `digits` is the country code and the national number, without `+`. */
export function validInternational(digits: string): boolean {
  // Country calling codes are prefix-free (and never start with 0): the first one that exists is the only reading.
  if (digits.charCodeAt(0) === 48) return false;
  let code = 0;
  for (let len = 1; len <= 3 && len <= digits.length; len++) {
    code = code * 10 + digits.charCodeAt(len - 1) - 48;
    if (isCode[code] !== 1) continue;
    let family = byCode[code];
    if (!family) {
      family = plansOf(String(code));
      byCode[code] = family;
    }
    const rest = digits.slice(len);
    // libphonenumber also drops a trunk prefix written after the country code (`+43 0598…`, `+1 1 324…`).
    for (const p of family) if (validWritten(p, rest)) return true;
    return false;
  }
  return false;
}
