/**
 * `window.Parley`: the page's one handle on the widget. Before the script loads, pages queue calls with
 * `window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)}`; the loader
 * replays that queue, then replaces the stub with this function.
 */
export type Command = 'open' | 'close' | 'toggle' | 'send' | 'identify' | 'setLocale' | 'reset' | 'shutdown' | 'on' | 'off';
export type EventName = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'handoff' | 'error';
type Listener = (data?: unknown) => void;

export interface ApiTarget {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  identify(token: string): void;
  setLocale(locale: string): void;
  /** Forget the conversation and the visitor token (the host page's logout): the next visitor starts clean. */
  reset(): void;
  /** `reset`, and close the panel. */
  shutdown(): void;
}

export interface Api {
  (command: Command, ...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

/** Event hub for `Parley('on', name, listener)`; a throwing listener never breaks the widget. */
export function events() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on: (name: string, listener: Listener) => listeners.set(name, (listeners.get(name) ?? new Set()).add(listener)),
    off: (name: string, listener: Listener) => listeners.get(name)?.delete(listener),
    emit(name: EventName, data?: unknown) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(data);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}

/** Build the public function over a target and replay the calls queued before load. */
export function installApi(target: ApiTarget, hub: ReturnType<typeof events>, queued: ArrayLike<unknown>[] = []): Api {
  const api: Api = (command, ...args) => {
    const [first, second] = args;
    if (command === 'on' || command === 'off') {
      if (typeof first === 'string' && typeof second === 'function') hub[command](first, second as Listener);
    } else if (command === 'send' || command === 'identify' || command === 'setLocale') {
      if (typeof first === 'string' && first.trim()) target[command](first);
    } else if (command === 'open' || command === 'close' || command === 'toggle' || command === 'reset' || command === 'shutdown')
      target[command]();
  };
  api.loaded = true;
  // Listeners first, so a queued `on('ready')` hears the ready that queued commands may trigger.
  const calls = [...queued].map((call) => [...(call as unknown[])] as [Command, ...unknown[]]);
  for (const call of calls) if (call[0] === 'on' || call[0] === 'off') api(...call);
  for (const call of calls) if (call[0] !== 'on' && call[0] !== 'off') api(...call);
  return api;
}
