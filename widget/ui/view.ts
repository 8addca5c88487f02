/** What the page (through `Parley(...)`) and the widget both change: open state, locale, unread count. */
export interface View {
  open: boolean;
  locale: string;
  unread: number;
  /** Text of the last finished reply, for the screen-reader live region. */
  said: string;
}

export interface ViewStore {
  get(): View;
  set(change: Partial<View>): void;
  subscribe(fn: () => void): () => void;
}

/** A tiny observable holder. */
export function viewStore(init: View): ViewStore {
  let v = init;
  const subs = new Set<() => void>();
  return {
    get: () => v,
    set(change) {
      v = { ...v, ...change };
      for (const fn of subs) fn();
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}
