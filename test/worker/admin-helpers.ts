import type { Role } from '../../worker/auth/types';
import { call } from './helpers';

export const BOOT = 'bootstrap-admin-token-for-tests';
export const bootEnv = { ADMIN_TOKEN: BOOT };

/** Call the Admin API with a bearer token (or none), JSON body optional. */
export function admin(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return call(
    new Request(`http://parley.test/admin/api${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) }),
    bootEnv,
  );
}

/** Issue a token of a role with the bootstrap admin token, for every site unless `sites` is given. */
export async function tokenFor(role: Role, opts: { sites?: string[]; label?: string } = {}): Promise<{ id: string; token: string }> {
  const res = await admin('POST', '/tokens', BOOT, {
    role,
    label: opts.label ?? `${role} for tests`,
    ...(opts.sites ? { sites: opts.sites } : {}),
  });
  if (res.status !== 201) throw new Error(`token issue failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}
