"""The site's one stylesheet and its one script, written next to the pages.

Files of their own (not inline) so the Content-Security-Policy can allow ``'self'`` only, and
so the script runs on the worksheet alone. No web fonts, images or other requests: the system
font stack, inline SVG and CSS colours.
"""

from __future__ import annotations

CSS = """
:root {
  color-scheme: light dark;
  --fg: #1a1a1a; --bg: #ffffff; --muted: #4a4a4a; --line: #8a8a8a; --soft: #f2f2f2;
  --link: #0b4f9c; --link-visited: #5a2d91; --focus: #b3001b; --accent: #0b4f9c;
  --urgent-bg: #fff4e5; --urgent-line: #8a4b00; --band: #d9e4f2; --mark: #1a1a1a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #ececec; --bg: #121212; --muted: #c2c2c2; --line: #8c8c8c; --soft: #1f1f1f;
    --link: #8cc4ff; --link-visited: #d1b3ff; --focus: #ffb020; --accent: #8cc4ff;
    --urgent-bg: #2b1d08; --urgent-line: #ffb347; --band: #2a3b52; --mark: #ececec;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-size: 100%; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans",
    sans-serif;
  overflow-wrap: break-word;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; z-index: 10;
  background: var(--bg); color: var(--link); border: 2px solid var(--focus); }
.skip:focus { top: 0.5rem; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.site { border-bottom: 1px solid var(--line); padding: 0.75rem 0 0.5rem; }
.brand { margin: 0; font-weight: 700; }
.brand a { color: var(--fg); text-decoration: none; }
.brand a:hover, .brand a:focus-visible { text-decoration: underline; }
.tag { margin: 0.25rem 0 0.5rem; color: var(--muted); font-size: 0.9rem; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 0.25rem 0.75rem; }
nav a { display: inline-block; padding: 0.3rem 0; min-height: 24px; }
nav a[aria-current="page"] { color: var(--fg); font-weight: 700; text-decoration-thickness: 3px; }
nav .group { color: var(--muted); font-size: 0.85rem; margin: 0.35rem 0 0; }
main { padding: 1rem 0 2rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 1.75rem 0 0.5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
p { margin: 0.35rem 0; }
/* Long lines are hard to follow: full-width text stops at about 80 characters */
main .wrap > p, article.record, .urgent, .notice, fieldset { max-width: 52rem; }
.muted { color: var(--muted); }
.glyph { font-weight: 700; }
.lead { font-size: 1.05rem; }
.figure { font-variant-numeric: tabular-nums; }
.urgent { border: 2px solid var(--urgent-line); background: var(--urgent-bg);
  padding: 0.6rem 0.9rem; margin: 0.75rem 0; }
.notice { border-left: 4px solid var(--line); padding: 0.2rem 0.9rem; font-weight: 600; }
.disagree { border-left: 4px solid var(--urgent-line); padding-left: 0.6rem; }
.cols { display: grid; gap: 1rem 1.5rem;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr)); }
.col { min-width: 0; }
.col > h2, .col > h3 { margin-top: 0.5rem; padding-bottom: 0.25rem;
  border-bottom: 2px solid var(--line); }
ul.items { list-style: none; margin: 0; padding: 0; }
ul.items > li { border-top: 1px solid var(--line); padding: 0.6rem 0; }
ul.items > li:first-child { border-top: 0; }
.more { margin-top: 0.3rem; }
ul.links { padding-left: 1.25rem; }
ul.links li { margin: 0.3rem 0; }
article.record { border-top: 1px solid var(--line); padding: 0.25rem 0 0.75rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.45rem 0.55rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--soft); }
tbody th { background: var(--soft); font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; position: relative; }
.scroll table { margin: 0; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.cell-head { display: none; font-weight: 700; }
@media (min-width: 40.01rem) {
  /* the same width for every option: no column looks more important */
  table.grid { table-layout: fixed; }
  table.grid thead td { width: 16%; }
}
figure { margin: 0.75rem 0; }
figure.icons { margin: 0.4rem 0; }
figure.icons svg { display: block; }
.i-on { fill: var(--mark); stroke: var(--mark); stroke-width: 1; }
.i-off { fill: none; stroke: var(--mark); stroke-width: 1; }
svg.forest { display: block; overflow: hidden; max-width: 56rem; }
svg.forest text { fill: var(--fg); font-size: 14px; paint-order: stroke;
  stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
svg.forest .fp-tick, svg.forest .fp-dir { fill: var(--muted); font-size: 13px; }
.fp-band { fill: var(--band); }
.fp-null { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 4 3; }
.fp-ci { stroke: var(--fg); stroke-width: 2; }
.fp-point { fill: var(--fg); }
.fp-axis { stroke: var(--muted); stroke-width: 1; }
.legend { color: var(--muted); font-size: 0.95rem; padding-left: 1.25rem; }
fieldset { border: 1px solid var(--line); margin: 0.75rem 0; padding: 0.5rem 0.9rem 0.75rem; }
legend { font-weight: 700; padding: 0 0.3rem; }
.choices { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.choices label, .check { display: inline-flex; align-items: center; gap: 0.4rem;
  min-height: 44px; }
input[type="radio"], input[type="checkbox"] { width: 1.25rem; height: 1.25rem; margin: 0;
  accent-color: var(--accent); }
textarea { width: 100%; min-height: 5rem; font: inherit; color: var(--fg);
  background: var(--bg); border: 1px solid var(--line); padding: 0.4rem; }
label.block { display: block; font-weight: 600; margin-top: 0.6rem; }
button { font: inherit; padding: 0.5rem 1rem; min-height: 44px; color: var(--bg);
  background: var(--fg); border: 2px solid var(--fg); cursor: pointer; }
button.secondary { color: var(--fg); background: var(--bg); }
.tools { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 1rem 0; }
.print-only, .print-copy { display: none; }
footer { border-top: 1px solid var(--line); padding: 0.75rem 0 2rem; color: var(--muted);
  font-size: 0.9rem; }
@media (max-width: 40rem) {
  h1 { font-size: 1.45rem; }
  /* The Option Grid: one option after another inside each question */
  table.grid, table.grid tbody, table.grid tr, table.grid th, table.grid td { display: block; }
  table.grid thead { display: none; }
  table.grid caption { display: block; }
  table.grid tr { border: 1px solid var(--line); margin-bottom: 0.75rem; }
  table.grid th, table.grid td { border: 0; border-top: 1px solid var(--line); }
  table.grid tbody th { border-top: 0; }
  .cell-head { display: block; }
  svg.forest text, svg.forest .fp-tick, svg.forest .fp-dir { font-size: 12px; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  :root { --fg: #000; --bg: #fff; --muted: #333; --line: #777; --soft: #eee; }
  body { font-size: 10pt; }
  .skip, nav, .tools, .no-print, .tag { display: none !important; }
  header.site, footer { border: 0; }
  a { color: inherit; text-decoration: none; }
  .print-only { display: block; }
  .print-copy { display: block; white-space: pre-wrap; border-bottom: 1px solid #777;
    min-height: 3em; }
  textarea.copied { display: none; }
  .print-break { break-before: page; }
  fieldset, tr, li, article { break-inside: avoid; }
  .wrap { max-width: none; padding: 0; }
  /* The worksheet printed as the handout is: the person's page, then the options side by
     side from page 2 in the handout's small type, then the references in three columns */
  @page { margin: 8mm 9mm 9mm; }
  body { font-size: 8.5pt; line-height: 1.25; }
  h1 { font-size: 13pt; margin: 0 0 3pt; }
  h2 { font-size: 10.5pt; margin: 6pt 0 2pt; }
  p { margin: 1pt 0; }
  .brand { font-size: 8pt; }
  .urgent { padding: 2pt 5pt; margin: 3pt 0; }
  .notice { padding: 1pt 5pt; }
  main { padding: 0; }
  fieldset { margin: 2pt 0; padding: 1pt 5pt 2pt; }
  fieldset ul { margin: 0; padding-left: 10pt; font-size: 7.5pt; }
  .choices { gap: 0 8pt; }
  .choices label, .check { min-height: 0; gap: 3pt; }
  input[type="radio"], input[type="checkbox"] { width: 9pt; height: 9pt; }
  label.block { margin-top: 2pt; }
  .print-copy { min-height: 1.5em; }
  footer { padding: 2pt 0 0; font-size: 7pt; }
  .print-only th, .print-only td { font-size: 7pt; line-height: 1.13; padding: 1pt 2.5pt; }
  .print-only thead th { font-size: 8pt; }
  .print-only ul { margin: 0; padding-left: 8pt; }
  .print-only .cite, .print-only .cont, .print-only .small { font-size: 6.8pt; color: #444; }
  .print-only .sources { font-size: 6.3pt; line-height: 1.1; padding-left: 16pt; columns: 3;
    column-gap: 12pt; overflow-wrap: anywhere; }
  .print-only table { table-layout: fixed; }
  .print-only thead th:first-child { width: 12%; }
}
""".lstrip()

