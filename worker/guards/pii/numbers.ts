/** Digit-shaped detectors: bank cards (Luhn), Chinese resident IDs (MOD 11-2), US SSNs (SSA rules). */
import type { Finding } from '../types';
import { cnIdValid, luhnValid } from './checksums';

const GROUPS = /\d+(?:[ -]\d+)*/g;
const ALNUM = /[0-9A-Za-z]/;

/** Digit-group runs bounded by non-alphanumerics: a group glued to a letter is dropped, as a lookaround would. */
function* digitRuns(text: string): Generator<{ index: number; run: string }> {
  for (const m of text.matchAll(GROUPS)) {
    let run = m[0];
    let index = m.index;
    if (ALNUM.test(text[index - 1] ?? '')) {
      const cut = run.search(/[ -]/);
      if (cut < 0) continue;
      index += cut + 1;
      run = run.slice(cut + 1);
    }
    if (ALNUM.test(text[index + run.length] ?? '')) {
      const cut = Math.max(run.lastIndexOf(' '), run.lastIndexOf('-'));
      if (cut < 0) continue;
      run = run.slice(0, cut);
    }
    yield { index, run };
  }
}

/** Bank and credit cards: 13–19 digits, bare or grouped with one kind of separator, Luhn-valid. */
export function detectCards(text: string, out: Finding[]): void {
  for (const m of digitRuns(text)) {
    const run = m.run;
    if (run.length < 13) continue;
    const parts = run.split(/([ -])/);
    const groups: string[] = [];
    const seps: string[] = [];
    const offs: number[] = [];
    let pos = m.index;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (i % 2 === 0) {
        offs.push(pos);
        groups.push(p);
      } else seps.push(p);
      pos += p.length;
    }
    let i = 0;
    while (i < groups.length) {
      let found = -1;
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        if (j > i && seps[j - 1] !== seps[i]) break;
        digits += groups[j];
        if (digits.length > 19) break;
        if (digits.length >= 13 && (digits.length > 13 || digits[0] === '4') && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) found = j;
      }
      if (found < 0) {
        i++;
        continue;
      }
      const start = offs[i] ?? 0;
      const end = (offs[found] ?? 0) + (groups[found]?.length ?? 0);
      const first = groups[i]?.[0] ?? '0';
      out.push({ type: 'CARD', start, end, confidence: '123456'.includes(first) ? 0.9 : 0.7 });
      i = found + 1;
    }
  }
}

const CN_ID = /\d{15,}[Xx]?/g;

/** Chinese resident IDs, 18-digit with check character or 15-digit legacy, region and date validated. */
export function detectCnIds(text: string, out: Finding[]): void {
  for (const m of text.matchAll(CN_ID)) {
    const len = m[0].length;
    if (len !== 15 && len !== 18) continue;
    if (ALNUM.test(text[m.index - 1] ?? '') || ALNUM.test(text[m.index + len] ?? '')) continue;
    if (cnIdValid(m[0]))
      out.push({ type: 'CN_ID', start: m.index, end: m.index + m[0].length, confidence: m[0].length === 18 ? 0.97 : 0.75 });
  }
}

const SSN = /(?<![0-9A-Za-z.-])(\d{3})([-. ]?)(\d{2})([-. ]?)(\d{4})(?![0-9A-Za-z]|[-.]\d)/g;
const SSN_DENY = new Set(['078051120', '219099999', '123456789', '111111111', '333333333']);

/** US Social Security numbers: 3-2-4 digits, consistent separators, no 000/666/9xx area, 00 group or 0000 serial. */
export function detectSsns(text: string, out: Finding[]): void {
  for (const m of text.matchAll(SSN)) {
    const [all, area = '', s1 = '', group = '', s2 = '', serial = ''] = m;
    if (s1 && s2 && s1 !== s2) continue;
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
    if (SSN_DENY.has(area + group + serial)) continue;
    out.push({ type: 'SSN', start: m.index, end: m.index + all.length, confidence: s1 && s2 ? 0.85 : 0.5 });
  }
}
