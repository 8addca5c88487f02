/**
 * The conversation persisted in the host page's localStorage (one key per site) and shared with the
 * page's other tabs through `storage` events. Falls back to memory where storage is unavailable.
 */
import { type Conv, mergeConv, newId } from './conversation';

export interface Store {
  get(): Conv;
  /** Apply a change on top of the freshest copy (this tab's and every other tab's writes). */
  update(fn: (c: Conv) => Conv): void;
  subscribe(fn: (c: Conv) => void): void;
}

function read(key: string): Conv | null {
  try {
    const raw = localStorage.getItem(key);
    const c = raw ? (JSON.parse(raw) as Conv) : null;
    return c && typeof c.cid === 'string' && Array.isArray(c.msgs) ? c : null;
  } catch {
    return null;
  }
}

const sig = (c: Conv): string => c.seq + c.msgs.map((m) => `${m.id}${m.status}${m.text.length}.${m.v}${m.rating}`).join();

/** Open the store for a site; a fresh conversation when none is stored. */
export function openStore(siteKey: string): Store {
  const key = `parley:${siteKey}`;
  const subs: ((c: Conv) => void)[] = [];
  let conv: Conv = read(key) ?? { cid: newId('c_'), vid: newId('v_'), msgs: [], seq: 0, handoff: false };
  const save = () => {
    try {
      localStorage.setItem(key, JSON.stringify(conv));
    } catch {
      /* storage full or blocked: keep going in memory */
    }
  };
  const notify = () => {
    for (const fn of subs) fn(conv);
  };
  addEventListener('storage', (e) => {
    if (e.key !== key) return;
    const other = read(key);
    if (!other) return;
    conv = mergeConv(conv, other);
    // Tabs' writes reach each other asynchronously, so another tab may have overwritten what only we hold
    // (a message we sent): write the union back. Compared by a signature, so the tabs converge, never ping-pong.
    if (sig(conv) !== sig(other)) save();
    notify();
  });
  return {
    get: () => conv,
    update(fn) {
      const stored = read(key);
      conv = fn(stored ? mergeConv(conv, stored) : conv);
      save();
      notify();
    },
    subscribe: (fn) => {
      subs.push(fn);
    },
  };
}
