/**
 * The benchmarks' results page: each section adds titled tables and notes here (they are printed to stdout as they
 * arrive), and `npm run bench` writes them all, with the machine they ran on, to `docs/benchmarks.md`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

type Cell = string | number;

interface Block {
  kind: 'table' | 'note';
  title?: string;
  header?: string[];
  rows?: Cell[][];
  text?: string;
}

interface Section {
  title: string;
  blocks: Block[];
}

const sections: Section[] = [];

function current(): Section {
  const last = sections.at(-1);
  if (last) return last;
  const loose: Section = { title: 'Figures', blocks: [] };
  sections.push(loose);
  return loose;
}

/** Escapes what would break a markdown table cell. */
function cell(value: Cell): string {
  return String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A GitHub-flavoured markdown table, columns padded so it reads in a terminal too. */
export function markdownTable(header: string[], rows: Cell[][]): string {
  const all = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${widths.map((w, i) => (r[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(all[0] ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...all.slice(1).map(line)].join('\n');
}

/** Starts a section of the page (one per benchmark run by `npm run bench`). */
export function beginSection(title: string): void {
  sections.push({ title, blocks: [] });
}

/**
 * Adds a titled table to the current section and prints it.
 * @example reportTable('Demo site router, 1,020 decisions', ['p50 µs', 'p99 µs'], [['9.1', '30.2']]);
 */
export function reportTable(title: string, header: string[], rows: Cell[][], note?: string): void {
  console.log(`\n${title}`);
  console.log(markdownTable(header, rows));
  if (note) console.log(note);
  current().blocks.push({ kind: 'table', title, header, rows });
  if (note) current().blocks.push({ kind: 'note', text: note });
}

/** Adds a line of figures or explanation to the current section and prints it. */
export function reportNote(text: string): void {
  console.log(text);
  current().blocks.push({ kind: 'note', text });
}

/** What the figures were measured on. */
export function machine(): { cpu: string; cores: number; memory: string; node: string; workerd: string } {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: the model Node reports
  }
  let workerd = 'unknown';
  try {
    const npmVersion = JSON.parse(readFileSync('node_modules/workerd/package.json', 'utf8')).version;
    const binary = execFileSync('npx', ['--no-install', 'workerd', '--version'], { encoding: 'utf8' }).trim();
    workerd = `${binary} (npm workerd ${npmVersion})`;
  } catch {
    // no workerd reachable from here: say so rather than guess
  }
  return {
    cpu,
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    workerd,
  };
}

/** The page as markdown: date, machine, then every section in the order it ran. */
export function renderReport(options: { partial?: string; date?: Date } = {}): string {
  const m = machine();
  const date = (options.date ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const out = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`test/bench/index.ts`); do not edit by hand. Everything runs on 127.0.0.1 against the',
    'mock upstream (`test/fixtures/mock-upstream.ts`); wall-clock figures depend on what else the machine is doing.',
    '',
  ];
  if (options.partial) out.push(`> **Partial run**: ${options.partial}`, '');
  out.push(
    markdownTable(
      ['run', 'value'],
      [
        ['date (UTC)', date],
        ['CPU', m.cpu],
        ['cores', m.cores],
        ['memory', m.memory],
        ['Node', m.node],
        ['workerd', m.workerd],
      ],
    ),
  );
  for (const section of sections) {
    out.push('', `## ${section.title}`);
    for (const block of section.blocks) {
      if (block.kind === 'note') out.push('', block.text ?? '');
      else out.push('', `**${block.title}**`, '', markdownTable(block.header ?? [], block.rows ?? []));
    }
  }
  return `${out.join('\n')}\n`;
}

/** Writes the page (by default `docs/benchmarks.md`). */
export function writeReport(path: string, options: { partial?: string } = {}): void {
  writeFileSync(path, renderReport(options));
  console.log(`\nwrote ${path}`);
}
