/**
 * Before/after for the visitor's turn: a baseline checkout's built Worker and this one, each in its own workerd,
 * beside the stateful floor, taking the same visitor turns in alternating blocks so that other load on a shared
 * machine hits each alike. Prints, per repetition, the workerd CPU per turn of each (and the difference from the
 * floor's), for a new conversation and a later turn over `POST /v1/chat` and a later WebSocket turn.
 *
 *   git archive <base> | tar -x -C /tmp/base && (cd /tmp/base && ln -s $PWD/node_modules && npm run build)
 *   tsx test/bench/visitor-ab.ts --baseline /tmp/base [--reps 3] [--turns 40]
 */
import { fileURLToPath } from 'node:url';
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import type { Served } from '../fixtures/serve';
import { BENCH_SITE, serveBench } from './bench-site';
import { BENCH_UPSTREAM_LIMITS, cpu, percentile, printTable, workerdPids } from './measure';
import { FloorVisitor, type Minted, ParleyVisitor, sseTurn, type Turn } from './visitor-clients';
import { startFloor } from './visitor-floor';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

let nonce = 0;
const question = () => `Could you look into my parcel, reference ${(nonce++).toString(36)}x${Date.now().toString(36)}?`;

/** One server's way of taking each kind of turn. */
interface Variant {
  name: string;
  pid: number;
  kinds: Record<string, () => Promise<Turn>>;
}

function parleyVariant(name: string, served: Served, pid: number): Variant {
  const conversations: Minted[] = [];
  const sockets: ParleyVisitor[] = [];
  let k = 0;
  const chat = (minted?: Minted) =>
    sseTurn(`${served.url}/v1/chat`, { siteKey: BENCH_SITE, ...(minted ?? {}), message: { id: `m${nonce++}`, text: question() } });
  return {
    name,
    pid,
    kinds: {
      'POST new': async () => {
        const t = await chat();
        if (t.ok && t.minted) conversations.push(t.minted);
        return t;
      },
      'POST later': () => chat(conversations[k++ % conversations.length]),
      'WS later': async () => {
        if (sockets.length < 10) {
          const v = new ParleyVisitor(served.url, `ab-${nonce++}`);
          sockets.push(v);
          await v.turn(question(), true);
        }
        return (sockets[k++ % sockets.length] as ParleyVisitor).turn(question(), false);
      },
    },
  };
}

function floorVariant(url: string, pid: number): Variant {
  const ids: string[] = [];
  const sockets: FloorVisitor[] = [];
  let k = 0;
  const chat = (id: string) => sseTurn(`${url}/sse?c=${id}`, { message: { id: `m${nonce++}`, text: question() } });
  return {
    name: 'floor',
    pid,
    kinds: {
      'POST new': () => {
        const id = `c${nonce++}`;
        ids.push(id);
        return chat(id);
      },
      'POST later': () => chat(ids[k++ % ids.length] as string),
      'WS later': async () => {
        if (sockets.length < 10) {
          const v = new FloorVisitor(url, `w${nonce++}`);
          sockets.push(v);
          await v.turn(question(), true);
        }
        return (sockets[k++ % sockets.length] as FloorVisitor).turn(question(), false);
      },
    },
  };
}

/** Run interleaved blocks of each kind on every variant and print CPU per turn. */
export async function visitorAb(): Promise<void> {
  const baseline = arg('--baseline');
  if (!baseline) throw new Error('--baseline DIR (a built checkout) is required');
  const reps = Number(arg('--reps') ?? 3);
  const turns = Number(arg('--turns') ?? 40);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const behaviour = { calls: [{ reply: 'Thanks for asking, your parcel left our warehouse this morning.', firstTokenMs: 20 }] };
  const bindings = { FAQ_PACE_MS: '0', OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', VISITOR_MSGS_PER_MIN: '1000' };
  const floor = await startFloor(await setScenario(mock.url, 'ab-floor', behaviour));
  const floorPid = workerdPids().at(-1) as number;
  const served: Served[] = [];
  const variants: Variant[] = [floorVariant(floor.url, floorPid)];
  for (const [name, root] of [
    ['before', baseline],
    ['after', undefined],
  ] as const) {
    const s = await serveBench({
      port: 0,
      persist: false,
      ...(root ? { root } : {}),
      bindings: { ...bindings, OPENAI_BASE_URL: await setScenario(mock.url, `ab-${name}`, behaviour) },
    });
    served.push(s);
    variants.push(parleyVariant(name, s, workerdPids().at(-1) as number));
  }
  const kinds = Object.keys(variants[0]?.kinds ?? {});
  const failures = new Map<string, number>();
  try {
    for (const v of variants) for (const kind of kinds) for (let i = 0; i < 10; i++) await v.kinds[kind]?.();
    const rows: string[][] = [];
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of kinds) {
        const cpuMs = new Map<string, number>();
        const firsts = new Map<string, number[]>();
        // Who goes first rotates, so no variant always runs on a freshly idle machine.
        const order = variants.map((_, i) => variants[(i + rep) % variants.length] as Variant);
        for (const v of order) {
          const before = cpu(v.pid).total;
          const times: number[] = [];
          for (let i = 0; i < turns; i++) {
            const t = await (v.kinds[kind] as () => Promise<Turn>)();
            if (t.ok) times.push(t.first);
            else failures.set(`${v.name} ${kind}: ${t.cause}`, (failures.get(`${v.name} ${kind}: ${t.cause}`) ?? 0) + 1);
          }
          cpuMs.set(v.name, (cpu(v.pid).total - before) / turns);
          firsts.set(v.name, times);
        }
        const f = cpuMs.get('floor') ?? 0;
        const f50 = percentile(firsts.get('floor') ?? [], 50);
        const cell = (name: string) => {
          const c = cpuMs.get(name) ?? 0;
          const p50 = percentile(firsts.get(name) ?? [], 50);
          return [`${c.toFixed(2)} (+${(c - f).toFixed(2)})`, `${p50.toFixed(1)} (+${(p50 - f50).toFixed(1)})`];
        };
        rows.push([String(rep + 1), kind, f.toFixed(2), ...cell('before'), ...cell('after'), f50.toFixed(1)]);
      }
    }
    printTable(['rep', 'turn', 'floor CPU', 'before CPU (+floor)', 'before p50', 'after CPU (+floor)', 'after p50', 'floor p50'], rows);
    console.log(`${turns} turns per cell, one at a time; CPU ms per turn (workerd process, 10 ms ticks), first delta ms.`);
    if (failures.size) console.log(`FAILED turns (figures invalid): ${JSON.stringify(Object.fromEntries(failures))}`);
  } finally {
    await Promise.all([...served.map((s) => s.close()), floor.mf.dispose(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await visitorAb();
  process.exit(0);
}
