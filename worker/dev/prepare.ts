/**
 * Run by `npm start` before `wrangler dev`: make sure `.dev.vars` holds an ADMIN_TOKEN (a random one is
 * created when absent) and print it, mark the run as local development (`PARLEY_ENV=development`, so the
 * Worker serves visitors without an `AUDIT_SALT` secret), then apply the D1 migrations to the local
 * database. Offline.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const VARS = join(ROOT, '.dev.vars');

/** The ADMIN_TOKEN in `.dev.vars`, created (and appended) when absent. */
export function ensureAdminToken(file = VARS): { token: string; created: boolean } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const found = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1];
  if (found) return { token: found, created: false };
  const token = randomBytes(24).toString('base64url');
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${token}\n`);
  return { token, created: true };
}

/** `PARLEY_ENV=development` in `.dev.vars`, appended when the file sets no PARLEY_ENV (one it sets is kept). */
export function ensureLocalDev(file = VARS): boolean {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (/^PARLEY_ENV\s*=/m.test(text)) return false;
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}PARLEY_ENV=development\n`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { token, created } = ensureAdminToken();
  ensureLocalDev();
  console.log(`\n  Admin API token (${created ? 'new, saved in .dev.vars' : 'from .dev.vars'}): ${token}`);
  console.log(`  e.g. curl -H 'authorization: Bearer ${token}' http://localhost:8787/admin/api/sites\n`);
  execFileSync(join(ROOT, 'node_modules/.bin/wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CI: '1', WRANGLER_LOG: 'warn' },
  });
}
