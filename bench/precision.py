"""Precision of the default rule set on clean copy and on extraction leftovers.

    python bench/precision.py [--shared PATH] [--source NAME=DIR ...] [--write docs/precision.md]
                              [--select PREFIX,...] [--list findings.tsv]

1. Clean, professionally edited copy: the BBC corpus from shared/ and each `--source` folder of
   .txt stories (bench/sources.py turns NLTK's Brown press, WSJ, NYT/AP and ABC samples into
   such folders). Per source and per rule: warnings + errors per 1,000 words and errors per
   1,000 words. Targets: at most 0.3 and 0.02.
2. The extraction set (extractor output beside gold article bodies): each extractor's text for
   each page is written to a file and linted; a flagged line whose text is contained in the gold
   body is a false positive on real copy, any other flagged line is a leftover of the web page.
   Target: at most 1 flagged line in a gold body per 100 flagged lines.

3. Archives read by hand (`--archive NAME=DIR`, `--sample N`, `--seed S`): every Markdown, HTML
   and text file of each archive is linted, the warnings and errors of all the archives are put
   in one order (archive, path, line, column, rule), shuffled with `random.Random(seed)`, and the
   first N are printed with their source line, for a person to read each in its file and judge.
   Use a seed no earlier sample used (docs/precision.md lists them).

It runs the real pipeline (the Python API, a config of defaults, every pack installed at run
time) in worker processes. `--select` restricts the run to some rules or packs, so a pack's
author can measure just their pack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from copylint.document import WORD_RE
from copylint.findings import FileResult, Severity
from copylint.config import select_rules
from copylint.linter import RunOptions, lint_paths

ROOT = Path(__file__).resolve().parent.parent
LEVELS = (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
_SPACE_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


@dataclass
class Tally:
    """Findings counted by rule and severity."""

    by_rule: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    levels: Counter = field(default_factory=Counter)

    def add(self, rule: str, severity: Severity) -> None:
        self.by_rule[rule][severity] += 1
        self.levels[severity] += 1


@dataclass
class Options:
    shared: Path
    select: tuple[str, ...] | None
    jobs: int
    as_of: dt.date
    sources: dict[str, str] = field(default_factory=dict)  # name -> folder of .txt stories


def _run_options(cfg: str, opts: Options, keep_source: bool = False) -> RunOptions:
    return RunOptions(config_path=cfg, select=opts.select, as_of=opts.as_of, keep_source=keep_source,
                      cwd=os.path.dirname(cfg))


def _write_config(folder: str) -> str:
    path = os.path.join(folder, ".copylint.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("extends: default\n")
    return path


def rules_in_force(cfg: str, opts: Options) -> dict[str, Severity]:
    """Every rule the run uses, with its level, so that rules with no finding show as 0."""
    from copylint.linter import config_for

    fc = config_for(os.path.join(os.path.dirname(cfg), "x.txt"), _run_options(cfg, opts))
    return {s.rule.meta.id: s.severity for s in select_rules(fc.config, fc.catalog, "x.txt", opts.select)}


def _errors(results: list[FileResult], notices) -> list[str]:
    out = [f"{r.path}: {r.error}" for r in results if r.error]
    out += [f"{p}: {m}" for p, m in notices.file_errors]
    out += [f"{rid} unavailable: {why}" for rid, why in notices.unavailable_rules.items()]
    return out


# ------------------------------------------------------------------ clean copy


@dataclass
class CleanResult:
    """One source of clean, edited copy: its files, words and findings."""

    name: str
    files: int
    words: int
    tally: Tally
    rules: dict[str, Severity]
    problems: list[str]
    seconds: float
    serious: list[tuple[str, str, str, str]] = field(default_factory=list)  # (rule, level, where, context)


def _context(source: str, f) -> str:
    lines = source.splitlines()
    if not 0 < f.start.line <= len(lines):
        return ""
    line = lines[f.start.line - 1]
    col = f.start.column - 1
    return _norm(line[max(0, col - 50):col]) + " [[" + _norm(line[col:col + 30]) + "]]"


def run_clean(name: str, paths: list[str], opts: Options, cfg: str) -> CleanResult:
    t0 = time.perf_counter()
    results, notices = lint_paths(paths, _run_options(cfg, opts, keep_source=True), opts.jobs)
    seconds = time.perf_counter() - t0
    tally = Tally()
    words = 0
    serious = []
    for r in results:
        words += len(WORD_RE.findall(r.source or ""))
        for f in r.findings:
            tally.add(f.rule, f.severity)
            if f.severity >= Severity.WARNING:
                serious.append((f.rule, f.severity.label, f"{r.path}:{f.start.line}:{f.start.column}",
                                _context(r.source or "", f)))
    return CleanResult(name, len(paths), words, tally, rules_in_force(cfg, opts), _errors(results, notices),
                       seconds, serious)


def clean_sources(opts: Options) -> dict[str, list[str]]:
    """The BBC corpus from shared/, then every other source named with --source."""
    sources = {}
    bbc = opts.shared / "corpus" / "bbc-news"
    if bbc.is_dir():
        sources["bbc"] = sorted(str(p) for p in bbc.rglob("*.txt") if p.name.lower() != "readme.txt")
    for name, folder in opts.sources.items():
        sources[name] = sorted(str(p) for p in Path(folder).rglob("*.txt"))
    return sources


# ------------------------------------------------------------------ archives read by hand

ARCHIVE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt")


def sample_archives(archives: dict[str, str], n: int, seed: int, opts: Options, cfg: str) -> str:
    """N of the archives' warnings and errors, drawn at random, each with its source line."""
    where: dict[str, str] = {}
    for name, folder in archives.items():
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file() and p.suffix.lower() in ARCHIVE_SUFFIXES:
                where[str(p)] = name
    results, notices = lint_paths(sorted(where), _run_options(cfg, opts, keep_source=True), opts.jobs)
    pool = []
    words: Counter = Counter()
    for r in results:
        name = where[r.path]
        words[name] += len(WORD_RE.findall(r.source or ""))
        lines = (r.source or "").splitlines()
        rel = os.path.relpath(r.path, archives[name])
        for f in r.findings:
            if f.severity < Severity.WARNING:
                continue
            line = lines[f.start.line - 1] if 0 < f.start.line <= len(lines) else ""
            pool.append((name, rel, f.start.line, f.start.column, f.rule, f.severity.label, f.message, line))
    pool.sort(key=lambda x: x[:5])
    counts = Counter(x[0] for x in pool)
    out = [f"# {len(pool)} warnings and errors: "
           + ", ".join(f"{a} {counts[a]} ({words[a]:,} words)" for a in archives)
           + f"; sample of {min(n, len(pool))}, seed {seed}", ""]
    random.Random(seed).shuffle(pool)
    for i, (name, rel, line, col, rule, level, message, text) in enumerate(pool[:n], 1):
        c = col - 1
        shown = text[max(0, c - 120):c] + "[[" + text[c:c + 60] + "]]" if len(text) > 180 else text
        out += [f"{i}. {rule} {level} {name}/{rel}:{line}:{col}: {message}", f"    {shown.strip()}"]
    out += [f"- {p}" for p in _errors(results, notices)[:20]]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ extraction set


