/**
 * The script-tag entry. Reads its options from its own `<script data-*>` tag and the site's config,
 * mounts the widget in a shadow root on a host element, and defines nothing global but `window.Parley`.
 *
 * data-site-key (required) · data-position="left|right" · data-color="#rrggbb" · data-locale="en|zh|ar"
 * data-open="true" (open on load) · data-launcher="hidden" (open only through `Parley('open')`)
 * data-transport="sse" (skip the WebSocket)
 */
import { render } from 'preact';
import type { WidgetConfig } from '../shared/config';
import { type Api, events, installApi } from './api';
import { pickLocale } from './i18n';
import { startChat } from './state/chat';
import { App } from './ui/app';
import { CSS } from './ui/styles';
import { viewStore } from './ui/view';

/** What arrived of the site's widget config (nothing until the fetch answers). */
type SiteView = Partial<WidgetConfig>;

const HEX = /^#[0-9a-f]{6}$/i;

function mount(script: HTMLScriptElement, w: { Parley?: Api }): void {
  const d = script.dataset;
  const siteKey = d.siteKey;
  if (!siteKey) return;
  const endpoint = new URL(script.src, location.href).origin;
  const hub = events();
  const view = viewStore({ open: false, locale: pickLocale(d.locale), unread: 0, said: '' });
  let site: SiteView = {};

  const host = document.createElement('parley-chat');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  const theme = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet, theme];
  const style = () => {
    const color = [d.color, site.theme?.color].find((c) => c && HEX.test(c)) ?? '#2563eb';
    host.dataset.position = (d.position ?? site.theme?.position) === 'left' ? 'left' : 'right';
    theme.replaceSync(`:host{--pc:${color}!important}`);
  };
  style();

  const chat = startChat({
    endpoint,
    siteKey,
    locale: view.get().locale,
    ws: d.transport !== 'sse',
    emit: hub.emit,
    onReply(m) {
      const v = view.get();
      view.set({ said: m.text, unread: v.open ? 0 : v.unread + 1 });
      if (!v.open) hub.emit('unread', { count: v.unread + 1 });
    },
  });
  const setOpen = (open: boolean) => view.set({ open });
  // Events fire however the panel opens or closes (API, launcher, close button, Escape).
  let wasOpen = false;
  view.subscribe(() => {
    const { open, unread } = view.get();
    if (open === wasOpen) return;
    wasOpen = open;
    hub.emit(open ? 'open' : 'close');
    if (open && unread) {
      view.set({ unread: 0 });
      hub.emit('unread', { count: 0 });
    }
  });
  w.Parley = installApi(
    {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!view.get().open),
      send: (text) => chat.send(text),
      identify: (token) => chat.identify(token),
      setLocale: (l) => view.set({ locale: pickLocale(l) }),
    },
    hub,
    w.Parley?.q,
  );
  if (d.open === 'true') setOpen(true);

  // A fixed-position host appended to <html>: no layout shift, and a transformed <body> cannot trap it.
  document.documentElement.appendChild(host);
  render(
    <App
      chat={chat}
      view={view}
      welcome={() => site.welcome ?? {}}
      maxChars={() => site.maxMessageChars}
      launcher={d.launcher !== 'hidden'}
    />,
    root,
  );

  fetch(`${endpoint}/v1/widget-config?siteKey=${encodeURIComponent(siteKey)}`)
    .then((r): Promise<SiteView> | SiteView => (r.ok ? r.json() : {}))
    .then((cfg) => {
      site = cfg;
      style();
      if (!d.locale && cfg.locale) view.set({ locale: pickLocale(document.documentElement.lang, cfg.locale) });
      else view.set({});
    })
    .catch(() => undefined);
}

const current = document.currentScript as HTMLScriptElement | null;
const win = window as unknown as { Parley?: Api };
if (current && !win.Parley?.loaded) {
  if (document.body) mount(current, win);
  else document.addEventListener('DOMContentLoaded', () => mount(current, win), { once: true });
}
