/**
 * `npm run bench`: figures printed side by side in one run, on 127.0.0.1 only, bounded in count, and written to
 * `docs/benchmarks.md`. Each section starts what it measures and stops it.
 *
 * `--only router,cache` runs just those sections (the page then says it is a partial run); `--out FILE` writes
 * the page elsewhere. A new section is one import and one line in `SECTIONS`.
 */
import { parseArgs } from 'node:util';
import { cacheBench } from './cache';
import { runGatewayBench } from './gateway';
import { gatewayCpu } from './gateway-cpu';
import { benchGuardStream } from './guard-stream';
import { knowledgeSection } from './knowledge-section';
import { loadBench } from './load';
import { benchPii } from './pii-section';
import { beginSection, writeReport } from './report';
import { routerSuite } from './router';
import { visitorBench } from './visitor';
import { widgetOpenBench } from './widget-open';

const SECTIONS: { name: string; title: string; run: () => unknown }[] = [
  { name: 'gateway', title: 'Gateway overhead', run: runGatewayBench }, // vs direct and a bare pass-through Worker
  { name: 'gateway-cpu', title: 'workerd CPU per request', run: gatewayCpu }, // why the 100-stream p99 is what it is
  { name: 'cache', title: 'Reply cache', run: cacheBench }, // hit vs miss, upstream calls saved on a recurring trace
  { name: 'guard-stream', title: 'Streaming output guard', run: benchGuardStream }, // held back, time to 1st delta
  { name: 'pii', title: 'PII detectors', run: benchPii }, // per-type P/R on both sets, MB/s beside a floor
  { name: 'router', title: 'Intent router', run: routerSuite }, // µs per decision on the demo site (and CLINC150)
  { name: 'load', title: 'WebSocket load', run: loadBench }, // turns/s, first delta, lost or duplicated frames
  { name: 'visitor', title: "Visitor's path vs a stateful floor", run: visitorBench }, // /v1/chat and WebSocket turns
  { name: 'widget-open', title: 'Widget: click to a usable panel', run: () => widgetOpenBench() }, // warm and cold cache
  { name: 'knowledge', title: 'Knowledge retrieval', run: () => knowledgeSection() }, // quality, strict floor, latency (skipped without data)
];

const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const chosen = SECTIONS.filter((s) => !only || only.includes(s.name));

for (const section of chosen) {
  beginSection(section.title);
  await section.run();
}

const skipped = SECTIONS.filter((s) => !chosen.includes(s)).map((s) => s.name);
writeReport(values.out ?? 'docs/benchmarks.md', {
  partial: skipped.length ? `only ${chosen.map((s) => s.name).join(', ')}; not run: ${skipped.join(', ')}.` : undefined,
});
