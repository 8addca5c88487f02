/** What changed between the live intents and the draft: per intent, added/removed/changed and which fields. */
import type { IntentDoc } from './pages/intent-form';

export interface IntentChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  fields: string[];
}

const FIELDS: (keyof IntentDoc)[] = [
  'label',
  'examples',
  'keywords',
  'patterns',
  'tier',
  'systemPrompt',
  'answer',
  'handoff',
  'cacheable',
  'cacheTtl',
];

/** Stable JSON (sorted keys) so key order does not count as a change. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The changes from `live` to `draft`, in draft order then removed ones. */
export function diffIntents(live: IntentDoc[], draft: IntentDoc[]): IntentChange[] {
  const before = new Map(live.map((i) => [i.id, i]));
  const out: IntentChange[] = [];
  for (const d of draft) {
    const l = before.get(d.id);
    if (!l) out.push({ id: d.id, kind: 'added', fields: [] });
    else {
      const fields = FIELDS.filter((f) => canon(l[f]) !== canon(d[f]));
      if (fields.length) out.push({ id: d.id, kind: 'changed', fields });
    }
    before.delete(d.id);
  }
  for (const id of before.keys()) out.push({ id, kind: 'removed', fields: [] });
  return out;
}
