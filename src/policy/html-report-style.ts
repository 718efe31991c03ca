/**
 * The style sheet of the HTML report (`renderHtml`), inlined in its `<style>`: the page
 * fetches nothing. Colours come with shapes, patterns and words, so none is the only signal.
 * @internal
 */
export const HTML_REPORT_CSS = `
:root { --pass: #1a7f37; --warn: #9a6700; --warn-bg: #fff1c2; --fail: #c62828; --fail-bg: #fde2e1; --supp: #57606a; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --track: #f0f2f4; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 28px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { border-bottom: 2px solid var(--line); margin-bottom: 14px; padding-bottom: 8px; }
h1 { font-size: 22px; margin: 0 0 6px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 17px; margin: 18px 0 8px; }
p { margin: 0 0 6px; }
.counts { font-size: 15px; }
.meta, .sub { color: var(--muted); }
.sub { display: block; font-size: 12px; }
code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; background: #f6f8fa; border-radius: 3px; padding: 0 3px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 6px; }
th, td { border-top: 1px solid var(--line); padding: 8px 10px; text-align: left; vertical-align: top; overflow-wrap: anywhere; unicode-bidi: isolate; }
thead th { border-top: 0; border-bottom: 2px solid var(--line); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); white-space: nowrap; }
th.rule { font-weight: normal; }
code.id { font-size: 13px; font-weight: 600; background: none; padding: 0; }
.c-verdict { width: 9em; } .c-rule { width: 16%; } .c-bar { width: 26%; } .c-left { width: 9em; } .c-source { width: 20%; }
tr.row-violation > :first-child { border-left: 5px solid var(--fail); }
tr.row-warning > :first-child { border-left: 5px solid var(--warn); }
tr.row-suppressed > :first-child { border-left: 5px solid #afb8c1; }
tr.row-pass > :first-child { border-left: 5px solid transparent; }
tr.row-violation { background: #fffafa; }
.verdict { display: inline-flex; align-items: center; gap: 6px; font-weight: 700; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; white-space: nowrap; }
.verdict.overall { font-size: 15px; padding: 3px 10px; border: 2px solid currentColor; border-radius: 4px; }
.shape { display: inline-block; width: 13px; height: 13px; flex: none; background: currentColor; }
.verdict-pass { color: var(--pass); } .verdict-pass .shape { border-radius: 50%; }
.verdict-warning { color: var(--warn); } .verdict-warning .shape { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.verdict-violation { color: var(--fail); } .verdict-violation .shape { clip-path: polygon(20% 0, 50% 30%, 80% 0, 100% 20%, 70% 50%, 100% 80%, 80% 100%, 50% 70%, 20% 100%, 0 80%, 30% 50%, 0 20%); }
.verdict-suppressed { color: var(--supp); } .verdict-suppressed .shape { background: none; border: 2px solid currentColor; }
.bar { padding: 3px 0 4px; }
.track { position: relative; display: block; height: 16px; background: var(--track); border: 1px solid #8c959f; border-radius: 2px; overflow: hidden; }
.track > span { position: absolute; top: 0; bottom: 0; }
.band-warn { background: repeating-linear-gradient(135deg, var(--warn-bg) 0 4px, #f5d97a 4px 6px); }
.band-fail { background: repeating-linear-gradient(135deg, var(--fail-bg) 0 4px, #f4a8a4 4px 6px); }
.track > .fill, .track > .over, .track > .need { top: 3px; bottom: 3px; }
.track > .fill { left: 0; }
.fill-pass { background: var(--pass); }
.fill-warning { background: var(--warn); }
.fill-violation { background: var(--fail); }
.fill-suppressed { background: repeating-linear-gradient(135deg, var(--supp) 0 3px, #afb8c1 3px 6px); }
.over { background: repeating-linear-gradient(45deg, rgba(0,0,0,.55) 0 2px, transparent 2px 5px); }
.need { border: 2px dashed #0969da; background: rgba(9,105,218,.12); }
.need-over { border-color: var(--fail); }
.mark { width: 0; border-left: 2px solid var(--ink); margin-left: -1px; }
.mark-warn { border-left: 2px dashed var(--warn); }
.mark-fail { border-left: 2px solid var(--fail); }
.mark-limit { border-left: 3px solid var(--ink); margin-left: -2px; }
.bar-text { display: block; font-size: 12px; margin-top: 2px; }
.left-main { display: block; font-size: 14px; }
.prov { font-size: 12px; }
.prov + .prov { margin-top: 6px; padding-top: 6px; border-top: 1px dashed var(--line); }
.prov > span { display: block; }
.kv { display: inline-block; margin-right: 8px; color: var(--muted); }
.kv code { color: var(--ink); }
.api { font-size: 13px; }
.mode { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
.how-failed { color: var(--fail); font-weight: 700; }
.details p { margin: 0 0 4px; }
.suppression { padding: 2px 6px; border-left: 3px dotted var(--supp); background: #f6f8fa; }
.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.key { display: inline-block; width: 22px; height: 12px; border: 1px solid #8c959f; background: var(--track); }
.key-fill { background: var(--ink); }
.key-need { border: 2px dashed #0969da; background: rgba(9,105,218,.12); }
.key-warn { background: repeating-linear-gradient(135deg, var(--warn-bg) 0 4px, #f5d97a 4px 6px); }
.key-fail { background: repeating-linear-gradient(135deg, var(--fail-bg) 0 4px, #f4a8a4 4px 6px); }
.key-over { background: repeating-linear-gradient(45deg, rgba(0,0,0,.55) 0 2px, var(--track) 2px 5px); }
.key-limit { width: 0; height: 16px; border: 0; border-left: 3px solid var(--ink); }
table.gates { max-width: 1100px; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4 landscape; margin: 12mm; }
  body { padding: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  tr.row-violation { background: none; }
  code { background: none; }
}
`.trim();