@dataclass
class LineTally:
    """Flagged lines, split into lines of the gold body and leftovers."""

    in_gold: int = 0
    leftover: int = 0

    @property
    def flagged(self) -> int:
        return self.in_gold + self.leftover


@dataclass
class ExtractionResult:
    pages: int
    extractors: dict[str, dict[str, LineTally]]  # extractor -> {"serious": .., "any": ..}
    by_rule: dict[str, LineTally]  # rule -> lines (any severity) in gold / leftover
    rule_levels: dict[str, Counter]
    gold_examples: list[tuple[str, str, str]]  # (rule, extractor/page, line)
    substring: Counter  # extractor -> flagged lines (any severity) found in the gold as a bare substring
    problems: list[str]
    seconds: float
    by_rule_serious: dict[str, LineTally] = field(default_factory=dict)  # lines with a warning or error


@dataclass(frozen=True)
class Gold:
    """A page's gold article body: its text and its lines, whitespace collapsed."""

    text: str
    lines: frozenset[str]

    def holds(self, line: str) -> bool:
        """Whether a flagged line is article copy.

        The line must stand in the gold body at word boundaries; a line of one or two words
        ("Twitter", "Share") must be a whole line of the gold body, since as a substring it
        would be "found" in any story that mentions Twitter in a sentence.
        """
        if not line:
            return False
        if len(WORD_RE.findall(line)) < 3:
            return line in self.lines
        if line not in self.text:
            return False
        return re.search(rf"(?<!\w){re.escape(line)}(?!\w)", self.text) is not None


