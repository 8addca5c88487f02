import type { WidgetConfig } from '../shared/config';

/** The site's widget settings as the page knows them (config fetched, or remembered from an earlier visit). */
export type SiteView = Partial<WidgetConfig>;

/** What the page (through `Parley(...)`), the launcher and the chat panel all change: open state, locale, unread count. */
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
  subscribe(listener: () => void): () => void;
}

/** A tiny observable holder. */
export function viewStore(initial: View): ViewStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(change) {
      state = { ...state, ...change };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
