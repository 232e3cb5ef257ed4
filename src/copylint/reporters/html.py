"""HTML review report: one self-contained page a copy editor opens in a browser.

A review queue: an index of the files with their counts, worst first (errors, then warnings,
then suggestions), a search box, filters by severity and pack, and counters that follow the
filters and the search. Then each article with every finding highlighted in place and listed
beside it (message, rule, severity, suggestions); j/k (or n/p) move from finding to finding.

Small runs show each article's whole text. Large runs (more than `WHOLE_TEXT_BUDGET`
characters of text in the files with findings) show only the passages around the findings, and
carry each file's whole highlighted text gzip-compressed, decoded in the browser when the editor
asks for it: a 2,000-article run stays a few megabytes and opens in a second or two.

No network and no external assets: the CSS and script are inline and allowed by hash in a
strict Content-Security-Policy, and every character taken from an article, a path or a rule is
escaped, so a hostile article shows as text and runs nothing (the compressed text is the same
escaped HTML, produced here).

Overlapping findings are drawn by cutting the text at every finding boundary: each piece is
one <mark> that lists the findings covering it (`data-f`), coloured by the most severe one
still shown.
"""

from __future__ import annotations

import base64
import collections
import gzip
import hashlib
import heapq
import html
import json
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
section.file{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:0 0 20px;content-visibility:auto;contain-intrinsic-size:auto 420px}
.article{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,2fr)}
.text{margin:0;padding:12px 16px;white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.7 Georgia,"Times New Roman",serif;border-right:1px solid var(--line)}
ol.findings{list-style:none;margin:0;padding:8px;max-height:80vh;overflow:auto;position:sticky;top:8px;align-self:start}
li.finding{border-left:4px solid var(--line);padding:6px 10px;margin:0 0 8px;border-radius:4px;background:#fafafa;cursor:pointer}
li.finding:focus{outline:3px solid #222;outline-offset:1px;background:#fff8c4}
li[data-severity=error]{border-left-color:var(--err)}li[data-severity=warning]{border-left-color:var(--warn)}li[data-severity=suggestion]{border-left-color:var(--sug)}
.meta{font-size:12px;color:var(--muted)}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
[data-severity=error] .sev{color:var(--err)}[data-severity=warning] .sev{color:var(--warn)}[data-severity=suggestion] .sev{color:var(--sug)}
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
input[type=search]{font:inherit;font-size:14px;padding:3px 8px;min-width:18em;border:1px solid #bbb;border-radius:4px}
nav.index{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:0 0 20px;max-height:40vh;overflow:auto}
table.index{border-collapse:collapse;width:100%;font-size:13px}
table.index th{position:sticky;top:0;background:#f0f0ee;text-align:left;padding:3px 10px}
table.index td{padding:2px 10px;border-top:1px solid #eee}
table.index td.n,table.index th.n{text-align:right;font-variant-numeric:tabular-nums;width:7em}
td.n.e{color:var(--err)}td.n.w{color:var(--warn)}td.n.s{color:var(--sug)}
.passages{border-right:1px solid var(--line);min-width:0}
.passages .text{border-right:0;border-bottom:1px dashed var(--line)}
.passage-line{display:block;font:12px system-ui,sans-serif;color:var(--muted)}
button.whole{margin:8px 16px;font:inherit;font-size:13px}
@media (max-width:800px){.article{grid-template-columns:1fr}.text{border-right:0}ol.findings{position:static;max-height:none}}
"""

SCRIPT = """
(function () {
  "use strict";
  function inflate(el) {
    // text that the report carries gzip-compressed and base64-encoded (large runs)
    var bytes = Uint8Array.from(atob(el.dataset.z), function (c) { return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }
  function start() {
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-file]"));
  var search = document.getElementById("q");
  var rank = {error: 3, warning: 2, suggestion: 1};
  var byId = {}, marks = [], marksOf = {}, haystack = {};
  var summaries = JSON.parse(document.getElementById("rules").dataset.summaries);
  items.forEach(function (li) {
    byId[li.dataset.id] = li;
    var rule = li.querySelector(".rule");
    if (rule && summaries[rule.textContent]) { rule.title = summaries[rule.textContent]; }
    var sec = li.closest("section.file");
    li.sectionId = sec.id;
    haystack[li.dataset.id] = (li.textContent + " " + sec.querySelector("h2").textContent).toLowerCase();
  });
  function indexMarks() {
    marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
    marksOf = {};
    items.forEach(function (li) { marksOf[li.dataset.id] = []; });
    marks.forEach(function (m) {
      m.dataset.f.split(" ").forEach(function (id) { if (marksOf[id]) { marksOf[id].push(m); } });
    });
  }
  function checked(kind) {
    var out = {};
    document.querySelectorAll("input[data-filter='" + kind + "']").forEach(function (box) {
      if (box.checked) { out[box.value] = true; }
    });
    return out;
  }
  function paint(m) {
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
  }
  function setCount(selector, n) {
    document.querySelectorAll(selector).forEach(function (el) { el.textContent = String(n); });
  }
  function apply() {
    var sevs = checked("severity"), packs = checked("pack"), shown = 0;
    var words = (search ? search.value : "").toLowerCase().split(/\\s+/).filter(Boolean);
    var bySev = {}, byPack = {}, byFile = {};
    items.forEach(function (li) {
      var d = li.dataset, text = haystack[d.id];
      var found = words.every(function (w) { return text.indexOf(w) >= 0; });
      var sevOk = !!sevs[d.severity], packOk = !!packs[d.pack];
      // a facet counts what would show if it were ticked: the other filters and the search apply
      if (found && packOk) { bySev[d.severity] = (bySev[d.severity] || 0) + 1; }
      if (found && sevOk) { byPack[d.pack] = (byPack[d.pack] || 0) + 1; }
      li.hidden = !(found && sevOk && packOk);
      if (!li.hidden) {
        shown += 1;
        var f = byFile[li.sectionId] || (byFile[li.sectionId] = {error: 0, warning: 0, suggestion: 0});
        f[d.severity] += 1;
      }
    });
    marks.forEach(paint);
    var filesShown = 0;
    files.forEach(function (sec) {
      var has = sec.querySelector("li.finding") !== null;
      sec.hidden = has && !byFile[sec.id];
      if (!sec.hidden) { filesShown += 1; }
    });
    rows.forEach(function (tr) {
      var f = byFile[tr.dataset.file] || {error: 0, warning: 0, suggestion: 0};
      var has = tr.dataset.total !== "0";
      tr.hidden = has && !byFile[tr.dataset.file];
      tr.querySelector(".e").textContent = String(f.error);
      tr.querySelector(".w").textContent = String(f.warning);
      tr.querySelector(".s").textContent = String(f.suggestion);
    });
    document.querySelectorAll("[data-count-severity]").forEach(function (el) {
      el.textContent = String(bySev[el.dataset.countSeverity] || 0);
    });
    document.querySelectorAll("[data-count-pack]").forEach(function (el) {
      el.textContent = String(byPack[el.dataset.countPack] || 0);
    });
    setCount("#shown", shown);
    setCount("#shown-files", filesShown);
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
  function onMark(ev) {
    var m = ev.target.closest ? ev.target.closest("mark.hl") : null;
    if (!m) { return; }
    var ids = m.dataset.f.split(" ");
    for (var k = 0; k < ids.length; k++) {
      var li = byId[ids[k]];
      if (li && !li.hidden) { li.focus({preventScroll: true}); current(li.dataset.id); return; }
    }
  }
  var texts = null;
  function wholeTexts() {
    // every file's whole highlighted text, joined by PART and gzip-compressed in one blob when the
    // report was written; decoded once, on the first request
    if (!texts) {
      var blob = document.getElementById("texts");
      texts = inflate(blob).then(function (all) { return all.split(blob.dataset.part); });
    }
    return texts;
  }
  function whole(button) {
    return wholeTexts().then(function (parts) {
      var pre = document.createElement("pre");
      pre.className = "text";
      pre.innerHTML = parts[Number(button.dataset.part)];
      var box = button.closest(".passages");
      box.parentNode.replaceChild(pre, box);
      indexMarks();
      apply();
    });
  }
  items.forEach(function (li) {
    li.addEventListener("focus", function () { current(li.dataset.id); });
    li.addEventListener("click", function () { li.focus(); });
  });
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t && t.matches && t.matches("button.whole")) { t.disabled = true; whole(t); return; }
    onMark(ev);
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target || {}, tag = t.tagName || "";
    var typing = tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable ||
      (tag === "INPUT" && t.type !== "checkbox" && t.type !== "radio");
    if (ev.altKey || ev.ctrlKey || ev.metaKey || typing) { return; }
    if (ev.key === "j" || ev.key === "n") { go(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { go(-1); ev.preventDefault(); }
    else if (ev.key === "/" && search) { search.focus(); ev.preventDefault(); }
  });
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  if (search) { search.addEventListener("input", apply); }
  indexMarks();
  apply();
  document.body.dataset.ready = "1";
  }
  var packed = document.getElementById("sections");
  if (packed) {
    inflate(packed).then(function (markup) {
      packed.insertAdjacentHTML("beforebegin", markup);
      start();
    });
  } else {
    start();
  }
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


WHOLE_TEXT_BUDGET = 400_000  # characters of article text above which only passages are shown
_REACH = 100  # characters of context on each side of a finding in a passage


def highlighted(source: str, spans: Iterable[tuple[str, Finding]], lo: int = 0, hi: int | None = None) -> str:
    """source[lo:hi] as HTML with a <mark> on every piece that findings cover."""
    hi = len(source) if hi is None else hi
    spans = [(fid, f) for fid, f in spans if 0 <= f.offset <= f.end_offset <= len(source)
             and f.offset <= hi and f.end_offset >= lo]
    cuts = {lo, hi}
    empty: dict[int, list[tuple[str, Finding]]] = collections.defaultdict(list)
    for fid, f in spans:
        cuts.update(min(max(x, lo), hi) for x in (f.offset, f.end_offset))
        if f.offset == f.end_offset:
            empty[f.offset].append((fid, f))
    points = sorted(cuts)
    out: list[str] = []
    # a sweep: the spans that cover each piece are those begun at or before it and not yet
    # ended (every span's end is a cut), kept as the pieces go by, not searched for each piece
    # (100,000 findings in one file took minutes)
    by_start = sorted((f.offset, i) for i, (_fid, f) in enumerate(spans) if f.offset < f.end_offset)
    ends: list[tuple[int, int]] = []
    active: set[int] = set()
    k = 0
    for a, b in zip(points, points[1:] + [None]):
        for fid, f in empty.get(a, ()):
            out.append(f'<mark class="hl empty sev-{_LABEL[f.severity]}" data-f="{fid}"></mark>')
        if b is None:
            break
        while k < len(by_start) and by_start[k][0] <= a:
            i = by_start[k][1]
            active.add(i)
            heapq.heappush(ends, (spans[i][1].end_offset, i))
            k += 1
        while ends and ends[0][0] <= a:
            active.discard(heapq.heappop(ends)[1])
        piece = _e(source[a:b])
        covering = [spans[i] for i in sorted(active)]
        if not covering:
            out.append(piece)
            continue
        worst = max(f.severity for _, f in covering)
        multi = " multi" if len(covering) > 1 else ""
        ids = " ".join(fid for fid, _ in covering)
        out.append(f'<mark class="hl sev-{_LABEL[worst]}{multi}" data-f="{ids}">{piece}</mark>')
    return "".join(out)


def passage_windows(source: str, findings: Iterable[Finding], reach: int = _REACH) -> list[tuple[int, int]]:
    """The stretches of text shown around the findings: each finding's line, cut to `reach`
    characters on either side, with overlapping stretches merged."""
    windows: list[tuple[int, int]] = []
    for f in sorted(findings, key=lambda f: (f.offset, f.end_offset)):
        start = max(0, min(f.offset, len(source)))
        end = max(start, min(f.end_offset, len(source)))
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", end)
        line_end = len(source) if line_end < 0 else line_end
        lo = max(line_start, start - reach)
        hi = min(line_end, end + reach)
        if lo > line_start:  # start at a word boundary
            space = source.find(" ", lo, start)
            lo = space + 1 if space >= 0 else lo
        if hi < line_end:
            space = source.rfind(" ", end, hi)
            hi = space if space >= 0 else hi
        if windows and lo <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def _finding_item(fid: str, f: Finding) -> str:
    link = _safe_link(f.link)
    rule = (f'<a class="rule" href="{_e(link)}" rel="noopener noreferrer">{_e(f.rule)}</a>' if link
            else f'<span class="rule">{_e(f.rule)}</span>')
    parts = [
        f'<li class="finding" tabindex="0" data-id="{fid}" '
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
    parts.append("</li>")
    return "".join(parts)


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


PART = "<!---->"  # joins the whole texts in the compressed blob; escaped article text has no '<'


def _passages(source: str, ids: list[tuple[str, Finding]], part: int) -> str:
    """The passages around the findings, and a button that brings the whole text (part `part`)."""
    pieces = []
    for lo, hi in passage_windows(source, [f for _, f in ids]):
        left = "…" if lo > 0 and source[lo - 1] != "\n" else ""
        right = "…" if hi < len(source) and source[hi] != "\n" else ""
        pieces.append(f'<pre class="text passage"><span class="passage-line">line {_line_of(source, lo)}</span>'
                      f"{left}{highlighted(source, ids, lo, hi)}{right}</pre>")
    button = f'<button type="button" class="whole" data-part="{part}">Show the whole text</button>'
    return f'<div class="passages">{"".join(pieces)}{button}</div>'


def _file_section(n: int, result: FileResult, report: Report, wholes: list[str] | None = None) -> str:
    """One file's section; with `wholes`, passages only, its whole text appended to `wholes`."""
    path = display_path(result.path, report.root)
    head = f'<section class="file" id="file-{n}"><h2>{_e(path)}</h2>'
    if result.error:
        return head + f'<p class="err">Could not be linted: {_e(result.error)}</p></section>'
    ids = [(f"f{n}-{i}", f) for i, f in enumerate(result.findings, 1)]
    source = source_of(result)
    if source is None:
        text = '<p class="none">(The text is not available: shown without it.)</p>'
    elif wholes is None:
        text = f'<pre class="text">{highlighted(source, ids)}</pre>'
    else:
        text = _passages(source, ids, len(wholes))
        wholes.append(highlighted(source, ids))
    items = "".join(_finding_item(fid, f) for fid, f in ids)
    return head + f'<div class="article">{text}<ol class="findings">{items}</ol></div></section>'


def _counts_table(title: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="n">{v}</td></tr>' for k, v in rows)
    return f'<table class="counts"><thead><tr><th>{_e(title)}</th><th>Findings</th></tr></thead><tbody>{body}</tbody></table>'


def _checkboxes(kind: str, legend: str, values: list[tuple[str, int]]) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-filter="{kind}" value="{_e(v)}" checked> {_e(v)} '
        f'(<span data-count-{kind}="{_e(v)}">{n}</span>)</label>'
        for v, n in values
    )
    return f"<fieldset><legend>{_e(legend)}</legend>{boxes}</fieldset>"


def _packed(markup: str) -> str:
    return base64.b64encode(gzip.compress(markup.encode("utf-8"), 6, mtime=0)).decode("ascii")


def worst_first(results: Iterable[FileResult]) -> list[FileResult]:
    """Files that could not be linted, then by errors, warnings, suggestions (most first), then path."""
    def key(r: FileResult) -> tuple:
        counts = collections.Counter(f.severity for f in r.findings)
        return (r.error is None, -counts[Severity.ERROR], -counts[Severity.WARNING], -counts[Severity.SUGGESTION], r.path)

    return sorted(results, key=key)


def _index(shown: list[FileResult], report: Report) -> str:
    rows = []
    for n, r in enumerate(shown, 1):
        counts = collections.Counter(f.severity for f in r.findings)
        path = _e(display_path(r.path, report.root))
        note = ' <span class="err">could not be linted</span>' if r.error else ""
        rows.append(
            f'<tr data-file="file-{n}" data-total="{len(r.findings)}"><td><a href="#file-{n}">{path}</a>{note}</td>'
            f'<td class="n e">{counts[Severity.ERROR]}</td><td class="n w">{counts[Severity.WARNING]}</td>'
            f'<td class="n s">{counts[Severity.SUGGESTION]}</td></tr>'
        )
    head = ('<thead><tr><th>File (worst first)</th><th class="n">Errors</th><th class="n">Warnings</th>'
            '<th class="n">Suggestions</th></tr></thead>')
    return f'<nav class="index" aria-label="Files"><table class="index">{head}<tbody>{"".join(rows)}</tbody></table></nav>\n'


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    findings = report.findings
    counts = report.counts()
    by_pack = sorted(collections.Counter(_pack(f) for f in findings).items())
    by_sev = [(s.label, counts[s]) for s in reversed(Severity)]
    files = len(report.results)
    shown = worst_first(r for r in report.results if r.findings or r.error)
    clean = files - len(shown)
    text_size = sum(len(r.source) for r in shown if r.source is not None)
    whole_text = text_size <= WHOLE_TEXT_BUDGET
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
    out.write(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n')
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    out.write(f"<meta name=\"generator\" content=\"copylint {_e(__version__)}\">\n")
    out.write(f"<title>copylint report: {len(findings)} findings</title>\n<style>{CSS}</style></head>\n<body>\n")
    out.write("<header><h1>copylint report</h1>")
    out.write(
        f'<p><span id="shown">{len(findings)}</span> of {len(findings)} findings shown, in '
        f'<span id="shown-files">{len(shown)}</span> of '
        f"{files} file{'s' if files != 1 else ''}"
        + (f" ({clean} without findings)" if clean else "")
        + ("." if whole_text else "; passages around the findings are shown, the whole text on request.")
        + "</p>"
    )
    if report.notices:  # what the run left out or could not do: a report must not pass it over
        out.write('<ul class="notices">' + "".join(f"<li>{_e(m)}</li>" for m in report.notices) + "</ul>")
    out.write('<div class="summary">')
    out.write(_counts_table("Severity", by_sev))
    if by_pack:
        out.write(_counts_table("Pack", by_pack))
    out.write(_checkboxes("severity", "Show severities", by_sev))
    if by_pack:
        out.write(_checkboxes("pack", "Show packs", by_pack))
    out.write('<label>Search <input type="search" id="q" placeholder="words in a finding or a path" '
              'autocomplete="off"></label>')
    out.write("</div>")
    out.write(
        '<p class="keys"><kbd>j</kbd>/<kbd>n</kbd> next finding, <kbd>k</kbd>/<kbd>p</kbd> previous, '
        "<kbd>/</kbd> search; <kbd>Tab</kbd> also moves through them. Click a highlight to see its finding.</p>"
        "</header>\n<main>\n"
    )
    if not findings and not shown:
        out.write(f'<p class="none">No problems found in {files} file{"s" if files != 1 else ""}.</p>')
    else:
        out.write(_index(shown, report))
    if whole_text:
        for n, result in enumerate(shown, 1):
            out.write(_file_section(n, result, report))
            out.write("\n")
    else:  # a large run: the sections and the whole texts travel compressed, inflated by the script
        wholes: list[str] = []
        sections = "\n".join(_file_section(n, result, report, wholes) for n, result in enumerate(shown, 1))
        out.write(f'<div id="sections" hidden data-z="{_packed(sections)}"></div>\n')
        out.write(f'<div id="texts" hidden data-part="{_e(PART)}" data-z="{_packed(PART.join(wholes))}"></div>\n')
    summaries = {f.rule: getattr(report.rules.get(f.rule), "summary", "") or "" for f in findings}
    out.write(f'<div id="rules" hidden data-summaries="{_e(json.dumps(summaries, ensure_ascii=False))}"></div>\n')
    out.write(f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n")
