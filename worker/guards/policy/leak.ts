/**
 * System-prompt leak detection on a stream: a suffix automaton of the system prompt gives, after each output
 * character, the length of the longest output suffix that occurs verbatim in the prompt, in O(1) amortised.
 *
 * The prompt of a turn is a short per-turn head (the canary line) followed by a body that is the same for
 * every turn of a site version. Building the automaton cost more than the rest of the input guard, so the
 * body's automaton is built once and shared (it is never mutated after construction), and runs that start
 * inside the head are followed directly; the result is the same run length as an automaton of the whole.
 */
export interface LeakTracker {
  /** Feed output text; returns the current verbatim run length after it. */
  push(text: string): number;
  /** Current run length. */
  readonly run: number;
}

interface Automaton {
  next: Map<number, number>[];
  link: number[];
  len: number[];
}

function buildAutomaton(prompt: string): Automaton {
  const next: Map<number, number>[] = [new Map()];
  const link: number[] = [-1];
  const len: number[] = [0];
  let last = 0;
  for (let i = 0; i < prompt.length; i++) {
    const c = prompt.charCodeAt(i);
    const cur = next.length;
    next.push(new Map());
    len.push((len[last] ?? 0) + 1);
    link.push(0);
    let p = last;
    while (p !== -1 && !next[p]?.has(c)) {
      next[p]?.set(c, cur);
      p = link[p] ?? -1;
    }
    if (p !== -1) {
      const q = next[p]?.get(c) ?? 0;
      if ((len[p] ?? 0) + 1 === len[q]) link[cur] = q;
      else {
        const clone = next.length;
        next.push(new Map(next[q]));
        len.push((len[p] ?? 0) + 1);
        link.push(link[q] ?? 0);
        while (p !== -1 && next[p]?.get(c) === q) {
          next[p]?.set(c, clone);
          p = link[p] ?? -1;
        }
        link[q] = clone;
        link[cur] = clone;
      }
    }
    last = cur;
  }
  return { next, link, len };
}

/** Automata of recent prompt bodies (a few per site version: one per intent prompt). */
const built = new Map<string, Automaton>();
const MAX_BUILT = 64;

function automatonOf(body: string): Automaton {
  let a = built.get(body);
  if (a) {
    built.delete(body);
    built.set(body, a);
    return a;
  }
  a = buildAutomaton(body);
  if (built.size >= MAX_BUILT) built.delete(built.keys().next().value as string);
  built.set(body, a);
  return a;
}

/**
 * Build a tracker over `prompt`. `headLength` marks a per-turn prefix (the canary line): the rest's
 * automaton is cached across turns. The run reported is the same for any `headLength`.
 */
export function leakTracker(prompt: string, headLength = 0): LeakTracker {
  const head = Math.max(0, Math.min(headLength, prompt.length));
  const { next, link, len } = automatonOf(prompt.slice(head));
  let state = 0;
  let bodyRun = 0;
  // Matches that start inside the head: [start offset in the prompt, length matched so far].
  let open: [number, number][] = [];
  let run = 0;
  return {
    push(text) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        while (state !== 0 && !next[state]?.has(c)) {
          state = link[state] ?? 0;
          bodyRun = len[state] ?? 0;
        }
        const to = next[state]?.get(c);
        if (to !== undefined) {
          state = to;
          bodyRun++;
        } else bodyRun = 0;
        run = bodyRun;
        if (head > 0) {
          const still: [number, number][] = [];
          for (const m of open) {
            if (prompt.charCodeAt(m[0] + m[1]) === c) {
              m[1]++;
              still.push(m);
              if (m[1] > run) run = m[1];
            }
          }
          for (let s = 0; s < head; s++) {
            if (prompt.charCodeAt(s) === c) {
              still.push([s, 1]);
              if (run < 1) run = 1;
            }
          }
          open = still;
        }
      }
      return run;
    },
    get run() {
      return run;
    },
  };
}
