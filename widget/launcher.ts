/**
 * The part of the widget that exists before the visitor wants it: a fixed host element with its shadow
 * root, the theme, and the launcher button, built with plain DOM calls (no Preact in the loader).
 * Styles are constructed stylesheets: they apply under a strict `style-src` CSP, where a `<style>` would not.
 * `:host` rules are `!important`: important rules from inside a shadow tree beat the host page's important
 * rules, so a hostile page stylesheet cannot hide, move or restyle the widget.
 */
export const LAUNCHER_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483647!important;inset:auto 20px 20px auto!important;font:15px/1.45 system-ui,sans-serif!important;color:var(--fg)!important;--bg:#fff!important;--fg:#111827!important;--mu:#4b5563!important;--sf:#f3f4f6!important;--ln:#d1d5db!important}
:host([data-position=left]){inset:auto auto 20px 20px!important}
@media (prefers-color-scheme:dark){:host{--bg:#111827!important;--fg:#f9fafb!important;--mu:#d1d5db!important;--sf:#1f2937!important;--ln:#4b5563!important}}
*{box-sizing:border-box;margin:0}
button{font:inherit;color:inherit;cursor:pointer;background:none;border:0;border-radius:8px;padding:6px}
.launcher{position:relative;width:56px;height:56px;border-radius:50%;background:var(--pc);color:#fff;box-shadow:0 4px 14px #0004;display:grid;place-items:center}
.launcher svg{width:26px;height:26px;fill:currentColor}
[hidden]{display:none!important}
.badge{position:absolute;top:-4px;inset-inline-end:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b91c1c;color:#fff;font-size:12px;font-weight:700;display:grid;place-items:center}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
@media (max-width:480px){:host{inset:auto 12px 12px auto!important}:host([data-position=left]){inset:auto auto 12px 12px!important}}
`;

const SVG = 'http://www.w3.org/2000/svg';
const BUBBLE = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

export interface Shell {
  host: HTMLElement;
  root: ShadowRoot;
  /** Null with `data-launcher="hidden"`. */
  button: HTMLButtonElement | null;
  badge: HTMLSpanElement;
  /** Set the accent colour (a validated `#rrggbb`). */
  setColor(color: string): void;
}

/** Build the host, its shadow root and (unless hidden) the launcher; nothing is attached to the page yet. */
export function createShell(withButton: boolean): Shell {
  const host = document.createElement('parley-chat');
  const root = host.attachShadow({ mode: 'open' });
  const base = new CSSStyleSheet();
  const theme = new CSSStyleSheet();
  base.replaceSync(LAUNCHER_CSS);
  root.adoptedStyleSheets = [base, theme];
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.setAttribute('aria-hidden', 'true');
  badge.hidden = true;
  let button: HTMLButtonElement | null = null;
  if (withButton) {
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    const icon = document.createElementNS(SVG, 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', BUBBLE);
    icon.append(path);
    button.append(icon, badge);
    root.append(button);
  }
  return { host, root, button, badge, setColor: (color) => theme.replaceSync(`:host{--pc:${color}!important}`) };
}
