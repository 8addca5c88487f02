/** What every settings section receives: the draft, a setter by path, the issues by path, and whether it may edit. */
import type { Issues } from '../../fields';
import type { Schemas } from '../../schemas';

export type Draft = Record<string, unknown>;

export interface SectionProps {
  draft: Draft;
  set: (path: (string | number)[], value: unknown) => void;
  issues: Issues;
  readOnly: boolean;
  schemas: Schemas;
}

/** What a field needs to edit one dotted draft path: the shared issues and mode, the path, its value and a setter. */
export interface FieldBinding<V, T> {
  issues: Issues;
  readOnly: boolean;
  path: string;
  value: V;
  onChange: (v: T) => void;
}

/** Binds a field to the draft value at `path` (`limits.tokensPerDay`), showing `fallback` while it is unset. */
export function bindField<T>(p: SectionProps, path: string): FieldBinding<T | undefined, T | undefined>;
export function bindField<T>(p: SectionProps, path: string, fallback: T): FieldBinding<T, T | undefined>;
export function bindField<T>(p: SectionProps, path: string, fallback?: T): FieldBinding<T | undefined, T | undefined> {
  const keys = path.split('.');
  let value: unknown = p.draft;
  for (const k of keys) value = (value as Draft | undefined)?.[k];
  return {
    issues: p.issues,
    readOnly: p.readOnly,
    path,
    value: fallback === undefined ? (value as T | undefined) : ((value as T | undefined) ?? fallback),
    onChange: (v) => p.set(keys, v),
  };
}
