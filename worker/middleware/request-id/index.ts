/**
 * A request id minted by the server for every request, set as the `requestId` variable and echoed in
 * `x-request-id`. A caller's own `x-request-id` is ignored: the id keys audit rows, so a caller must not
 * choose it (Hono's `requestId` would keep an incoming one).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';

export interface RequestIdOptions {
  /** The response header that carries the id. */
  headerName?: string;
  /** Makes a fresh id; a random UUID by default. */
  generate?: () => string;
}

/** Middleware giving each request a fresh server-side id. */
export function serverRequestId({ headerName = 'x-request-id', generate = () => crypto.randomUUID() }: RequestIdOptions = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = generate();
    c.set('requestId', id);
    c.header(headerName, id);
    await next();
  });
}
