/**
 * The script-tag entry. Reads its options from its own `<script data-*>` tag, mounts the widget in
 * a shadow root on a host element appended to `<body>`, and defines nothing global but `window.Parley`.
 */
import { render } from 'preact';
import { pickLocale, STRINGS } from './i18n';
import { App } from './ui/app';
import { CSS } from './ui/styles';

function mount(script: HTMLScriptElement): void {
  const siteKey = script.dataset.siteKey;
  if (!siteKey) return;
  const endpoint = new URL(script.src, location.href).origin;
  const locale = pickLocale(script.dataset.locale);
  const strings = STRINGS[locale] ?? STRINGS.en;
  if (!strings) return;
  const host = document.createElement('parley-chat');
  host.dataset.position = script.dataset.position === 'left' ? 'left' : 'right';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  if (script.dataset.color && /^#[0-9a-f]{6}$/i.test(script.dataset.color)) host.style.setProperty('--pc', script.dataset.color);
  document.body.appendChild(host);
  render(<App opts={{ endpoint, siteKey, strings }} />, root);
}

const current = document.currentScript as HTMLScriptElement | null;
const w = window as unknown as { Parley?: { loaded?: boolean } };
if (current && !w.Parley?.loaded) {
  w.Parley = Object.assign(w.Parley ?? {}, { loaded: true });
  if (document.body) mount(current);
  else document.addEventListener('DOMContentLoaded', () => mount(current), { once: true });
}
