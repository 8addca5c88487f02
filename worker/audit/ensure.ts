/** Creates the issue-9 tables once per isolate, so an instance whose migrations were not applied still works. */
import { schemaStatements } from './schema';

const ready = new WeakMap<D1Database, Promise<void>>();

/** Create the tables once per isolate and database binding. */
export function ensureAuditSchema(db: D1Database): Promise<void> {
  let p = ready.get(db);
  if (!p) {
    p = db
      .batch(schemaStatements().map((s) => db.prepare(s)))
      .then(() => undefined)
      .catch((e: unknown) => {
        ready.delete(db);
        throw e;
      });
    ready.set(db, p);
  }
  return p;
}
