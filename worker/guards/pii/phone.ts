/**
 * Phone numbers: E.164 (`+` or `00` and a known country code), Chinese mobiles (1[3-9] + 9 digits, optional +86),
 * Chinese landlines (0 + area code + 7–8 digits), NANP ((NXX) NXX-XXXX), and trunk-prefixed national forms common
 * in Europe and Asia (0 + 8–10 digits, grouped). A candidate that fits none of these is dropped.
 */
import type { Finding } from '../types';

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
// ITU-T E.164 country codes: every 1-digit, the assigned 2-digit, and the 3-digit blocks they leave.
const CC2 = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);
const CC3_PREFIX = new Set([
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '29',
  '35',
  '37',
  '38',
  '42',
  '50',
  '59',
  '67',
  '68',
  '69',
  '85',
  '87',
  '88',
  '96',
  '97',
  '99',
]);

function e164(digits: string): boolean {
  if (digits.length < 8 || digits.length > 15) return false;
  if (digits[0] === '1' || digits[0] === '7') return digits.length === 11;
  const two = digits.slice(0, 2);
  if (two === '86') return /^86(?:1[3-9]\d{9}|(?:10|2\d|[3-9]\d\d)\d{7,8})$/.test(digits);
  return CC2.has(two) || CC3_PREFIX.has(two);
}

function wellFormed(s: string): boolean {
  if (/[ .-]{2,}|\(\)|[.-]\(|\)[.-]/.test(s.replace(/\) /g, ')'))) return false;
  const open = s.indexOf('(');
  const close = s.indexOf(')');
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open + 1 && s.indexOf('(', open + 1) < 0 && s.indexOf(')', close + 1) < 0;
}

/** Confidence that a separator-bearing candidate is a phone number, or 0. */
export function phoneConfidence(s: string): number {
  const intl = s.startsWith('+') || s.startsWith('00');
  const n = countDigits(s);
  // National forms below have 9–12 digits; E.164 has 8–15 after the prefix. Cheap to check before any regex.
  if (intl ? n < 8 || n > 17 : n < 9 || n > 12) return 0;
  if (!wellFormed(s)) return 0;
  const digits = s.replace(/\D/g, '');
  const grouped = /[ ().-]/.test(s);
  if (intl) return e164(s.startsWith('00') ? digits.slice(2) : digits) ? 0.9 : 0;
  if (/^1[3-9]\d{9}$/.test(digits)) return 0.85;
  if (/^0(?:10|2\d|[3-9]\d\d)\d{7,8}$/.test(digits) && /^\(?0\d{2,3}\)?[ -]/.test(s)) return 0.75;
  if (/^1?[2-9]\d\d[2-9]\d{6}$/.test(digits) && !(digits.length === 11 && !grouped)) return grouped ? 0.8 : 0.55;
  if (/^0[1-9]\d{7,10}$/.test(digits)) return grouped ? 0.6 : 0.5;
  return 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isRunCh = (c: number) => isDigit(c) || c === 32 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46;
const isAlnum = (c: number) => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122);

/** Find phone numbers; a run of several numbers separated by spaces is split and each part tried. */
export function detectPhones(text: string, out: Finding[]): void {
  const n = text.length;
  let i = 0;
  const next = /[0-9(+]/g;
  while (i < n) {
    next.lastIndex = i;
    if (!next.exec(text)) break;
    i = next.lastIndex - 1;
    // A run of digits and phone separators, scanned by hand: no allocation unless it has 7+ digits.
    let j = i;
    let digits = 0;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (isDigit(d)) digits++;
      else if (!isRunCh(d)) break;
      j++;
    }
    const prev = text.charCodeAt(i - 1);
    if (digits >= 7 && !(isAlnum(prev) || prev === 43)) candidate(text, i, text.slice(i, j), out);
    i = j + 1;
  }
}

function candidate(text: string, at: number, run: string, out: Finding[]): void {
  let cand = run.replace(/[ (.+-]+$/, '');
  const lead = cand.length - cand.replace(/^[(]+(?=\()/, '').length;
  cand = cand.slice(lead);
  let start = at + lead;
  if (!/^[+(\d]/.test(cand) || countDigits(cand) < 7 || /[0-9A-Za-z]/.test(text[start + cand.length] ?? '')) return;
  const whole = phoneConfidence(cand);
  if (whole > 0) {
    out.push({ type: 'PHONE', start, end: start + cand.length, confidence: whole });
    return;
  }
  // Split on spaces and take the longest valid window from each piece, left to right.
  const pieces: { s: number; e: number; d: number }[] = [];
  for (const p of cand.matchAll(/\S+/g)) pieces.push({ s: p.index, e: p.index + p[0].length, d: countDigits(p[0]) });
  let i = 0;
  while (i < pieces.length) {
    let best = -1;
    let conf = 0;
    let total = 0;
    let last = i;
    // A phone number has at most six groups and 15 digits.
    while (last < pieces.length && last - i < 6 && total + (pieces[last]?.d ?? 0) <= 15) total += pieces[last++]?.d ?? 0;
    for (let j = last - 1; j >= i; total -= pieces[j]?.d ?? 0, j--) {
      if (total < 8) break;
      if (total > 12 && !/^(?:\+|00)/.test(cand.slice(pieces[i]?.s ?? 0))) continue;
      const sub = cand.slice(pieces[i]?.s, pieces[j]?.e).replace(/[.(-]+$/, '');
      const c = /^[+(\d]/.test(sub) ? phoneConfidence(sub) : 0;
      if (c > 0) {
        best = j;
        conf = c;
        break;
      }
    }
    if (best < 0) {
      i++;
      continue;
    }
    start = at + lead + (pieces[i]?.s ?? 0);
    const sub = cand.slice(pieces[i]?.s, pieces[best]?.e).replace(/[.(-]+$/, '');
    out.push({ type: 'PHONE', start, end: start + sub.length, confidence: conf });
    i = best + 1;
  }
}
