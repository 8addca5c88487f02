/**
 * The chat panel's CSS, added as a constructed stylesheet to the shadow root when the UI loads: it works
 * under a strict `style-src` CSP (a `<style>` element would be blocked) and never touches the host page.
 * The host, theme variables, base button and launcher rules load earlier, with the loader (`../launcher.ts`).
 */
export const PANEL_CSS = `
.panel{position:absolute;bottom:0;right:0;width:370px;height:min(580px,calc(100dvh - 40px));background:var(--bg);color:var(--fg);border-radius:14px;box-shadow:0 10px 40px #0005;display:flex;flex-direction:column;overflow:hidden}
:host([data-position=left]) .panel{right:auto;left:0}
.head{display:flex;align-items:center;gap:8px;padding:10px 12px;background:var(--pc);color:#fff}
.head h2{flex:1;font-size:16px;font-weight:600}
.head button{font-size:22px;line-height:1;padding:4px 10px}
.note{padding:6px 12px;font-size:13px;background:#fef3c7;color:#78350f}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px;display:flex;flex-direction:column;gap:8px;background:var(--sf)}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;overflow-wrap:anywhere}
.msg p+p,.msg ul,.msg ol,.msg pre{margin-top:6px}
.msg ul,.msg ol{padding-inline-start:20px}
.msg code{font:13px monospace;background:#8882}
.msg pre{overflow-x:auto;background:#8882;padding:8px;border-radius:8px}
.msg a{color:inherit;text-decoration:underline}
.visitor{align-self:flex-end;background:var(--pc);color:#fff;white-space:pre-wrap}
.assistant,.agent{align-self:flex-start;background:var(--bg);border:1px solid var(--ln)}
.agent{border:2px solid #7c3aed}
.who{display:block;font-size:12px;font-weight:700}
.err{align-self:stretch;max-width:none;background:#fef2f2;color:#991b1b;border:1px solid #fecaca;display:flex;align-items:center;gap:8px}
.err span{flex:1}
.err button,.acts button,.stop{border:1px solid currentColor;font-size:13px;padding:2px 10px}
.acts{display:flex;gap:4px;margin-top:4px}
.acts button{border:0;padding:4px 6px;color:var(--mu);display:grid}
.acts svg{width:16px;height:16px;fill:currentColor}
.acts button+button svg{scale:-1}
.acts button[aria-pressed=true]{color:var(--fg);background:#8883}
.meta{font-size:12px;color:var(--mu);align-self:flex-end}
.typing{color:var(--mu);font-style:italic}
.stop{align-self:center;color:var(--fg);background:var(--bg)}
form{display:flex;gap:8px;padding:10px 10px max(10px,env(safe-area-inset-bottom));border-top:1px solid var(--ln);background:var(--bg)}
textarea{flex:1;resize:none;font:inherit;font-size:16px;padding:8px 10px;border:1px solid var(--ln);border-radius:10px;min-height:42px;max-height:120px;color:var(--fg);background:var(--bg)}
.send{padding:0 14px;background:var(--pc);color:#fff}
.send:disabled{opacity:.6;cursor:default}
.card{align-self:stretch;max-width:none;background:var(--bg);border:1px solid var(--ln)}
.card .acts{flex-wrap:wrap}
.btn{border:1px solid currentColor;font-size:13px;padding:4px 12px}
.btn[aria-pressed=true]{background:var(--pc);color:#fff}
.btn:disabled{opacity:.6;cursor:default}
.fields{display:flex;flex-direction:column;gap:6px}
fieldset{border:0;padding:0;min-width:0}
legend{padding:0;font-weight:600}
.fields input,.fields textarea{font:inherit;font-size:16px;padding:6px 8px;border:1px solid var(--ln);border-radius:8px;color:var(--fg);background:var(--bg)}
.bad{color:#b91c1c;font-size:13px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:var(--vh,100dvh);border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) 0 env(safe-area-inset-left)}}
`;
