/** `npm start` marks its `.dev.vars` as local development, and keeps a PARLEY_ENV the developer set. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureLocalDev } from '../../worker/dev/prepare';

const varsFile = (text?: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'parley-vars-')), '.dev.vars');
  if (text !== undefined) writeFileSync(file, text);
  return file;
};

describe('ensureLocalDev', () => {
  it('appends PARLEY_ENV=development to a new or existing .dev.vars', () => {
    const fresh = varsFile();
    expect(ensureLocalDev(fresh)).toBe(true);
    expect(readFileSync(fresh, 'utf8')).toBe('PARLEY_ENV=development\n');
    const existing = varsFile('ADMIN_TOKEN=abc');
    expect(ensureLocalDev(existing)).toBe(true);
    expect(readFileSync(existing, 'utf8')).toBe('ADMIN_TOKEN=abc\nPARLEY_ENV=development\n');
  });

  it('keeps a PARLEY_ENV already set', () => {
    const file = varsFile('PARLEY_ENV=staging\n');
    expect(ensureLocalDev(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('PARLEY_ENV=staging\n');
  });
});
