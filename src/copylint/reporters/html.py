"""HTML review report: one self-contained page a copy editor opens in a browser.

A summary by severity and pack, then each article's text with every finding highlighted in
place and listed beside it (message, rule, severity, suggestions); filters by severity and
pack; j/k (or n/p) move from finding to finding. No network and no external assets: the CSS
and script are inline and allowed by hash in a strict Content-Security-Policy, and every
character taken from an article, a path or a rule is escaped, so a hostile article shows as
text and runs nothing.

Overlapping findings are drawn by cutting the text at every finding boundary: each piece is
one <mark> that lists the findings covering it (`data-f`), coloured by the most severe one
still shown.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import html
from typing import Iterable, TextIO

from .. import __version__
from ..baseline import source_of
from ..findings import FileResult, Finding, Report, Severity
from . import ReportOptions, display_path

CSS = """
:root{--err:#c62828;--warn:#b26a00;--sug:#1565c0;--bg:#fff;--fg:#1d1d1d;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f6f6f4}
header{background:var(--bg);border-bottom:1px solid var(--line);padding:12px 24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:0;padding:10px 16px;border-bottom:1px solid var(--line);word-break:break-all}
.summary{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
table.counts{border-collapse:collapse;font-size:13px}
table.counts th,table.counts td{padding:1px 8px;text-align:left;border-bottom:1px solid #eee}
table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
fieldset{border:1px solid var(--line);border-radius:6px;padding:4px 10px;margin:0;font-size:13px}
fieldset label{margin-right:10px;white-space:nowrap}
.keys{color:var(--muted);font-size:13px;margin:6px 0 0}
kbd{border:1px solid #bbb;border-bottom-width:2px;border-radius:3px;padding:0 4px;font-size:12px;background:#fafafa}
main{padding:16px 24px}
section.file{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:0 0 20px}
.article{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,2fr)}
.text{margin:0;padding:12px 16px;white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.7 Georgia,"Times New Roman",serif;border-right:1px solid var(--line)}
ol.findings{list-style:none;margin:0;padding:8px;max-height:80vh;overflow:auto;position:sticky;top:8px;align-self:start}
li.finding{border-left:4px solid var(--line);padding:6px 10px;margin:0 0 8px;border-radius:4px;background:#fafafa;cursor:pointer}
li.finding:focus{outline:3px solid #222;outline-offset:1px;background:#fff8c4}
li.sev-error{border-left-color:var(--err)}li.sev-warning{border-left-color:var(--warn)}li.sev-suggestion{border-left-color:var(--sug)}
.meta{font-size:12px;color:var(--muted)}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
.sev-error .sev{color:var(--err)}.sev-warning .sev{color:var(--warn)}.sev-suggestion .sev{color:var(--sug)}
.match{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eee;padding:0 3px;border-radius:3px}
.sugg{color:#1b5e20}
mark.hl{background:transparent;color:inherit;border-bottom:2px solid;padding:0 0 1px}
mark.hl.sev-error{background:#fde0e0;border-color:var(--err)}
mark.hl.sev-warning{background:#fff0c8;border-color:var(--warn)}
mark.hl.sev-suggestion{background:#e1efff;border-color:var(--sug)}
mark.hl.multi{border-bottom-style:double;border-bottom-width:4px}
mark.hl.off{background:transparent;border-color:transparent}
mark.hl.current{outline:2px solid #222}
mark.hl.empty{border:0;border-left:3px solid var(--sug);padding:0}
.none{color:var(--muted);padding:8px 16px;margin:0}
.err{color:var(--err);padding:8px 16px;margin:0}
@media (max-width:800px){.article{grid-template-columns:1fr}.text{border-right:0}ol.findings{position:static;max-height:none}}
"""

SCRIPT = """
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var byId = {};
  var marksOf = {};
  var rank = {error: 3, warning: 2, suggestion: 1};
  items.forEach(function (li) { byId[li.dataset.id] = li; marksOf[li.dataset.id] = []; });
  marks.forEach(function (m) {
    m.dataset.f.split(" ").forEach(function (id) { if (marksOf[id]) { marksOf[id].push(m); } });
  });
  function checked(kind) {
    var out = {};
    document.querySelectorAll("input[data-filter='" + kind + "']").forEach(function (box) {
      if (box.checked) { out[box.value] = true; }
    });
    return out;
  }
  function apply() {
    var sevs = checked("severity"), packs = checked("pack"), shown = 0;
    items.forEach(function (li) {
      li.hidden = !(sevs[li.dataset.severity] && packs[li.dataset.pack]);
      if (!li.hidden) { shown += 1; }
    });
    marks.forEach(function (m) {
      var best = "", ids = m.dataset.f.split(" "), live = 0;
      ids.forEach(function (id) {
        var li = byId[id];
        if (li && !li.hidden) {
          live += 1;
          if (!best || rank[li.dataset.severity] > rank[best]) { best = li.dataset.severity; }
        }
      });
      m.classList.remove("sev-error", "sev-warning", "sev-suggestion", "multi", "off");
      if (best) { m.classList.add("sev-" + best); } else { m.classList.add("off"); }
      if (live > 1) { m.classList.add("multi"); }
    });
    files.forEach(function (sec) {
      var any = sec.querySelector("li.finding:not([hidden])");
      sec.hidden = !any && sec.querySelector("li.finding") !== null;
    });
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = String(shown); }
  }
  function visible() {
    return items.filter(function (li) { return !li.hidden && !li.closest("section.file").hidden; });
  }
  function go(step) {
    var list = visible();
    if (!list.length) { return; }
    var i = list.indexOf(document.activeElement);
    i = i < 0 ? (step > 0 ? 0 : list.length - 1) : (i + step + list.length) % list.length;
    list[i].focus();
  }
  function current(id) {
    marks.forEach(function (m) { m.classList.remove("current"); });
    (marksOf[id] || []).forEach(function (m) { m.classList.add("current"); });
    var first = (marksOf[id] || [])[0];
    if (first && first.scrollIntoView) { first.scrollIntoView({block: "center"}); }
  }
  items.forEach(function (li) {
    li.addEventListener("focus", function () { current(li.dataset.id); });
    li.addEventListener("click", function () { li.focus(); });
  });
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var ids = m.dataset.f.split(" ");
      for (var k = 0; k < ids.length; k++) {
        var li = byId[ids[k]];
        if (li && !li.hidden) { li.focus({preventScroll: true}); current(li.dataset.id); return; }
      }
    });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target || {}, tag = t.tagName || "";
    var typing = tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable ||
      (tag === "INPUT" && t.type !== "checkbox" && t.type !== "radio");
    if (ev.altKey || ev.ctrlKey || ev.metaKey || typing) { return; }
    if (ev.key === "j" || ev.key === "n") { go(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { go(-1); ev.preventDefault(); }
  });
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  apply();
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_hash(CSS)}; script-src {_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)

_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "suggestion"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pack(f: Finding) -> str:
    return f.rule.split(".", 1)[0]


def _safe_link(link: str | None) -> str | None:
    if link and link.lower().startswith(("https://", "http://")):
        return link
    return None


def highlighted(source: str, spans: Iterable[tuple[str, Finding]]) -> str:
    """The source as HTML with a <mark> on every piece that findings cover."""
    spans = [(fid, f) for fid, f in spans if 0 <= f.offset <= f.end_offset <= len(source)]
    cuts = {0, len(source)}
    empty: dict[int, list[tuple[str, Finding]]] = collections.defaultdict(list)
    for fid, f in spans:
        cuts.update((f.offset, f.end_offset))
        if f.offset == f.end_offset:
            empty[f.offset].append((fid, f))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in zip(points, points[1:] + [None]):
        for fid, f in empty.get(a, ()):
            out.append(f'<mark class="hl empty sev-{_LABEL[f.severity]}" data-f="{fid}"></mark>')
        if b is None:
            break
        piece = _e(source[a:b])
        covering = [(fid, f) for fid, f in spans if f.offset <= a and b <= f.end_offset and f.offset < f.end_offset]
        if not covering:
            out.append(piece)
            continue
        worst = max(f.severity for _, f in covering)
        multi = " multi" if len(covering) > 1 else ""
        ids = " ".join(fid for fid, _ in covering)
        out.append(f'<mark class="hl sev-{_LABEL[worst]}{multi}" data-f="{ids}">{piece}</mark>')
    return "".join(out)


def _finding_item(fid: str, f: Finding, rules: dict[str, object]) -> str:
    meta = rules.get(f.rule)
    summary = getattr(meta, "summary", "") or ""
    link = _safe_link(f.link)
    rule = f'<a href="{_e(link)}" rel="noopener noreferrer">{_e(f.rule)}</a>' if link else _e(f.rule)
    parts = [
        f'<li class="finding sev-{_LABEL[f.severity]}" tabindex="0" id="{fid}" data-id="{fid}" '
        f'data-severity="{_LABEL[f.severity]}" data-pack="{_e(_pack(f))}">',
        f'<div class="meta"><span class="sev">{_LABEL[f.severity]}</span> · {rule} · '
        f"line {f.start.line}, column {f.start.column}</div>",
        f'<div class="msg">{_e(f.message)}</div>',
    ]
    if f.match:
        parts.append(f'<div>Text: <span class="match">{_e(f.match)}</span></div>')
    if f.suggestions:
        kind = "Fix" if f.fix is not None and f.fix.safe else "Suggestion"
        parts.append(f'<div class="sugg">{kind}: {_e(", ".join(f.suggestions))}</div>')
    if summary:
        parts.append(f'<div class="meta">{_e(summary)}</div>')
    parts.append("</li>")
    return "".join(parts)


def _file_section(n: int, result: FileResult, report: Report) -> str:
    path = display_path(result.path, report.root)
    head = f'<section class="file" id="file-{n}"><h2>{_e(path)}</h2>'
    if result.error:
        return head + f'<p class="err">Could not be linted: {_e(result.error)}</p></section>'
    ids = [(f"f{n}-{i}", f) for i, f in enumerate(result.findings, 1)]
    source = source_of(result)
    if source is None:
        text = '<p class="none">(The text is not available: shown without it.)</p>'
    else:
        text = f'<pre class="text">{highlighted(source, ids)}</pre>'
    items = "".join(_finding_item(fid, f, report.rules) for fid, f in ids)
    return head + f'<div class="article">{text}<ol class="findings">{items}</ol></div></section>'


def _counts_table(title: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="n">{v}</td></tr>' for k, v in rows)
    return f'<table class="counts"><thead><tr><th>{_e(title)}</th><th>Findings</th></tr></thead><tbody>{body}</tbody></table>'


def _checkboxes(kind: str, legend: str, values: list[tuple[str, int]]) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-filter="{kind}" value="{_e(v)}" checked> {_e(v)} ({n})</label>'
        for v, n in values
    )
    return f"<fieldset><legend>{_e(legend)}</legend>{boxes}</fieldset>"


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    findings = report.findings
    counts = report.counts()
    by_pack = sorted(collections.Counter(_pack(f) for f in findings).items())
    by_sev = [(s.label, counts[s]) for s in reversed(Severity)]
    files = len(report.results)
    shown = [r for r in report.results if r.findings or r.error]
    clean = files - len(shown)
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
    out.write(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n')
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    out.write(f"<meta name=\"generator\" content=\"copylint {_e(__version__)}\">\n")
    out.write(f"<title>copylint report: {len(findings)} findings</title>\n<style>{CSS}</style></head>\n<body>\n")
    out.write("<header><h1>copylint report</h1>")
    out.write(
        f'<p><span id="shown">{len(findings)}</span> of {len(findings)} findings shown, in {len(shown)} of '
        f"{files} file{'s' if files != 1 else ''}"
        + (f" ({clean} without findings)" if clean else "")
        + ".</p>"
    )
    out.write('<div class="summary">')
    out.write(_counts_table("Severity", by_sev))
    if by_pack:
        out.write(_counts_table("Pack", by_pack))
    out.write(_checkboxes("severity", "Show severities", by_sev))
    if by_pack:
        out.write(_checkboxes("pack", "Show packs", by_pack))
    out.write("</div>")
    out.write(
        '<p class="keys"><kbd>j</kbd>/<kbd>n</kbd> next finding, <kbd>k</kbd>/<kbd>p</kbd> previous; '
        "<kbd>Tab</kbd> also moves through them. Click a highlight to see its finding.</p></header>\n<main>\n"
    )
    if not findings and not shown:
        out.write(f'<p class="none">No problems found in {files} file{"s" if files != 1 else ""}.</p>')
    for n, result in enumerate(shown, 1):
        out.write(_file_section(n, result, report))
        out.write("\n")
    out.write(f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n")
