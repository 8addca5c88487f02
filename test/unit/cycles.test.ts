import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[
  'check:cycles'
];

const folders = ['worker', 'widget', 'shared'];

/**
 * Run `npm run check:cycles`'s madge command in a scratch tree of the given files (the same flags and folders);
 * a folder the files leave empty gets a plain `ok.ts`, since madge is given all three.
 */
function checkCycles(given: Record<string, string>): { status: number | null; output: string } {
  const files = { ...given };
  for (const folder of folders) {
    if (!Object.keys(files).some((p) => p.startsWith(`${folder}/`))) files[`${folder}/ok.ts`] = 'export const ok = 1;\n';
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-cycles-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { moduleResolution: 'Bundler', jsx: 'react-jsx' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const [command, ...args] = (script ?? '').split(' ');
  const run = spawnSync(join(root, 'node_modules/.bin', command ?? ''), args, { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('npm run check:cycles', () => {
  it('is part of npm run check', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.check).toContain('npm run check:cycles');
    expect(script).toMatch(/^madge --circular .*worker widget shared$/);
  });

  it('fails on a cycle through a type-only import, and across .ts and .tsx, and names the files', () => {
    const typeOnly = checkCycles({
      'worker/a.ts': "import type { B } from './b';\nexport const a = (b: B) => b;\n",
      'worker/b.ts': "import { a } from './a';\nexport type B = number;\nexport const b = a;\n",
    });
    expect(typeOnly.status).not.toBe(0);
    expect(typeOnly.output).toContain('worker/a.ts > worker/b.ts');
    const tsx = checkCycles({
      'widget/view.tsx': "import { state } from './state';\nexport const View = () => <p>{state}</p>;\n",
      'widget/state.ts': "import { View } from './view';\nexport const state = String(View);\n",
    });
    expect(tsx.status).not.toBe(0);
    expect(tsx.output).toMatch(/widget\/(state\.ts > widget\/view\.tsx|view\.tsx > widget\/state\.ts)/);
  }, 60_000);

  it('passes a tree without cycles', () => {
    const clean = checkCycles({
      'worker/a.ts': "import type { B } from '../shared/b';\nexport const a = (b: B) => b;\n",
      'shared/b.ts': 'export type B = number;\n',
      'widget/c.tsx': "import { a } from '../worker/a';\nexport const C = () => <p>{a(1)}</p>;\n",
    });
    expect(clean.output).toContain('No circular dependency found');
    expect(clean.status).toBe(0);
  }, 60_000);
});
