/**
 * The widget's CSS, applied as a constructed stylesheet on the shadow root: it works under a strict
 * `style-src` CSP (a `<style>` element would be blocked) and never touches the host page.
 */
export const CSS = `
:host{all:initial;position:fixed;z-index:2147483000;bottom:20px;right:20px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;color:#111827;--pc:#2563eb}
:host([data-position=left]){right:auto;left:20px}
*{box-sizing:border-box}
button{font:inherit;cursor:pointer}
.launcher{width:56px;height:56px;border-radius:50%;border:0;background:var(--pc);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.launcher svg{width:26px;height:26px;fill:currentColor}
.panel{position:absolute;bottom:0;right:0;width:370px;height:min(560px,calc(100vh - 40px));background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}
:host([data-position=left]) .panel{right:auto;left:0}
.head{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:var(--pc);color:#fff}
.head h2{font-size:16px;margin:0;font-weight:600}
.head button{background:transparent;border:0;color:#fff;font-size:22px;line-height:1;padding:4px 8px;border-radius:6px}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f9fafb}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
.msg.visitor{align-self:flex-end;background:var(--pc);color:#fff;border-bottom-right-radius:4px}
.msg.assistant{align-self:flex-start;background:#fff;border:1px solid #e5e7eb;border-bottom-left-radius:4px}
.msg.error{align-self:stretch;background:#fef2f2;color:#991b1b;border:1px solid #fecaca;max-width:none}
.typing{color:#6b7280;font-style:italic}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
textarea{flex:1;resize:none;font:inherit;font-size:16px;padding:8px 10px;border:1px solid #d1d5db;border-radius:10px;min-height:40px;max-height:120px;color:#111827;background:#fff}
.send{border:0;border-radius:10px;padding:0 14px;background:var(--pc);color:#fff}
.send:disabled{opacity:.5;cursor:default}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
@media (max-width:480px){:host{bottom:12px;right:12px}.panel{position:fixed;inset:0;width:100vw;height:100dvh;border-radius:0}}
`;
