/**
 * What changed between two settings documents, as readable lines: one per changed leaf, by dotted path
 * (`theme.color: "#2563eb" → "#ff0000"`). Arrays of plain values compare whole; arrays of objects by index.
 */

export interface SettingChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

type Plain = Record<string, unknown>;
const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v);

function walk(path: string, before: unknown, after: unknown, out: SettingChange[]): void {
  // An object that appears or goes entirely is listed leaf by leaf, as are changed ones.
  const objects =
    (isObject(before) || isObject(after)) && (isObject(before) || before === undefined) && (isObject(after) || after === undefined);
  if (objects) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const k of keys) walk(path ? `${path}.${k}` : k, b[k], a[k], out);
    return;
  }
  const objectArrays = Array.isArray(before) && Array.isArray(after) && [...before, ...after].some((v) => isObject(v) || Array.isArray(v));
  if (objectArrays) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(`${path}.${i}`, before[i], after[i], out);
    return;
  }
  if (before === undefined && after === undefined) return;
  if (before === undefined) out.push({ path, kind: 'added', after: show(after) });
  else if (after === undefined) out.push({ path, kind: 'removed', before: show(before) });
  else if (show(before) !== show(after)) out.push({ path, kind: 'changed', before: show(before), after: show(after) });
}

/**
 * The changes from `live` to `draft`, leaving out the keys in `skip` (intents have their own page;
 * `version` is the server's). Objects' key order never counts as a change.
 * @example diffSettings({ theme: { color: '#000000' } }, { theme: { color: '#ffffff' } }) // [{ path: 'theme.color', … }]
 */
export function diffSettings(live: Plain | null, draft: Plain, skip: string[] = []): SettingChange[] {
  const strip = (v: Plain | null) => Object.fromEntries(Object.entries(v ?? {}).filter(([k]) => !skip.includes(k)));
  const out: SettingChange[] = [];
  walk('', strip(live), strip(draft), out);
  return out;
}

/** One change as a sentence: `~ theme.color: "#2563eb" → "#ff0000"`. */
export function describeChange(c: SettingChange): string {
  if (c.kind === 'added') return `+ ${c.path}: ${c.after}`;
  if (c.kind === 'removed') return `− ${c.path} (was ${c.before})`;
  return `~ ${c.path}: ${c.before} → ${c.after}`;
}

/** A copy of `doc` with `value` at `path` (`undefined` deletes the key), creating objects on the way. */
export function setIn<T extends Plain>(doc: T, path: (string | number)[], value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return doc;
  const copy: Plain | unknown[] = Array.isArray(doc) ? [...doc] : { ...doc };
  const here = (copy as Plain)[head as string];
  const next = rest.length === 0 ? value : setIn((isObject(here) || Array.isArray(here) ? here : {}) as Plain, rest, value);
  if (next === undefined && !Array.isArray(copy)) delete (copy as Plain)[head as string];
  else (copy as Plain)[head as string] = next;
  return copy as T;
}
