/**
 * The Worker's own zod schemas, for checking drafts in the browser with the rules the server applies.
 * Loaded on demand (`useSchemas`): zod and the linear-time pattern engine are most of their weight, and
 * only the pages that edit configuration need them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Issue } from './api';

export type Schemas = typeof import('./schema-bundle');

let loading: Promise<Schemas> | null = null;

/** The schemas, or null while their chunk loads. */
export function useSchemas(): Schemas | null {
  const [schemas, setSchemas] = useState<Schemas | null>(null);
  useEffect(() => {
    loading ??= import('./schema-bundle');
    loading.then(setSchemas);
  }, []);
  return schemas;
}

/** A safeParse result's issues by dotted path. */
export function issuesOf(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Issue[] {
  return r.success || !r.error ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
