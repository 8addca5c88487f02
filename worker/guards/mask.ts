/**
 * Typed placeholders: `[PHONE_1]`, `[EMAIL_1]`, … The vault maps placeholders to values and back; it is a plain
 * serialisable object that lives with the conversation (never in logs), so the same value keeps the same
 * placeholder across turns and the visitor's own values can be restored in the reply.
 */
import type { Finding, PiiType } from './types';

/** Placeholder ↔ value map for one conversation. */
export interface PiiVault {
  /** `[PHONE_1]` → raw value. */
  values: Record<string, string>;
  /** normalised value → `[PHONE_1]`. */
  keys: Record<string, string>;
  /** Next number per label. */
  counters: Record<string, number>;
}

const LABEL: Record<PiiType, string> = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  CN_ID: 'ID_CARD',
  CARD: 'CARD',
  IBAN: 'IBAN',
  IP: 'IP',
  SSN: 'SSN',
  PASSPORT: 'PASSPORT',
};

/** A fresh, empty vault. */
export function emptyVault(): PiiVault {
  return { values: {}, keys: {}, counters: {} };
}

/** Label used in placeholders for a type (`CN_ID` → `ID_CARD`). */
export function piiLabel(type: PiiType): string {
  return LABEL[type] ?? type;
}

/** Comparison key of a value: e-mail and IP case-folded, others reduced to letters and digits. */
export function normalise(type: PiiType, value: string): string {
  const v = value.normalize('NFKC');
  if (type === 'EMAIL' || type === 'IP') return `${type}:${v.toLowerCase()}`;
  return `${type}:${v.replace(/[^0-9A-Za-z]/g, '').toUpperCase()}`;
}

/** The placeholder for a value, allocating the next number on first sight (mutates `vault`). */
export function placeholderFor(vault: PiiVault, type: PiiType, value: string): string {
  const key = normalise(type, value);
  const known = vault.keys[key];
  if (known) return known;
  const label = piiLabel(type);
  const n = (vault.counters[label] ?? 0) + 1;
  vault.counters[label] = n;
  const ph = `[${label}_${n}]`;
  vault.keys[key] = ph;
  vault.values[ph] = value;
  return ph;
}

/** True when `value` is one the visitor gave earlier in the conversation. */
export function isOwnValue(vault: PiiVault, type: PiiType, value: string): boolean {
  return vault.keys[normalise(type, value)] !== undefined;
}

/** Replace each finding with its placeholder. Findings must not overlap. */
export function maskFindings(text: string, findings: readonly Finding[], vault: PiiVault): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, f.start) + placeholderFor(vault, f.type, text.slice(f.start, f.end));
    at = f.end;
  }
  return out + text.slice(at);
}

export const PLACEHOLDER = /\[([A-Z_]+)_(\d{1,4})\]/g;

/** Put the visitor's own values back for placeholders in `text` (unknown placeholders stay as they are). */
export function restorePlaceholders(text: string, vault: PiiVault): string {
  return text.replace(PLACEHOLDER, (ph) => vault.values[ph] ?? ph);
}
