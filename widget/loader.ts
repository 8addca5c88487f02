/**
 * The script-tag entry, and all that loads before the visitor shows intent: the launcher, `window.Parley`
 * with its queue, and the site's look. The chat UI (Preact, state, transport, markdown, panel strings) is a
 * separate chunk from the same origin, fetched when the visitor hovers or focuses the launcher and started
 * when the panel opens or an API call needs it. Defines nothing global but `window.Parley`.
 *
 * data-site-key (required) · data-position="left|right" · data-color="#rrggbb" · data-locale="en|zh|ar"
 * data-open="true" (open on load) · data-launcher="hidden" (open only through `Parley('open')`)
 * data-transport="sse" (skip the WebSocket)
 */
import { type Api, events, installApi } from './api';
import { LAUNCHER_STRINGS, type Locale, pickLocale } from './i18n/launcher';
import { createShell } from './launcher';
import type { UiHandle } from './ui/mount';
import { type SiteView, viewStore } from './view';

/** What arrived of the site's widget config (nothing until it is fetched). */

const HEX = /^#[0-9a-f]{6}$/i;

/** The config seen on an earlier visit, so a returning visitor's launcher has the site's colour before any fetch. */
function remembered(key: string): SiteView {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '{}') as SiteView;
  } catch {
    return {};
  }
}

/** Whether the stored conversation is with a person (the chat store's key and shape, read without loading it). */
function handedOff(siteKey: string): boolean {
  try {
    return /"handoff":true/.test(localStorage.getItem(`parley:${siteKey}`) ?? '');
  } catch {
    return false;
  }
}

function mount(script: HTMLScriptElement, win: { Parley?: Api }): void {
  const data = script.dataset;
  const siteKey = data.siteKey;
  if (!siteKey) return;
  const endpoint = new URL(script.src, location.href).origin;
  const hub = events();
  const view = viewStore({ open: false, locale: pickLocale(data.locale), unread: 0, said: '' });
  const configKey = `parley-config:${siteKey}`;
  let site = remembered(configKey);
  const shell = createShell(data.launcher !== 'hidden');
  const { host, button, badge } = shell;

  const applySite = () => {
    const color = [data.color, site.theme?.color].find((candidate) => candidate && HEX.test(candidate)) ?? '#2563eb';
    host.dataset.position = (data.position ?? site.theme?.position) === 'left' ? 'left' : 'right';
    shell.setColor(color);
    if (!data.locale && site.locale) view.set({ locale: pickLocale(document.documentElement.lang, site.locale) });
  };
  applySite();

  const fetchSite = () =>
    fetch(`${endpoint}/v1/widget-config?siteKey=${encodeURIComponent(siteKey)}`)
      .then((res): Promise<SiteView> | SiteView => (res.ok ? res.json() : {}))
      .then((config) => {
        site = config;
        try {
          localStorage.setItem(configKey, JSON.stringify(config));
        } catch {
          /* storage blocked: the next visit fetches again */
        }
        applySite();
        view.set({});
      })
      .catch(() => undefined);

  let visitorToken: string | undefined;
  let chunk: Promise<typeof import('./ui/mount')> | undefined;
  let ui: Promise<UiHandle> | undefined;
  let mounted = false;
  /** Fetch the UI chunk (on hover or focus: the visitor may be about to open). */
  const loadChunk = () => {
    chunk ??= import('./ui/mount').catch((error: unknown) => {
      chunk = ui = undefined; // a later intent tries again
      throw error;
    });
    return chunk;
  };
  /** Start the chat UI once: fetch the site config and the chunk in parallel, then mount the panel. */
  const startUi = () => {
    if (!ui) {
      fetchSite();
      ui = loadChunk().then((module) => {
        const handle = module.mountUi({
          ...shell,
          endpoint,
          siteKey,
          view,
          emit: hub.emit,
          useWs: data.transport !== 'sse',
          visitorToken,
          site: () => site,
        });
        mounted = true;
        render();
        return handle;
      });
    }
    return ui;
  };
  const withUi = (action: (handle: UiHandle) => void) => startUi().then(action, () => undefined);
  /** Logout on the host page: the conversation (id, token, messages) and the visitor token are forgotten. */
  const reset = () => {
    visitorToken = undefined;
    if (ui) withUi((handle) => handle.reset());
    else
      try {
        localStorage.removeItem(`parley:${siteKey}`);
      } catch {
        /* storage blocked: nothing was kept */
      }
  };

  // The launcher and the public events follow the view, however it changes (API, launcher, close button, Escape).
  let wasOpen = false;
  const render = () => {
    const { open, unread, locale } = view.get();
    if (button) {
      const words = LAUNCHER_STRINGS[locale as Locale] ?? LAUNCHER_STRINGS.en;
      button.setAttribute('aria-label', unread ? `${words.open} (${unread} ${words.unread})` : words.open);
      // Hidden only once the panel is there to take its place, so a slow chunk never leaves nothing on screen.
      button.hidden = open && mounted;
      badge.hidden = !unread;
      badge.textContent = String(unread);
    }
    if (open === wasOpen) return;
    wasOpen = open;
    hub.emit(open ? 'open' : 'close');
    if (open) startUi();
    if (open && unread) {
      view.set({ unread: 0 });
      hub.emit('unread', { count: 0 });
    }
  };
  view.subscribe(render);
  render();

  if (button) {
    button.addEventListener('pointerenter', loadChunk, { once: true });
    button.addEventListener('focus', loadChunk, { once: true });
    button.addEventListener('click', () => view.set({ open: true }));
  }
  win.Parley = installApi(
    {
      open: () => view.set({ open: true }),
      close: () => view.set({ open: false }),
      toggle: () => view.set({ open: !view.get().open }),
      send: (text) => withUi((handle) => handle.send(text)),
      identify(token) {
        visitorToken = token;
        if (ui) withUi((handle) => handle.identify(token));
      },
      setLocale: (locale) => view.set({ locale: pickLocale(locale) }),
      reset,
      shutdown() {
        reset();
        view.set({ open: false });
      },
    },
    hub,
    win.Parley?.q,
  );
  if (data.open === 'true') view.set({ open: true });
  // A person may be answering this visitor (handoff on an earlier page): connect now, so their reply raises the badge.
  else if (handedOff(siteKey)) startUi();

  // A fixed-position host appended to <html>: no layout shift, and a transformed <body> cannot trap it.
  document.documentElement.appendChild(host);
}

const current = document.currentScript as HTMLScriptElement | null;
const pageWindow = window as unknown as { Parley?: Api };
if (current && !pageWindow.Parley?.loaded) {
  if (document.body) mount(current, pageWindow);
  else document.addEventListener('DOMContentLoaded', () => mount(current, pageWindow), { once: true });
}
