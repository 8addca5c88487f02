/**
 * Where a visitor's turn spends the Worker's CPU: a CPU profile of workerd's Parley isolate (the Worker and its
 * Durable Objects) over the DevTools protocol while visitors take turns, one profile per kind of turn, printed as
 * self time and inclusive time per function, per turn. Kinds: a new conversation (`POST /v1/chat` without a
 * conversation), a later turn of one (`POST /v1/chat` with the minted token), and a later WebSocket turn. Every
 * turn misses the reply cache and reaches the mock upstream. A diagnostic beside `npm run bench:visitor`.
 *
 *   tsx test/bench/visitor-profile.ts [--kind new,later,ws] [--turns 200] [--width 10] [--top 25] [--interval 100]
 *     [--isolate core:user:parley]   (another of workerd's isolates, e.g. Miniflare's D1 simulator `d1:db`)
 */
import { fileURLToPath } from 'node:url';
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { BENCH_SITE, serveBench } from './bench-site';
import { cdp, freePort, inclusiveTimes, type Profile, selfTimes } from './gateway-profile';
import { BENCH_UPSTREAM_LIMITS, printTable } from './measure';
import { type Minted, ParleyVisitor, sseTurn, type Turn } from './visitor-clients';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

let nonce = 0;
const question = () => `Could you look into my parcel, reference ${(nonce++).toString(36)}x${Date.now().toString(36)}?`;

/** Sampled ms the isolate was not idle. */
const busyMs = (profile: Profile) =>
  [...selfTimes(profile).entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((sum, [, v]) => sum + v, 0);

/** Self and inclusive time per turn of one profile, the busiest functions first. */
function report(title: string, profile: Profile, turns: number, top: number): void {
  const self = selfTimes(profile);
  console.log(`\n## ${title}: isolate busy ${((busyMs(profile) / turns) * 1000).toFixed(0)} µs per turn (${turns} turns)`);
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k.slice(0, 100), ((v / turns) * 1000).toFixed(0)]);
  printTable(['function (self)', 'µs per turn'], rows(self, top));
  console.log('');
  printTable(['Worker function (inclusive)', 'µs per turn'], rows(inclusiveTimes(profile), top + 15));
}

/** Profile each kind of visitor turn in turn and print where the isolate's time went. */
export async function profileVisitor(): Promise<void> {
  const kinds = (arg('--kind') ?? 'new,later,ws').split(',');
  const turns = Number(arg('--turns') ?? 200);
  const width = Number(arg('--width') ?? 10);
  const top = Number(arg('--top') ?? 25);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const upstream = await setScenario(mock.url, 'visitor-profile', {
    calls: [{ reply: 'Thanks for asking, your parcel left our warehouse this morning.', firstTokenMs: 5 }],
  });
  const inspectorPort = await freePort();
  const parley = await serveBench({
    port: 0,
    persist: false,
    inspectorPort,
    // Many turns per conversation a minute: the profile is of the turn, not of the per-visitor limit refusing it.
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: upstream, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', VISITOR_MSGS_PER_MIN: '1000' },
  });
  const chat = (minted?: Minted) =>
    sseTurn(`${parley.url}/v1/chat`, {
      siteKey: BENCH_SITE,
      ...(minted ?? {}),
      message: { id: `m${nonce++}`, text: question() },
    });
  const conversations: Minted[] = [];
  const visitors = Array.from({ length: width }, (_, k) => new ParleyVisitor(parley.url, `profile-${k}`));
  const failures = new Map<string, number>();
  const count = (t: Turn) => {
    if (!t.ok) failures.set(t.cause, (failures.get(t.cause) ?? 0) + 1);
  };
  const runs: Record<string, (k: number) => Promise<void>> = {
    new: async () => {
      const t = await chat();
      count(t);
      if (t.ok && t.minted) conversations.push(t.minted);
    },
    later: async (k) => count(await chat(conversations[k % conversations.length])),
    ws: async (k) => count(await (visitors[k % width] as ParleyVisitor).turn(question(), false)),
  };
  try {
    // Warm-up: the isolate's first turns (module scope, caches, JIT), and the conversations later turns continue.
    for (let i = 0; i < Math.max(30, width); i++) await runs.new?.(i);
    for (let i = 0; i < 30; i++) await runs.later?.(i);
    for (const v of visitors) count(await v.turn(question(), true));
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
      id: string;
      webSocketDebuggerUrl?: string;
    }[];
    // One isolate at a time: profilers on several isolates of one thread each count the others' work as theirs.
    const isolate = arg('--isolate') ?? 'core:user:parley';
    const target = targets.find((t) => t.id === isolate);
    if (!target?.webSocketDebuggerUrl) throw new Error(`no inspector target ${isolate}: ${targets.map((t) => t.id).join(', ')}`);
    const client = await cdp(target.webSocketDebuggerUrl);
    await client.send('Profiler.enable');
    await client.send('Profiler.setSamplingInterval', { interval: Number(arg('--interval') ?? 100) });
    for (const kind of kinds) {
      const run = runs[kind];
      if (!run) throw new Error(`unknown kind ${kind}; kinds: ${Object.keys(runs).join(', ')}`);
      await client.send('Profiler.start');
      for (let base = 0; base < turns; base += width)
        await Promise.all(Array.from({ length: Math.min(width, turns - base) }, (_, j) => run(base + j)));
      const { profile } = (await client.send('Profiler.stop')) as { profile: Profile };
      const title = { new: 'POST /v1/chat, new conversation', later: 'POST /v1/chat, later turn', ws: 'WebSocket, later turn' }[kind];
      report(`${title ?? kind} (${isolate})`, profile, turns, top);
    }
    client.close();
    if (failures.size) console.log(`\nFAILED turns (figures invalid): ${JSON.stringify(Object.fromEntries(failures))}`);
  } finally {
    for (const v of visitors) v.close();
    await Promise.all([parley.close(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await profileVisitor();
  process.exit(0);
}
