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
  /**
   * Placeholders first seen in text the visitor did not write (an agent's or the bot's reply in the history):
   * never restored, never let through as the visitor's own, until the visitor writes the value themselves.
   */
  foreign?: Record<string, true>;
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

/**
 * The placeholder for a value, allocating the next number on first sight (mutates `vault`). `own` says whether
 * the visitor wrote it (their message) or someone else did (an agent's or the bot's text in the history).
 */
export function placeholderFor(vault: PiiVault, type: PiiType, value: string, own = true): string {
  const key = normalise(type, value);
  let ph = vault.keys[key];
  if (!ph) {
    const label = piiLabel(type);
    const n = (vault.counters[label] ?? 0) + 1;
    vault.counters[label] = n;
    ph = `[${label}_${n}]`;
    vault.keys[key] = ph;
    vault.values[ph] = value;
    if (!own) vault.foreign = { ...vault.foreign, [ph]: true };
  } else if (own && vault.foreign?.[ph]) {
    delete vault.foreign[ph];
  }
  return ph;
}

const isOwnPlaceholder = (vault: PiiVault, ph: string): boolean => vault.values[ph] !== undefined && !vault.foreign?.[ph];

/** True when `value` is one the visitor gave earlier in the conversation. */
export function isOwnValue(vault: PiiVault, type: PiiType, value: string): boolean {
  const ph = vault.keys[normalise(type, value)];
  return ph !== undefined && isOwnPlaceholder(vault, ph);
}

/** Replace each finding with its placeholder (`own`: see `placeholderFor`). Findings must not overlap. */
export function maskFindings(text: string, findings: readonly Finding[], vault: PiiVault, own = true): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, f.start) + placeholderFor(vault, f.type, text.slice(f.start, f.end), own);
    at = f.end;
  }
  return out + text.slice(at);
}

export const PLACEHOLDER = /\[([A-Z_]+)_(\d{1,4})\]/g;

/**
 * Put the visitor's own values back for placeholders in `text`; unknown placeholders and those of values the
 * visitor did not write stay as they are. Only for the conversation's proven owner.
 */
export function restorePlaceholders(text: string, vault: PiiVault): string {
  return text.replace(PLACEHOLDER, (ph) => (isOwnPlaceholder(vault, ph) ? (vault.values[ph] as string) : ph));
}

/**
 * The reverse of `restorePlaceholders` for text that is stored: each of the visitor's own values (as restored,
 * or as a scanner finds it in another spelling) back to its placeholder, so transcripts hold masked text only.
 */
export function remaskOwnValues(text: string, vault: PiiVault, findings: readonly Finding[]): string {
  const own = findings.filter((f) => isOwnValue(vault, f.type, text.slice(f.start, f.end)));
  let out = '';
  let at = 0;
  for (const f of [...own].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + vault.keys[normalise(f.type, text.slice(f.start, f.end))];
    at = f.end;
  }
  out += text.slice(at);
  const values = Object.entries(vault.values)
    .filter(([ph]) => isOwnPlaceholder(vault, ph))
    .sort((a, b) => b[1].length - a[1].length);
  for (const [ph, value] of values) if (value.length > 0) out = out.split(value).join(ph);
  return out;
}