# Keeps the worksheet's answers in this browser's localStorage only: no network call of any
# kind exists here, and the page's CSP (connect-src unset under default-src 'none') forbids
# one. Values are set with .checked/.value/.textContent, never as markup.
JS = """
"use strict";
(function () {
  var root = document.getElementById("worksheet");
  if (!root) { return; }
  var key = "backtui-worksheet:" + root.getAttribute("data-kb");
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (e) { store = null; }
  var status = document.getElementById("ws-status");
  var controls = root.querySelectorAll("input[name], textarea[name]");

  function say(text) { if (status) { status.textContent = text; } }

  function copy(area) {
    var shown = document.getElementById(area.id + "-print");
    if (shown) { shown.textContent = area.value; area.classList.add("copied"); }
  }

  function read() {
    var saved = {};
    if (!store) { return saved; }
    try { saved = JSON.parse(store.getItem(key) || "{}") || {}; } catch (e) { saved = {}; }
    return typeof saved === "object" ? saved : {};
  }

  function save() {
    var data = {};
    controls.forEach(function (c) {
      if (c.type === "radio") { if (c.checked) { data[c.name] = c.value; } }
      else if (c.type === "checkbox") { if (c.checked) { data[c.name] = true; } }
      else if (c.value) { data[c.name] = c.value; }
    });
    if (!store) {
      say("This browser does not allow saving; print the page to keep your answers.");
      return;
    }
    try { store.setItem(key, JSON.stringify(data)); say("Saved in this browser only."); }
    catch (e) { say("Could not save in this browser; print the page to keep your answers."); }
  }

  var saved = read();
  controls.forEach(function (c) {
    var value = saved[c.name];
    if (c.type === "radio") { c.checked = typeof value === "string" && value === c.value; }
    else if (c.type === "checkbox") { c.checked = value === true; }
    else { c.value = typeof value === "string" ? value : ""; copy(c); }
    c.addEventListener(c.tagName === "TEXTAREA" ? "input" : "change", function () {
      if (c.tagName === "TEXTAREA") { copy(c); }
      save();
    });
  });

  var tools = document.getElementById("ws-tools");
  if (tools) { tools.hidden = false; }
  var printButton = document.getElementById("ws-print");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
  var clearButton = document.getElementById("ws-clear");
  if (clearButton) {
    clearButton.addEventListener("click", function () {
      if (!window.confirm("Clear all your answers on this page?")) { return; }
      controls.forEach(function (c) {
        if (c.type === "radio" || c.type === "checkbox") { c.checked = false; }
        else { c.value = ""; copy(c); }
      });
      if (store) { try { store.removeItem(key); } catch (e) { /* nothing kept */ } }
      say("Your answers were cleared.");
    });
  }
})();
""".lstrip()
