/**
 * A tiny host-page server on 127.0.0.1 (port 0): pages that embed the widget the way a site owner's
 * would, on a different origin from Parley, with any headers (e.g. a strict CSP) a test wants.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

export interface HostServer {
  url: string;
  set(path: string, page: HostPage): string;
  close(): Promise<void>;
}

/** Start the server; `set` registers a page and returns its full URL. */
export async function startHost(): Promise<HostServer> {
  const pages = new Map<string, HostPage>();
  const server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': page.type ?? 'text/html; charset=utf-8', ...page.headers });
    res.end(page.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set(path, page) {
      pages.set(path, page);
      return url + path;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A plain shop page embedding the widget with the given `data-*` attributes. */
export function shopPage(widgetUrl: string, attrs: Record<string, string> = {}, head = '', lang = 'en'): string {
  const data = Object.entries({ 'site-key': 'demo', ...attrs })
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host shop</title>${head}</head><body>
<header><h1 id="title">A host shop</h1></header>
<main><p id="para">Some host content that must not move when the widget loads.</p>
<button id="host-button">Host button</button></main>
<script src="${widgetUrl}/widget.js"${data} async></script>
</body></html>`;
}
