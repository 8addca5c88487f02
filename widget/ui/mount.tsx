/**
 * The chat UI chunk's entry, imported by the loader on intent: adds the panel's stylesheet to the shadow
 * root the loader built, starts the chat controller (which connects) and renders the panel beside the
 * launcher, which stays the loader's.
 */
import { render } from 'preact';
import type { EventName } from '../api';
import { loadStrings } from '../i18n';
import { startChat } from '../state/chat';
import type { SiteView, ViewStore } from '../view';
import { App } from './app';
import { PANEL_CSS } from './styles';

export interface UiContext {
  root: ShadowRoot;
  /** The loader's launcher (focus returns to it when the panel closes); null when hidden. */
  button: HTMLButtonElement | null;
  endpoint: string;
  siteKey: string;
  view: ViewStore;
  emit: (event: EventName, data?: unknown) => void;
  /** `false` skips the WebSocket and uses SSE only. */
  useWs: boolean;
  visitorToken: string | undefined;
  /** The site's widget config as far as it has arrived. */
  site: () => SiteView;
}

/** What the loader drives once the UI is up. */
export interface UiHandle {
  send(text: string): void;
  identify(token: string): void;
  reset(): void;
}

/** Mount the chat panel; called once per page. */
export function mountUi(context: UiContext): UiHandle {
  const { root, view, emit } = context;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PANEL_CSS);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const chat = startChat({
    endpoint: context.endpoint,
    siteKey: context.siteKey,
    locale: view.get().locale,
    ws: context.useWs,
    visitorToken: context.visitorToken,
    emit,
    onReply(reply) {
      const { open, unread } = view.get();
      view.set({ said: reply.text, unread: open ? 0 : unread + 1 });
      if (!open) emit('unread', { count: unread + 1 });
    },
  });
  // Preact owns this container only; the launcher beside it keeps its box and its element.
  const container = document.createElement('div');
  root.append(container);
  // First shown in its own language: the locale's strings (a chunk of their own) arrive before the panel does.
  loadStrings(view.get().locale).then(() =>
    render(
      <App
        chat={chat}
        view={view}
        welcome={() => context.site().welcome ?? {}}
        maxChars={() => context.site().maxMessageChars}
        launcher={context.button}
      />,
      container,
    ),
  );
  return { send: (text) => chat.send(text), identify: (token) => chat.identify(token), reset: () => chat.reset() };
}
