/**
 * The demo host page: a small tea shop that embeds the widget exactly as a site owner would, with one
 * script tag. Its stylesheet is ordinary shop CSS with no knowledge of the widget.
 */
export function demoPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lantern &amp; Leaf — Tea Shop · 灯笼与茶叶</title>
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<header class="top">
  <strong class="logo">Lantern &amp; Leaf <span lang="zh">灯笼与茶叶</span></strong>
  <nav><a href="#teas">Teas</a> <a href="#shipping">Shipping</a> <a href="#about">About</a></nav>
</header>
<main>
  <section class="hero">
    <h1>Hand-picked teas, shipped fresh</h1>
    <p>Small-batch green, oolong and black teas from family farms in Fujian and Yunnan.</p>
    <p lang="zh">来自福建和云南家庭茶园的小批量绿茶、乌龙茶和红茶。</p>
  </section>
  <section id="teas" class="grid">
    <article><h2>Mingqian Longjing</h2><p lang="zh">明前龙井</p><p>Spring green tea, chestnut notes.</p><p class="price">$24 / 50 g</p></article>
    <article><h2>Tieguanyin Oolong</h2><p lang="zh">铁观音</p><p>Orchid aroma, long finish.</p><p class="price">$19 / 75 g</p></article>
    <article><h2>Dianhong Black</h2><p lang="zh">滇红</p><p>Malty, honeyed, golden tips.</p><p class="price">$16 / 100 g</p></article>
  </section>
  <section id="shipping"><h2>Shipping &amp; returns · 配送与退货</h2>
    <p>Free shipping over $49. Returns within 30 days. Questions? Use the chat in the corner.</p>
    <p lang="zh">满 49 美元包邮，30 天内可退货。有问题？请点击右下角的聊天按钮。</p>
  </section>
  <section id="about"><h2>About us</h2><p>We have been sourcing tea since 2012.</p></section>
</main>
<footer>© Lantern &amp; Leaf · <span lang="zh">灯笼与茶叶</span></footer>
<script src="/widget.js" data-site-key="demo" async></script>
</body>
</html>`;
}

/** The demo page's own stylesheet, served from `/demo.css` so the page needs no inline style. */
export const DEMO_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,serif;color:#1f2937;background:#fdfaf3}
.top{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:#14532d;color:#fff}
.top a{color:#d9f99d;margin-left:1rem}main{max-width:960px;margin:0 auto;padding:1rem 2rem}
.hero h1{font-size:2.2rem;margin-bottom:.25rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:1rem}
.grid article{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:1rem}.price{font-weight:bold;color:#14532d}
footer{text-align:center;padding:2rem;color:#6b7280}`;

/** A plain page that embeds one site's widget with the same script tag a site owner pastes. */
export function testPageHtml(siteKey: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley test page · ${siteKey}</title>
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<main>
  <h1>Test page for site “${siteKey}”</h1>
  <p>This page is served from the Worker's own origin, which must be among the site's allowed origins.</p>
</main>
<script src="/widget.js" data-site-key="${siteKey}" async></script>
</body>
</html>`;
}
