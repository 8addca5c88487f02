/** IBANs: a country code with its registered length, two check digits, and ISO 13616 mod-97 validity. */
import type { Finding } from '../types';
import { ibanMod97Valid } from './checksums';

const LENGTHS: Record<string, number> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 ' +
    'FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 ' +
    'LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 ' +
    'SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);
const isUpperAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const START = /([A-Z]{2})\d{2}/g;

/** IBANs written compact or in groups of four separated by single spaces. */
export function detectIbans(text: string, out: Finding[]): void {
  for (const m of text.matchAll(START)) {
    const len = LENGTHS[m[1] ?? ''];
    if (!len || /[0-9A-Za-z]/.test(text[m.index - 1] ?? '')) continue;
    let compact = m[0];
    let i = m.index + 4;
    let sep = '';
    while (compact.length < len && i < text.length) {
      const c = text.charCodeAt(i);
      if ((c === 32 || c === 45) && compact.length % 4 === 0 && isUpperAlnum(text.charCodeAt(i + 1))) {
        const ch = c === 32 ? ' ' : '-';
        if (sep && sep !== ch) break;
        sep = ch;
        i++;
        continue;
      }
      if (!isUpperAlnum(c)) break;
      compact += text[i];
      i++;
    }
    if (compact.length !== len || /[0-9A-Za-z]/.test(text[i] ?? '')) continue;
    if (ibanMod97Valid(compact)) out.push({ type: 'IBAN', start: m.index, end: i, confidence: 0.95 });
  }
}
