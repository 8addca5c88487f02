/**
 * Where the gateway's time goes at 100 concurrent streams: a CPU profile of the Worker in workerd, taken
 * over the DevTools protocol (Profiler.start/stop) while rounds of concurrent `/v1/chat/completions`
 * requests run, printed as self time per function. A diagnostic, not a target: `npm run bench` has the figures.
 *
 *   tsx test/bench/gateway-profile.ts [--unique] [--path /v1/chat] [--ws] [--rounds 3]
 *   (--unique: a distinct prompt per request, so every request misses the reply cache and calls the upstream;
 *   --ws: later turns of 100 open WebSocket conversations instead of HTTP requests)
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { BENCH_SITE, serveBench } from './bench-site';
import { benchApiKey } from './gateway';
import { BENCH_UPSTREAM_LIMITS, printTable, timeStream } from './measure';
import { ParleyVisitor } from './visitor-clients';

export interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A minimal DevTools protocol client: send a method, await its result. */
export function cdp(url: string): Promise<{ send: (method: string, params?: object) => Promise<unknown>; close: () => void }> {
  const ws = new WebSocket(url);
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((r) => {
            const id = next++;
            waiting.set(id, r);
            ws.send(JSON.stringify({ id, method, params }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

/** Self time per function (ms), keyed `name file:line`. */
export function selfTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (const [i, id] of p.samples.entries()) {
    const n = byId.get(id);
    if (!n) continue;
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    out.set(key, (out.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

/** Inclusive time: each sample counts once for every distinct function on its stack. */
export function inclusiveTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  for (const [i, id] of p.samples.entries()) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f?.url.endsWith('index.js')) continue;
      const key = `${f.functionName || '(anonymous)'} :${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    }
  }
  return out;
}

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** Profile rounds of 100 concurrent requests and print the top self-time functions. */
export async function profileGateway(): Promise<void> {
  const unique = process.argv.includes('--unique');
  const route = arg('--path') ?? '/v1/chat/completions';
  const rounds = Number(arg('--rounds') ?? 3);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const base = await setScenario(mock.url, 'gw-prof', { calls: [{ reply: 'Thanks for asking, your order ships tomorrow morning.' }] });
  const inspectorPort = await freePort();
  const parley = await serveBench({
    port: 0,
    persist: false,
    inspectorPort,
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', ADMIN_TOKEN: 'bench-admin' },
  });
  const apiKey = await benchApiKey(parley);
  let n = 0;
  const visitors = process.argv.includes('--ws')
    ? Array.from({ length: 100 }, (_, k) => new ParleyVisitor(parley.url, `profile-${k}`))
    : [];
  for (const v of visitors) await v.turn('Hello there', true);
  let turn = 0;
  const wsTurn = async () => {
    const v = visitors[turn++ % visitors.length] as ParleyVisitor;
    const t = await v.turn(`Could you look into my parcel, reference ${(n++).toString(36)}x?`, false);
    return { first: t.ok ? t.first : Number.NaN, total: Number.NaN };
  };
  const http = () => {
    const text = unique ? `Where is my order? ref ${(n++).toString(36)}x` : 'Where is my order?';
    return route === '/v1/chat'
      ? timeStream(`${parley.url}/v1/chat`, JSON.stringify({ siteKey: BENCH_SITE, message: { id: 'b', text } }))
      : timeStream(
          `${parley.url}/v1/chat/completions`,
          JSON.stringify({ model: 'parley-default', stream: true, messages: [{ role: 'user', content: text }] }),
          { authorization: `Bearer ${apiKey}` },
        );
  };
  const request = visitors.length ? wsTurn : http;
  try {
    for (let i = 0; i < 30; i++) await request();
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
      id: string;
      title?: string;
      webSocketDebuggerUrl?: string;
    }[];
    const target = targets.find((t) => /parley/.test(t.title ?? t.id)) ?? targets[0];
    if (!target?.webSocketDebuggerUrl) throw new Error(`no inspector target: ${JSON.stringify(targets)}`);
    const client = await cdp(target.webSocketDebuggerUrl);
    await client.send('Profiler.enable');
    await client.send('Profiler.setSamplingInterval', { interval: Number(arg('--interval') ?? 100) });
    await client.send('Profiler.start');
    const t0 = performance.now();
    const firsts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const res = await Promise.all(Array.from({ length: 100 }, request));
      for (const x of res) firsts.push(x.first);
    }
    const wall = performance.now() - t0;
    const { profile } = (await client.send('Profiler.stop')) as { profile: Profile };
    client.close();
    const self = selfTimes(profile);
    const busy = [...self.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
    const requests = rounds * 100;
    console.log(
      `\n${visitors.length ? 'WebSocket, later turns' : route}${unique ? ' (unique prompts: cache misses)' : ''}: ${requests} requests in ${wall.toFixed(0)} ms wall; ` +
        `Worker isolate busy ${busy.toFixed(0)} ms = ${(busy / requests).toFixed(3)} ms per request`,
    );
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
    printTable(
      ['function', 'self ms', 'per request µs'],
      top.map(([k, v]) => [k.slice(0, 90), v.toFixed(1), ((v / requests) * 1000).toFixed(0)]),
    );
    const incl = [...inclusiveTimes(profile).entries()].sort((a, b) => b[1] - a[1]).slice(0, 45);
    console.log('\nInclusive time of Worker functions');
    printTable(
      ['function', 'incl ms', 'per request µs'],
      incl.map(([k, v]) => [k.slice(0, 90), v.toFixed(1), ((v / requests) * 1000).toFixed(0)]),
    );
  } finally {
    for (const v of visitors) v.close();
    await Promise.all([parley.close(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await profileGateway();
