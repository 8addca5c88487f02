/**
 * A static preview of the widget as the draft would show it. Not the live widget in an iframe (the
 * console's CSP allows no frames): the widget's own shell (`createShell`), stylesheets and strings, with
 * the draft's colour, position, locale and welcome text applied exactly as the loader applies them.
 * The preview is inert: it is a picture, so it takes no focus and stays out of the accessibility tree.
 */
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { RTL, STRINGS } from '../../../i18n/all';
import { createShell, type Shell } from '../../../launcher';
import { PANEL_CSS } from '../../../ui/styles';

interface PreviewProps {
  color: string;
  position: 'left' | 'right';
  locale: string;
  welcome: string;
  name: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

function Panel(p: PreviewProps) {
  const strings = STRINGS[p.locale] ?? STRINGS.en;
  if (!strings) return null;
  return (
    <div class="panel" lang={p.locale} dir={RTL.has(p.locale) ? 'rtl' : 'ltr'}>
      <div class="head">
        <h2>{strings.title}</h2>
        <button type="button" tabIndex={-1}>
          ×
        </button>
      </div>
      <div class="log">
        <div class="msg assistant">{p.welcome || strings.welcome}</div>
      </div>
      <form>
        <textarea rows={1} placeholder={strings.placeholder} tabIndex={-1} />
        <button type="submit" class="send" disabled>
          {strings.send}
        </button>
      </form>
    </div>
  );
}

/** Mount a shell into a stage; the stage's transform makes it the containing block of the fixed host. */
function useShell(withButton: boolean, panel: boolean) {
  const stage = useRef<HTMLDivElement>(null);
  const shell = useRef<Shell | null>(null);
  useEffect(() => {
    const s = createShell(withButton);
    if (panel) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(PANEL_CSS);
      s.root.adoptedStyleSheets = [...s.root.adoptedStyleSheets, sheet];
    }
    s.host.inert = true;
    stage.current?.append(s.host);
    shell.current = s;
    return () => s.host.remove();
  }, []);
  return { stage, shell };
}

export function WidgetPreview(p: PreviewProps) {
  const launcher = useShell(true, false);
  const open = useShell(false, true);
  const color = HEX.test(p.color) ? p.color : '#2563eb';
  useEffect(() => {
    for (const s of [launcher.shell.current, open.shell.current]) {
      if (!s) continue;
      s.setColor(color);
      s.host.dataset.position = p.position;
    }
    if (open.shell.current) render(<Panel {...p} />, open.shell.current.root);
  }, [color, p.position, p.locale, p.welcome]);
  return (
    <figure class="preview" aria-labelledby="preview-cap">
      <figcaption id="preview-cap">
        Preview: the widget's own stylesheet and strings with this draft's theme ({color}, {p.position}), locale ({p.locale}) and welcome
        text. Publish, then open the test page to try it for real.
      </figcaption>
      <div class="preview-stages">
        <div class="preview-stage panel-stage" ref={open.stage} data-testid="preview-panel" />
        <div class="preview-stage launcher-stage" ref={launcher.stage} data-testid="preview-launcher" />
      </div>
    </figure>
  );
}
