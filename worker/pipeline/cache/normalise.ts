/**
 * Text normalisation for cache keys: trivial variants of one question (case, spacing, full-width
 * forms, trailing punctuation) must map to the same key. Only the key is normalised; the provider
 * still sees the visitor's (masked) text as written.
 */

/** Fold NFKC (full-width → ASCII), case, runs of whitespace, and trailing punctuation. */
export function normaliseForKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\p{P}\s]+$/u, '');
}

/** JSON with object keys sorted and undefined dropped, so equal params always serialise equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = (v as Record<string, unknown>)[k];
    return out;
  });
}
