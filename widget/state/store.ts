/**
 * The conversation persisted in the host page's localStorage (one key per site) and shared with the
 * page's other tabs through `storage` events. Falls back to memory where storage is unavailable.
 */
import { type Conv, mergeConv, newId } from './conversation';

export interface Store {
  get(): Conv;
  /** Forget the stored conversation (id, token, messages) and start a fresh one (a logout on a shared computer). */
  clear(sub?: string): void;
  /** Apply a change on top of the freshest copy (this tab's and every other tab's writes). */
  update(change: (conv: Conv) => Conv): void;
  subscribe(listener: (conv: Conv) => void): void;
}

function read(key: string): Conv | null {
  try {
    const raw = localStorage.getItem(key);
    const conv = raw ? (JSON.parse(raw) as Conv) : null;
    // A conversation without its token (stored by an older widget) cannot be resumed: start clean.
    return conv && typeof conv.cid === 'string' && (conv.tok || !conv.cid) && Array.isArray(conv.msgs) ? conv : null;
  } catch {
    return null;
  }
}

const signature = (conv: Conv): string =>
  conv.seq + conv.msgs.map((msg) => `${msg.id}${msg.status}${msg.text.length}.${msg.v}${msg.rating}`).join();

const fresh = (sub = ''): Conv => ({ cid: '', sub, vid: newId('v_'), msgs: [], seq: 0, handoff: false });

/** Open the store for a site; a fresh conversation when none is stored. */
export function openStore(siteKey: string): Store {
  const key = `parley:${siteKey}`;
  const listeners: ((conv: Conv) => void)[] = [];
  let conv: Conv = read(key) ?? fresh();
  const save = () => {
    try {
      localStorage.setItem(key, JSON.stringify(conv));
    } catch {
      /* storage full or blocked: keep going in memory */
    }
  };
  const notify = () => {
    for (const listener of listeners) listener(conv);
  };
  addEventListener('storage', (event) => {
    if (event.key !== key) return;
    const other = read(key);
    // Another tab forgot the conversation (reset, logout): so does this one.
    if (!other && event.newValue === null) conv = fresh();
    if (!other) return notify();
    conv = mergeConv(conv, other);
    // Tabs' writes reach each other asynchronously, so another tab may have overwritten what only we hold
    // (a message we sent): write the union back. Compared by a signature, so the tabs converge, never ping-pong.
    if (signature(conv) !== signature(other)) save();
    notify();
  });
  return {
    get: () => conv,
    clear(sub) {
      conv = fresh(sub);
      try {
        localStorage.removeItem(key);
      } catch {
        /* storage blocked: nothing was kept */
      }
      notify();
    },
    update(change) {
      const stored = read(key);
      conv = change(stored ? mergeConv(conv, stored) : conv);
      save();
      notify();
    },
    subscribe: (listener) => {
      listeners.push(listener);
    },
  };
}
