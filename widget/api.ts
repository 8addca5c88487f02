/**
 * `window.Parley`: the page's one handle on the widget. Before the script loads, pages queue calls with
 * `window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)}`; the loader
 * replays that queue, then replaces the stub with this function.
 */
import type { EventName } from './state/chat';

export type Command = 'open' | 'close' | 'toggle' | 'send' | 'identify' | 'setLocale' | 'on' | 'off';
type Listener = (data?: unknown) => void;

export interface ApiTarget {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  identify(token: string): void;
  setLocale(locale: string): void;
}

export interface Api {
  (cmd: Command, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

/** Event hub for `Parley('on', name, fn)`; a throwing listener never breaks the widget. */
export function events() {
  const map = new Map<string, Set<Listener>>();
  return {
    on: (name: string, fn: Listener) => map.set(name, (map.get(name) ?? new Set()).add(fn)),
    off: (name: string, fn: Listener) => map.get(name)?.delete(fn),
    emit(name: EventName, data?: unknown) {
      for (const fn of map.get(name) ?? []) {
        try {
          fn(data);
        } catch (e) {
          console.error(e);
        }
      }
    },
  };
}

/** Build the public function over a target and replay the calls queued before load. */
export function installApi(target: ApiTarget, hub: ReturnType<typeof events>, queued: ArrayLike<unknown>[] = []): Api {
  const api: Api = (cmd, ...args) => {
    const [a, b] = args;
    if (cmd === 'on' || cmd === 'off') {
      if (typeof a === 'string' && typeof b === 'function') hub[cmd](a, b as Listener);
    } else if (cmd === 'send' || cmd === 'identify' || cmd === 'setLocale') {
      if (typeof a === 'string' && a.trim()) target[cmd](a);
    } else if (cmd === 'open' || cmd === 'close' || cmd === 'toggle') target[cmd]();
  };
  api.loaded = true;
  // Listeners first, so a queued `on('ready')` hears the ready that queued commands may trigger.
  const calls = [...queued].map((c) => [...(c as unknown[])] as [Command, ...unknown[]]);
  for (const c of calls) if (c[0] === 'on' || c[0] === 'off') api(...c);
  for (const c of calls) if (c[0] !== 'on' && c[0] !== 'off') api(...c);
  return api;
}
