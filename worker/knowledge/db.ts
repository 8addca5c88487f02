/** The part of a D1 binding knowledge needs: the Worker's `env.DB` and Miniflare's `getD1Database()` both fit. */

export interface KnowledgeStatement {
  bind(...values: unknown[]): KnowledgeStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}

export interface KnowledgeDb {
  prepare(query: string): KnowledgeStatement;
  batch<T = unknown>(statements: KnowledgeStatement[]): Promise<{ results: T[] }[]>;
}

/** D1 refuses statements with more than 100 bound parameters; lists are bound in slices below that. */
export const MAX_BOUND = 90;

export function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
