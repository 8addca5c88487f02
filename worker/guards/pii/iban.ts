/** IBANs: a country code with its registered length, two check digits, and ISO 13616 mod-97 validity. */
import type { Finding } from '../types';
import { type DigitRuns, digitRuns } from './runs';

/** Registered IBAN length by country code, indexed `(c1 - 65) * 26 + (c2 - 65)`; 0 = not an IBAN country. */
const LENGTHS = new Uint8Array(26 * 26);
for (const e of (
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 ' +
  'FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IR26 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 ' +
  'LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 ' +
  'SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
).split(' '))
  LENGTHS[(e.charCodeAt(0) - 65) * 26 + e.charCodeAt(1) - 65] = Number(e.slice(2));

const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** Mod-97 fold of code units `a..b` into `rem` (letters count as two digits, anything else is skipped). */
function fold97(u: Uint16Array, a: number, b: number, rem: number): number {
  for (let i = a; i < b; i++) {
    const c = u[i] as number;
    if (c >= 48 && c <= 57) rem = rem * 10 + (c - 48);
    else if (isLetter(c)) rem = rem * 100 + ((c | 32) - 87);
    if (rem >= 10_000_000) rem %= 97;
  }
  return rem;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);

/**
 * IBANs written compact or in groups of four separated by single spaces (or single hyphens), in either case. A
 * candidate is a digit run of two or more whose two preceding letters are a registered country code.
 */
export function detectIbans(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  const { codes: u, start, end, n } = runs;
  for (let k = 0; k < n; k++) {
    const s = (start[k] as number) - 2;
    if (s < 0 || (end[k] as number) - s < 4) continue;
    const c1 = u[s] as number;
    const c2 = u[s + 1] as number;
    // One case throughout: `gb29nwbk…` or `GB29NWBK…`, never `LV80 bANK…`.
    const lower = (c1 & 32) !== 0;
    if (!isLetter(c1) || !isLetter(c2) || (c2 & 32) !== (c1 & 32)) continue;
    const len = LENGTHS[((c1 & ~32) - 65) * 26 + (c2 & ~32) - 65] as number;
    if (len === 0 || (s > 0 && isAlnum(u[s - 1] as number))) continue;
    // Walk the BBAN, folding it into the ISO 13616 remainder as it goes; the remainder is reduced mod 97 only
    // when it could outgrow 31 bits. The country code and check digits are folded in last.
    let count = 4;
    let i = s + 4;
    let sep = 0;
    let rem = 0;
    while (count < len && i < runs.length) {
      const c = u[i] as number;
      if ((c === 32 || c === 45) && (count & 3) === 0 && isAlnum(u[i + 1] as number)) {
        if (sep && sep !== c) break;
        sep = c;
        i++;
        continue;
      }
      if (c >= 48 && c <= 57) rem = rem * 10 + (c - 48);
      else if (isLetter(c) && ((c & 32) !== 0) === lower) rem = rem * 100 + ((c | 32) - 87);
      else break;
      if (rem >= 10_000_000) rem %= 97;
      count++;
      i++;
    }
    if (count !== len || isAlnum(u[i] as number)) continue;
    if (fold97(u, s, s + 4, rem) % 97 === 1) out.push({ type: 'IBAN', start: s, end: i, confidence: 0.95 });
  }
}
