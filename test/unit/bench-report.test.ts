import { describe, expect, it } from 'vitest';
import { beginSection, markdownTable, renderReport, reportNote, reportTable } from '../bench/report';

describe('benchmark report', () => {
  it('renders a markdown table with a separator row and escaped cells', () => {
    expect(markdownTable(['path', 'p50'], [['a|b', 1.5]]).split('\n')).toEqual(['| path | p50 |', '| ---- | --- |', '| a\\|b | 1.5 |']);
  });

  it('writes the machine, a partial-run marker and every section in the order it ran', () => {
    beginSection('Reply cache');
    reportTable('hit vs miss', ['turn', 'n'], [['hit', 200]], 'hits stream at once');
    beginSection('Intent router');
    reportNote('demo site only');
    const page = renderReport({ partial: 'only cache, router', date: new Date('2026-01-02T03:04:05.678Z') });
    expect(page).toContain('| date (UTC) | 2026-01-02T03:04:05Z');
    expect(page).toMatch(/\| cores +\| \d+/);
    expect(page).toMatch(/\| Node +\| v\d+/);
    expect(page).toContain('> **Partial run**: only cache, router');
    const cache = page.indexOf('## Reply cache');
    const router = page.indexOf('## Intent router');
    expect(cache).toBeGreaterThan(0);
    expect(router).toBeGreaterThan(cache);
    expect(page.slice(cache, router)).toContain('**hit vs miss**\n\n| turn | n   |\n| ---- | --- |\n| hit  | 200 |');
    expect(page.slice(cache, router)).toContain('hits stream at once');
    expect(page.slice(router)).toContain('demo site only');
  });

  it('says nothing of a partial run when every section ran', () => {
    expect(renderReport()).not.toContain('Partial run');
  });
});
