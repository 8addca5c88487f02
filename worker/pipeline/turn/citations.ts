/**
 * Citation markers in a streamed reply. The model cites a numbered source as `[n]` (or `[1, 2]`); markers that
 * name a source the turn gave are kept, others are dropped, and the cited numbers become `done.sources`. A
 * marker split across chunks (`[` then `2]`) is held back until it closes or cannot be one, as the output
 * guard holds back a value that may still grow.
 */
import type { CitedSource } from '../../../shared/protocol';

/** A marker: `[` digits, optionally more digits after commas, `]`. */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
/** The unreleased tail that may still grow into a marker. */
const OPEN_MARKER = /\[(?:\d{1,3}(?:\s*,\s*\d{0,3})*)?\s*$/;
/** A tail longer than this cannot be a marker and is released. */
const MAX_HOLD = 24;

export interface CitationStream {
  /** Feed released text; returns what may be sent now. */
  push(text: string): string;
  /** The held tail at the end of the reply. */
  end(): string;
  /** Source numbers cited so far, in order of first citation. */
  readonly cited: readonly number[];
}

/** A citation filter for a reply given sources numbered `1..count`. */
export function citationStream(count: number): CitationStream {
  const cited: number[] = [];
  let pending = '';
  const rewrite = (text: string) =>
    text.replace(MARKER, (_, list: string) => {
      const kept = list
        .split(',')
        .map((n) => Number(n.trim()))
        .filter((n) => n >= 1 && n <= count);
      for (const n of kept) if (!cited.includes(n)) cited.push(n);
      return kept.map((n) => `[${n}]`).join('');
    });
  return {
    cited,
    push(text) {
      const all = pending + text;
      const open = OPEN_MARKER.exec(all);
      const cut = open && all.length - open.index <= MAX_HOLD ? open.index : all.length;
      pending = all.slice(cut);
      return rewrite(all.slice(0, cut));
    },
    end() {
      const tail = rewrite(pending);
      pending = '';
      return tail;
    },
  };
}

/** The source numbers a finished text cites (a cached reply's markers were filtered when it was first sent). */
export function citedIn(text: string, count: number): number[] {
  const stream = citationStream(count);
  stream.push(text);
  stream.end();
  return [...stream.cited];
}

/** The cited sources as `done.sources`, in citation order; undefined when nothing was cited. */
export function citedSources(
  cited: readonly number[],
  sources: readonly { n: number; title: string; url?: string }[],
): CitedSource[] | undefined {
  const out: CitedSource[] = [];
  for (const n of cited) {
    const source = sources.find((s) => s.n === n);
    if (source) out.push(source.url ? { n, title: source.title, url: source.url } : { n, title: source.title });
  }
  return out.length > 0 ? out : undefined;
}
