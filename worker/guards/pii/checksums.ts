/** Check-digit algorithms the detectors validate candidates with: a regex alone is never enough. */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** ISO 13616 IBAN check: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
export function ibanMod97Valid(iban: string): boolean {
  const s = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = '10X98765432';
/** Province-level prefixes of GB/T 2260, plus 71 (Taiwan), 81/82 (HK/Macau) and 83 (Taiwan residence permits). */
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83,
]);

/** ISO 7064 MOD 11-2 check character of the first 17 digits of an 18-digit Chinese resident ID. */
export function cnIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (CN_WEIGHTS[i] ?? 0);
  return CN_CHECK[sum % 11] ?? '';
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/**
 * A Chinese resident ID: 18 digits (last may be X) with a valid region prefix, birth date and MOD 11-2 check
 * character, or the legacy 15-digit form (region + YYMMDD, no check digit). Non-strict: the county code is not
 * checked against the dated GB/T 2260 history.
 */
export function cnIdValid(raw: string): boolean {
  const v = raw.toUpperCase();
  if (!/^(\d{17}[\dX]|\d{15})$/.test(v)) return false;
  if (!CN_PROVINCES.has(Number(v.slice(0, 2)))) return false;
  if (v.length === 15) return validDate(1900 + Number(v.slice(6, 8)), Number(v.slice(8, 10)), Number(v.slice(10, 12)));
  const y = Number(v.slice(6, 10));
  if (y < 1900 || y > 2100 || !validDate(y, Number(v.slice(10, 12)), Number(v.slice(12, 14)))) return false;
  return cnIdCheckChar(v.slice(0, 17)) === v[17];
}
