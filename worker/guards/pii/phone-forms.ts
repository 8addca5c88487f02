/**
 * The number plans a phone candidate `a..b` is checked against, read in place from the code units `u` (no copies):
 * E.164 with a known country code, Chinese mobiles and landlines, NANP, and trunk-prefixed national forms.
 */
const isDigit = (c: number) => c >= 48 && c <= 57;

// ITU-T E.164 country codes: every 1-digit, the assigned 2-digit, and the 3-digit blocks they leave.
const CC = new Uint8Array(100);
for (const c of '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
  ' ',
))
  CC[Number(c)] = 1;
for (const c of '21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 85 87 88 96 97 99'.split(' ')) CC[Number(c)] = 1;

/** The candidate's digits (at most 17 are ever read: longer candidates are rejected first). */
const D = new Uint8Array(32);

/** E.164 digits `D[o..o+len)`: a known country code, and for China a valid mobile or landline. */
function e164(o: number, len: number): boolean {
  if (len < 8 || len > 15) return false;
  const d0 = D[o] ?? 0;
  if (d0 === 1 || d0 === 7) return len === 11;
  const two = d0 * 10 + (D[o + 1] ?? 0);
  if (two === 86) {
    const r0 = D[o + 2] ?? 0;
    const r1 = D[o + 3] ?? 0;
    const rest = len - 2;
    if (r0 === 1) return (r1 >= 3 && rest === 11) || (r1 === 0 && (rest === 9 || rest === 10));
    if (r0 === 2) return rest === 9 || rest === 10;
    return r0 >= 3 && (rest === 10 || rest === 11);
  }
  return CC[two] === 1;
}

/**
 * Separator grammar: no doubled separators, `()`, `.(`/`-(`, `).`/`)-` (a space right after `)` is ignored),
 * and at most one pair of non-empty parentheses.
 */
function wellFormed(u: Uint16Array, a: number, b: number): boolean {
  let prev = -1;
  let open = -1;
  let close = -1;
  for (let k = a; k < b; k++) {
    const c = u[k] as number;
    if (c === 32 && k > a && (u[k - 1] as number) === 41) continue;
    const sep = c === 32 || c === 46 || c === 45;
    if (sep && (prev === 32 || prev === 46 || prev === 45)) return false;
    if (c === 41 && prev === 40) return false;
    if (c === 40 && (prev === 46 || prev === 45)) return false;
    if ((c === 46 || c === 45) && prev === 41) return false;
    if (c === 40) {
      if (open >= 0) return false;
      open = k;
    } else if (c === 41) {
      if (close >= 0) return false;
      close = k;
    }
    prev = c;
  }
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open + 1;
}

/** Confidence that code units `a..b` of `u` are a phone number, or 0. */
export function phoneConfidence(u: Uint16Array, a: number, b: number): number {
  const c0 = u[a] as number;
  const intl = c0 === 43 || (c0 === 48 && (u[a + 1] as number) === 48 && b - a >= 2);
  let n = 0;
  let grouped = false;
  for (let k = a; k < b; k++) {
    const c = u[k] as number;
    if (isDigit(c)) {
      if (n < 32) D[n] = c - 48;
      n++;
    } else if (c === 32 || c === 40 || c === 41 || c === 46 || c === 45) grouped = true;
  }
  // National forms below have 9–12 digits; E.164 has 8–15 after the prefix.
  if (intl ? n < 8 || n > 17 : n < 9 || n > 12) return 0;
  // The number plans read only the digits, so they go first; the separator grammar is checked on a match.
  const conf = intl ? ((c0 === 43 ? e164(0, n) : e164(2, n - 2)) ? 0.9 : 0) : national(u, a, b, n, grouped);
  return conf > 0 && wellFormed(u, a, b) ? conf : 0;
}

/** Confidence of a national (no `+`/`00`) number of `n` digits in `D`, or 0. */
function national(u: Uint16Array, a: number, b: number, n: number, grouped: boolean): number {
  const d0 = D[0] ?? 0;
  const d1 = D[1] ?? 0;
  if (n === 11 && d0 === 1 && d1 >= 3) return 0.85;
  if (d0 === 0 && cnLandline(n, d1, D[2] ?? 0) && areaThenSeparator(u, a, b)) return 0.75;
  if (nanp(n) && !(n === 11 && !grouped)) return grouped ? 0.8 : 0.55;
  if (d0 === 0 && d1 >= 1 && n >= 9) return grouped ? 0.6 : 0.5;
  return 0;
}

/** `0(?:10|2d|[3-9]dd)d{7,8}` by length. */
function cnLandline(n: number, d1: number, d2: number): boolean {
  if ((d1 === 1 && d2 === 0) || d1 === 2) return n === 10 || n === 11;
  return d1 >= 3 && (n === 11 || n === 12);
}

/** NANP `1?[2-9]dd[2-9]d{6}`. */
function nanp(n: number): boolean {
  if (n === 10) return (D[0] ?? 0) >= 2 && (D[3] ?? 0) >= 2;
  return n === 11 && D[0] === 1 && (D[1] ?? 0) >= 2 && (D[4] ?? 0) >= 2;
}

/** The candidate opens with an area code `(0dd)` or `0ddd` then a space or hyphen: `^\(?0\d{2,3}\)?[ -]`. */
function areaThenSeparator(u: Uint16Array, a: number, b: number): boolean {
  let p = a + ((u[a] as number) === 40 ? 1 : 0);
  if (p >= b || (u[p] as number) !== 48) return false;
  p++;
  let k = 0;
  while (p + k < b && isDigit(u[p + k] as number)) k++;
  if (k < 2 || k > 3) return false;
  let q = p + k;
  if (q < b && (u[q] as number) === 41) q++;
  const c = q < b ? (u[q] as number) : -1;
  return c === 32 || c === 45;
}
