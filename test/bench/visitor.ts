/**
 * The visitor's path against a stateful floor: time to first delta of `POST /v1/chat` and of a WebSocket turn,
 * for a new conversation and for a later turn of an existing one, at 1 and at 100 concurrent visitors, with the
 * workerd CPU per turn beside each, Parley's and the floor's (`visitor-floor.ts`: one Durable Object hop, one
 * SQLite write, the upstream call). Parley and floor turns alternate (one by one, or round by round at 100), so
 * both see the same load from the rest of the machine; CPU figures are the ones that load disturbs least.
 * A row whose turns erred is marked invalid, and the causes are printed.
 *
 *   tsx test/bench/visitor.ts   (`npm run bench:visitor`; BENCH_VISITOR_N turns per cell at 1, BENCH_VISITOR_ROUNDS at 100)
 */
import { fileURLToPath } from 'node:url';
import { receivedRequests, setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { BENCH_SITE, serveBench } from './bench-site';
import { BENCH_UPSTREAM_LIMITS, cpu, percentile, signed, TICK_MS, workerdPids } from './measure';
import { reportNote, reportTable } from './report';
import { FloorVisitor, type Minted, ParleyVisitor, sseTurn, type Turn } from './visitor-clients';
import { startFloor } from './visitor-floor';

const N = Number(process.env.BENCH_VISITOR_N ?? 60);
const ROUNDS = Number(process.env.BENCH_VISITOR_ROUNDS ?? 2);
const FIRST_TOKEN_MS = 20;
const REPLY = 'Thanks for asking, your parcel left our warehouse this morning.';

interface Tally {
  first: number[];
  causes: Map<string, number>;
  cpuMs: number;
}

const tally = (): Tally => ({ first: [], causes: new Map(), cpuMs: 0 });
const add = (t: Tally, turn: Turn) => {
  if (turn.ok) t.first.push(turn.first);
  else t.causes.set(turn.cause, (t.causes.get(turn.cause) ?? 0) + 1);
};
const erred = (t: Tally) => [...t.causes.values()].reduce((a, b) => a + b, 0);

/** One side (Parley or floor) of one transport: how a visitor starts and continues a conversation. */
interface Side {
  pid: number;
  /** Visitor `k`'s first turn (a new conversation). */
  start(k: number): Promise<Turn>;
  /** Visitor `k`'s next turn, on the conversation `start` opened. */
  next(k: number): Promise<Turn>;
  closeAll(): void;
}

let nonce = 0;
/** A question no intent answers and the reply cache has never seen, so every turn reaches the upstream. */
const question = () => `Could you look into my parcel, reference ${(nonce++).toString(36)}x${Date.now().toString(36)}?`;

function sseSide(pid: number, url: (conversation?: string) => string, body: (minted?: Minted) => unknown): Side {
  const conversations = new Map<number, Minted>();
  return {
    pid,
    async start(k) {
      const id = `c${k}-${(nonce++).toString(36)}`;
      const turn = await sseTurn(url(id), body(undefined));
      conversations.set(k, turn.ok && turn.minted ? turn.minted : { conversationId: id, conversationToken: '' });
      return turn;
    },
    next: (k) => {
      const minted = conversations.get(k);
      return sseTurn(url(minted?.conversationId), body(minted));
    },
    closeAll: () => conversations.clear(),
  };
}

function wsSide(pid: number, open: (k: number) => ParleyVisitor | FloorVisitor): Side {
  const visitors = new Map<number, ParleyVisitor | FloorVisitor>();
  return {
    pid,
    start(k) {
      const v = open(k);
      visitors.set(k, v);
      return v.turn(question(), true);
    },
    next: (k) => visitors.get(k)?.turn(question(), false) ?? Promise.resolve({ ok: false, cause: 'no visitor' }),
    closeAll() {
      for (const v of visitors.values()) v.close();
      visitors.clear();
    },
  };
}

/** Run `turn` for each side in turn (Parley, the floors), `count` visitors `width` at a time; CPU per turn per side. */
async function alternate(sides: Side[], count: number, width: number, turn: (s: Side, k: number) => Promise<Turn>) {
  const out = sides.map(() => tally());
  const cpuBefore = sides.map((s) => cpu(s.pid).total);
  for (let base = 0; base < count; base += width) {
    // Who goes first rotates every batch, so no side always runs on a freshly idle machine.
    const shift = base / width;
    for (let j = 0; j < sides.length; j++) {
      const i = (j + shift) % sides.length;
      const side = sides[i] as Side;
      const batch = Array.from({ length: Math.min(width, count - base) }, (_, v) => turn(side, base + v));
      for (const t of await Promise.all(batch)) add(out[i] as Tally, t);
    }
  }
  sides.forEach((s, i) => {
    (out[i] as Tally).cpuMs = (cpu(s.pid).total - (cpuBefore[i] ?? 0)) / count;
  });
  return out;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

/** Run the visitor benchmark and report its table. */
export async function visitorBench(): Promise<void> {
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const behaviour = { calls: [{ reply: REPLY, firstTokenMs: FIRST_TOKEN_MS }] };
  const parleyUpstream = await setScenario(mock.url, 'visitor-parley', behaviour);
  const floorUpstream = await setScenario(mock.url, 'visitor-floor', behaviour);
  const floor = await startFloor(floorUpstream);
  const floorPid = workerdPids().at(-1) as number;
  const stored = await startFloor(floorUpstream, { stored: true });
  const storedPid = workerdPids().at(-1) as number;
  const parley = await serveBench({
    port: 0,
    persist: false,
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: parleyUpstream, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock' },
  });
  const parleyPid = workerdPids().at(-1) as number;
  const floorSse = (url: string, pid: number) =>
    sseSide(
      pid,
      (c) => `${url}/sse?c=${c}`,
      () => ({ message: { id: `m${nonce++}`, text: question() } }),
    );
  const transports: { name: string; sides: () => Side[] }[] = [
    {
      name: 'POST /v1/chat',
      sides: () => [
        sseSide(
          parleyPid,
          () => `${parley.url}/v1/chat`,
          (minted) => ({
            siteKey: BENCH_SITE,
            ...(minted?.conversationToken ? minted : {}),
            message: { id: `m${nonce++}`, text: question() },
          }),
        ),
        floorSse(floor.url, floorPid),
        floorSse(stored.url, storedPid),
      ],
    },
    {
      name: 'WebSocket',
      sides: () => [
        wsSide(parleyPid, (k) => new ParleyVisitor(parley.url, `visitor-${nonce++}-${k}`)),
        wsSide(floorPid, (k) => new FloorVisitor(floor.url, `c${k}-${nonce++}`)),
        wsSide(storedPid, (k) => new FloorVisitor(stored.url, `c${k}-${nonce++}`)),
      ],
    },
  ];
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  let parleyTurns = 0;
  try {
    for (const t of transports) {
      const warm = t.sides();
      await alternate(warm, 20, 1, (s, k) => s.start(k).then(() => s.next(k)));
      for (const s of warm) s.closeAll();
    }
    for (const width of [1, 100]) {
      const count = width === 1 ? N : width * ROUNDS;
      for (const t of transports) {
        const sides = t.sides();
        const fresh = await alternate(sides, count, width, (s, k) => s.start(k));
        const later = await alternate(sides, count, width, (s, k) => s.next(k));
        for (const s of sides) s.closeAll();
        parleyTurns += 2 * count;
        for (const [kind, [p, f, st]] of [
          ['new conversation', fresh],
          ['later turn', later],
        ] as const) {
          if (!p || !f || !st) continue;
          const p50 = percentile(p.first, 50);
          const f50 = percentile(f.first, 50);
          const bad = erred(p) + erred(f) + erred(st);
          const label = `${t.name}, ${kind}, ${width === 1 ? '1 visitor' : `${width} visitors`}`;
          if (bad)
            notes.push(
              `${label}: errors Parley ${JSON.stringify(Object.fromEntries(p.causes))}, floor ${JSON.stringify(Object.fromEntries(f.causes))}, floor + storage ${JSON.stringify(Object.fromEntries(st.causes))}`,
            );
          rows.push([
            label,
            count,
            bad ? `${bad} (invalid)` : 0,
            fmt(p50),
            fmt(f50),
            bad ? 'invalid' : signed(p50 - f50),
            bad ? 'invalid' : `${(p50 / f50).toFixed(2)}×`,
            `${fmt(percentile(p.first, 99))} / ${fmt(percentile(f.first, 99))}`,
            fmt(p.cpuMs),
            fmt(f.cpuMs),
            signed(p.cpuMs - f.cpuMs),
            fmt(st.cpuMs),
            signed(p.cpuMs - st.cpuMs),
          ]);
        }
      }
    }
    reportTable(
      `Visitor's path vs the stateful floor (ms to first delta; mock upstream ${FIRST_TOKEN_MS} ms to first token; Parley and floor interleaved)`,
      [
        'turn',
        'n per side',
        'errors',
        'Parley p50',
        'floor p50',
        'added p50',
        'ratio',
        'p99 Parley / floor',
        'CPU ms/turn Parley',
        'CPU ms/turn floor',
        'CPU added',
        'CPU ms/turn floor + storage',
        'CPU added over it',
      ],
      rows,
      `Targets (median over the floor): later turn ≤ 1.5 ms, new conversation ≤ 3 ms, WebSocket turn ≤ 1.5 ms; CPU ≤ 1.5 ms above the floor. CPU is the workerd process's user + system time (clock tick ${TICK_MS} ms) over the cell, per turn. A WebSocket new conversation is timed from opening the socket (Parley: open, hello, ready, message; floor: open, message). "Floor + storage" is the floor making the storage calls Parley's records need on a cache miss (reply-cache KV get and put, one D1 audit row), whose CPU under Miniflare is its KV and D1 simulators' (JavaScript in the same workerd process; remote services in production): Parley's CPU above it is its own.`,
    );
    for (const n of notes) reportNote(n);
    const reached = (await receivedRequests(mock.url, 'visitor-parley')).length;
    const total = parleyTurns + 80;
    reportNote(
      `Parley turns that reached the upstream: ${reached} of ${total} (warm-up included)${reached < total ? `; INVALID: ${total - reached} were answered without it, so the table does not time the upstream path` : ''}.`,
    );
  } finally {
    await Promise.all([parley.close(), floor.mf.dispose(), stored.mf.dispose(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await visitorBench();
  process.exit(0);
}