def _load_extraction(folder: Path) -> tuple[dict[str, Gold], dict[str, dict[str, str]]]:
    gold_raw = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {}
    for pid, v in gold_raw.items():
        body = v.get("articleBody") or ""
        gold[pid] = Gold(_norm(body), frozenset(_norm(x) for x in body.splitlines() if x.strip()))
    outputs: dict[str, dict[str, str]] = {}
    for path in sorted((folder / "extractor-output").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data.get("output", data)
        outputs[path.stem] = {
            pid: (v.get("articleBody") or "") if isinstance(v, dict) else str(v or "")
            for pid, v in data.items()
        }
    return gold, outputs


def run_extraction(opts: Options, cfg: str, tmp: str) -> ExtractionResult:
    gold, outputs = _load_extraction(opts.shared / "eval" / "extraction")
    where: dict[str, tuple[str, str]] = {}
    for name, pages in outputs.items():
        os.makedirs(os.path.join(tmp, name), exist_ok=True)
        for pid, text in pages.items():
            if pid not in gold or not text.strip():
                continue
            path = os.path.join(tmp, name, pid + ".txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            where[path] = (name, pid)
    t0 = time.perf_counter()
    results, notices = lint_paths(sorted(where), _run_options(cfg, opts, keep_source=True), opts.jobs)
    seconds = time.perf_counter() - t0
    extractors = {name: {"serious": LineTally(), "any": LineTally()} for name in outputs}
    substring: Counter = Counter()  # flagged lines found in the gold text as a bare substring
    by_rule: dict[str, LineTally] = defaultdict(LineTally)
    by_rule_serious: dict[str, LineTally] = defaultdict(LineTally)  # lines with a warning or error
    rule_levels: dict[str, Counter] = defaultdict(Counter)
    examples: list[tuple[str, str, str]] = []
    for r in results:
        name, pid = where[r.path]
        lines = (r.source or "").splitlines()
        worst: dict[int, Severity] = {}
        rules_on: dict[int, dict[str, Severity]] = defaultdict(dict)
        for f in r.findings:
            ln = f.start.line
            worst[ln] = max(worst.get(ln, Severity.SUGGESTION), f.severity)
            rules_on[ln][f.rule] = max(rules_on[ln].get(f.rule, Severity.SUGGESTION), f.severity)
            rule_levels[f.rule][f.severity] += 1
        for ln, level in worst.items():
            text = _norm(lines[ln - 1]) if 0 < ln <= len(lines) else ""
            inside = gold[pid].holds(text)
            if text and text in gold[pid].text:
                substring[name] += 1
            kinds = ("any", "serious") if level >= Severity.WARNING else ("any",)
            for kind in kinds:
                tally = extractors[name][kind]
                if inside:
                    tally.in_gold += 1
                else:
                    tally.leftover += 1
            for rule, rule_level in rules_on[ln].items():
                if rule_level >= Severity.WARNING:
                    tally = by_rule_serious[rule]
                    if inside:
                        tally.in_gold += 1
                    else:
                        tally.leftover += 1
                if inside:
                    by_rule[rule].in_gold += 1
                    if len(examples) < 400:
                        examples.append((rule, f"{name}/{pid[:8]}:{ln}", text[:100]))
                else:
                    by_rule[rule].leftover += 1
    return ExtractionResult(len(gold), extractors, dict(by_rule), dict(rule_levels), examples,
                            substring, _errors(results, notices), seconds, dict(by_rule_serious))


# ------------------------------------------------------------------ output


LINE_PACKS = ("boilerplate", "stamps", "placeholders")


def _per(n: int, base: int, unit: int) -> str:
    return f"{unit * n / base:.3f}" if base else "-"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def _serious(c: Counter) -> int:
    return c[Severity.ERROR] + c[Severity.WARNING]


def clean_report(clean: list[CleanResult]) -> list[str]:
    """Per source, then per rule and source: warnings+errors and errors per 1,000 words."""
    lines = [
        "## Clean copy, by source",
        "",
        "Professionally edited stories, where every warning or error is a false alarm or a slip the "
        "publisher let through. Targets: warnings + errors ≤ 0.3 per 1,000 words, errors ≤ 0.02.",
        "",
    ]
    rows = []
    for c in clean:
        t = c.tally
        rows.append([c.name, str(c.files), f"{c.words:,}", str(_serious(t.levels)),
                     _per(_serious(t.levels), c.words, 1000), str(t.levels[Severity.ERROR]),
                     _per(t.levels[Severity.ERROR], c.words, 1000), str(t.levels[Severity.SUGGESTION]),
                     f"{c.seconds:.1f}"])
    lines += _table(["source", "files", "words", "warnings + errors", "per 1,000 words", "errors",
                     "per 1,000 words", "suggestions", "seconds"], rows) + [""]
    levels = {}
    for c in clean:
        levels.update(c.rules)
    everyone = set(levels)
    for c in clean:
        everyone |= set(c.tally.by_rule)

    def weight(rule: str) -> tuple:
        return (-sum(_serious(c.tally.by_rule[rule]) / max(c.words, 1) for c in clean),
                -sum(sum(c.tally.by_rule[rule].values()) for c in clean), rule)

    rows = []
    for rule in sorted(everyone, key=weight):
        if not any(sum(c.tally.by_rule[rule].values()) for c in clean):
            continue
        row = [f"`{rule}`", levels[rule].label if rule in levels else "?"]
        for c in clean:
            by = c.tally.by_rule[rule]
            row.append(f"{_per(_serious(by), c.words, 1000)} / {_per(by[Severity.ERROR], c.words, 1000)}")
        rows.append(row)
    silent = sorted(everyone - {r[0].strip("`") for r in rows})
    lines += ["By rule: warnings + errors / errors, per 1,000 words (rules with a finding of any level):", ""]
    lines += _table(["rule", "level"] + [c.name for c in clean], rows) + [""]
    if silent:
        lines += [f"Rules in force with no finding on any source: {', '.join(f'`{r}`' for r in silent)}.", ""]
    problems = [f"{c.name}: {p}" for c in clean for p in c.problems[:10]]
    if problems:
        lines += ["Problems during the run:", ""] + [f"- {p}" for p in problems] + [""]
    return lines


def report(clean: list[CleanResult], ext: ExtractionResult | None, opts: Options, examples: int) -> str:
    lines: list[str] = ["# Precision of the default rule set", ""]
    sel = ", ".join(opts.select) if opts.select else "every rule on by default"
    lines += [
        f"Generated by `python bench/precision.py` on {dt.date.today().isoformat()}"
        f" (rules: {sel}; reference date {opts.as_of.isoformat()}).",
        "",
    ]
    if clean:
        lines += clean_report(clean)
    if ext is not None:
        lines += [
            "## Extraction set (extractor output beside gold bodies)",
            "",
            f"{ext.pages} pages × {len(ext.extractors)} extractors, linted in {ext.seconds:.1f} s. "
            "A flagged line is a line with at least one finding; it is *in gold* when its text is "
            "contained in the page's gold article body at word boundaries (a false positive on real "
            "copy), else a *leftover*. A line of one or two words (\"Twitter\", \"Share\") is in gold "
            "only when it is a whole line of the gold body: as a bare substring it would be found in "
            "every story that mentions Twitter. The last column counts flagged lines (any severity) "
            "found in the gold as a bare substring, the strictest reading.",
            "",
        ]
        rows = []
        tot = {"serious": LineTally(), "any": LineTally()}
        for name, kinds in sorted(ext.extractors.items()):
            s, a = kinds["serious"], kinds["any"]
            for k in tot:
                tot[k].in_gold += kinds[k].in_gold
                tot[k].leftover += kinds[k].leftover
            rows.append([name, str(s.flagged), str(s.in_gold), str(s.leftover),
                         str(a.flagged), str(a.in_gold), str(a.leftover), str(ext.substring[name])])
        s, a = tot["serious"], tot["any"]
        rows.append(["**total**", str(s.flagged), str(s.in_gold), str(s.leftover),
                     str(a.flagged), str(a.in_gold), str(a.leftover), str(sum(ext.substring.values()))])
        lines += _table(["extractor", "flagged (warning+)", "in gold", "leftover",
                         "flagged (any)", "in gold", "leftover", "substring of gold"], rows) + [""]
        lines += [
            f"**Flagged lines in a gold body per 100 flagged lines: {_per(s.in_gold, s.flagged, 100)} "
            f"at warning or error, {_per(a.in_gold, a.flagged, 100)} at any severity** (target ≤ 1).",
            "",
        ]
        leftover_rules = LineTally()
        for rule, lt in ext.by_rule_serious.items():
            if rule.split(".", 1)[0] in LINE_PACKS:
                leftover_rules.in_gold += lt.in_gold
                leftover_rules.leftover += lt.leftover
        lines += [
            f"The packs that say a line does not belong in the story ({', '.join(LINE_PACKS)}) flag "
            f"{leftover_rules.flagged} lines at warning or error, {leftover_rules.in_gold} of them in a gold body: "
            f"**{_per(leftover_rules.in_gold, leftover_rules.flagged, 100)} per 100**. The copyedit packs "
            "(spelling, typos, style, moderation) flag faults *in* lines, so their lines in a gold body are "
            "either false positives or slips the gold itself kept; the examples below tell which.",
            "",
        ]
        if ext.by_rule:
            rows = []
            for rule in sorted(ext.by_rule, key=lambda r: (-ext.by_rule[r].in_gold, -ext.by_rule[r].leftover, r)):
                lt = ext.by_rule[rule]
                serious = ext.by_rule_serious.get(rule, LineTally())
                lv = ext.rule_levels.get(rule, Counter())
                levels = "/".join(str(lv[x]) for x in LEVELS)
                rows.append([f"`{rule}`", str(lt.in_gold), str(lt.leftover), str(serious.in_gold),
                             str(serious.leftover), levels])
            lines += ["By rule (lines):", ""]
            lines += _table(["rule", "in gold (any)", "leftover (any)", "in gold (warning+)",
                             "leftover (warning+)", "findings error/warning/suggestion"], rows) + [""]
        if examples and ext.gold_examples:
            lines += [f"First {examples} flagged lines that are in a gold body:", ""]
            lines += [f"- `{r}` {w}: {t}" for r, w, t in ext.gold_examples[:examples]] + [""]
        if ext.problems:
            lines += ["Problems during the run:", ""] + [f"- {p}" for p in ext.problems[:20]] + [""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.environ.get("COPYLINT_SHARED", str(ROOT.parent / "shared")),
                    help="the shared data folder (default: ../shared beside the checkout)")
    ap.add_argument("--write", metavar="PATH", help="also write the figures as Markdown to PATH")
    ap.add_argument("--select", help="only these rules or packs, comma-separated (default: the default set)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--as-of", default=None, help="reference date for stamp rules (default: today)")
    ap.add_argument("--only", choices=("clean", "extraction"), help="run one of the two sets")
    ap.add_argument("--source", action="append", default=[], metavar="NAME=DIR",
                    help="another source of clean copy: a folder of .txt stories (bench/sources.py makes some)")
    ap.add_argument("--archive", action="append", default=[], metavar="NAME=DIR",
                    help="an archive to sample for reading by hand (with --sample and --seed)")
    ap.add_argument("--sample", type=int, default=50, help="how many archive findings to draw (default 50)")
    ap.add_argument("--seed", type=int, default=None, help="the seed of the archive sample (required with --archive)")
    ap.add_argument("--list", metavar="PATH", help="write every warning and error on clean copy to PATH (TSV)")
    ap.add_argument("--examples", type=int, default=0,
                    help="list this many flagged lines that are in a gold body (to see false positives)")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not shared.is_dir():
        print(f"shared data folder {shared} not found (use --shared)", file=sys.stderr)
        return 2
    opts = Options(
        shared=shared,
        select=tuple(s.strip() for s in args.select.split(",") if s.strip()) if args.select else None,
        jobs=max(1, args.jobs),
        as_of=dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today(),
        sources=dict(item.split("=", 1) for item in args.source),
    )
    if args.archive:
        if args.seed is None:
            print("--archive needs --seed (one no earlier sample used)", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="copylint-precision-") as tmp:
            text = sample_archives(dict(a.split("=", 1) for a in args.archive), args.sample, args.seed,
                                   opts, _write_config(tmp))
        print(text, end="")
        return 0
    with tempfile.TemporaryDirectory(prefix="copylint-precision-") as tmp:
        cfg = _write_config(tmp)
        clean = []
        if args.only in (None, "clean"):
            clean = [run_clean(name, paths, opts, cfg) for name, paths in clean_sources(opts).items()]
        ext = run_extraction(opts, cfg, tmp) if args.only in (None, "extraction") else None
    text = report(clean, ext, opts, args.examples)
    if args.list:
        with open(args.list, "w", encoding="utf-8") as fh:
            for c in clean:
                for row in c.serious:
                    fh.write("\t".join((c.name,) + row) + "\n")
    print(text, end="")
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
