/**
 * Apply worker/migrations to a D1 database from Node (Miniflare's `getD1Database`), recording them in
 * `d1_migrations` exactly as `wrangler d1 migrations apply` does, so the two can be mixed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unstable_splitSqlQuery } from 'wrangler';

interface Statement {
  bind(...values: unknown[]): Statement;
  run(): Promise<unknown>;
  all<T>(): Promise<{ results: T[] }>;
}

/** The part of a D1 binding this needs. */
export interface MigratableDb {
  prepare(query: string): Statement;
  batch(statements: Statement[]): Promise<unknown>;
}

/** Apply every not-yet-applied `NNNN_*.sql` file in `dir`, in order. */
export async function applyMigrations(db: MigratableDb, dir: string): Promise<string[]> {
  await db
    .prepare(
      'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
    )
    .run();
  const done = new Set((await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()).results.map((r) => r.name));
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const applied: string[] = [];
  for (const name of names) {
    if (done.has(name)) continue;
    const queries = unstable_splitSqlQuery(readFileSync(join(dir, name), 'utf8')).map((q) => db.prepare(q));
    await db.batch([...queries, db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(name)]);
    applied.push(name);
  }
  return applied;
}
