/**
 * System-prompt leak detection on a stream: a suffix automaton of the system prompt gives, after each output
 * character, the length of the longest output suffix that occurs verbatim in the prompt, in O(1) amortised.
 */
export interface LeakTracker {
  /** Feed output text; returns the current verbatim run length after it. */
  push(text: string): number;
  /** Current run length. */
  readonly run: number;
}

/** Build a tracker over `prompt`. */
export function leakTracker(prompt: string): LeakTracker {
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
  let state = 0;
  let run = 0;
  return {
    push(text) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        while (state !== 0 && !next[state]?.has(c)) {
          state = link[state] ?? 0;
          run = len[state] ?? 0;
        }
        const to = next[state]?.get(c);
        if (to !== undefined) {
          state = to;
          run++;
        } else run = 0;
      }
      return run;
    },
    get run() {
      return run;
    },
  };
}
