#!/usr/bin/env python3
"""LanguageTool's matches on clean news copy, per rule id and category (for the news profile).

    python bench/grammar_precision.py collect --server URL --out matches.jsonl CORPUS_DIR...
    python bench/grammar_precision.py table matches.jsonl [--samples 8]

`collect` sends each article's prose exactly as the grammar pack does (copylint's reader,
code and URLs stood in for, one request per article, LanguageTool's default rules, no
profile, nothing dropped) and writes one JSON line per match: corpus, file, rule, category,
issue type, the matched text and its sentence. `table` prints matches per 1,000 words per
rule and category with sample matches to read and judge; the judgements go into
rules/grammar/data/news.yml and docs/grammar.md. Start a server with
`python scripts/languagetool.py serve`. Clean copy means every match is a false alarm
unless a reader finds a real slip in it: the table is a count of alarms, the judging says
which are real.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from copylint.checks.grammar import STAND_IN  # noqa: E402
from copylint.checks.grammar_client import Connection, Request, Settings, Source  # noqa: E402
from copylint.document import PLACEHOLDER  # noqa: E402
from copylint.formats import format_for, read_document  # noqa: E402
from copylint.textio import read_path  # noqa: E402

WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md", ".html"))


def collect(args: argparse.Namespace) -> None:
    conn = Connection(Settings(Source("server", args.server), args.language, 60.0, True, 50_000_000))
    if not conn.connect():
        sys.exit(f"cannot reach LanguageTool: {conn.error}")
    files = [(Path(c).name, f) for c in args.corpus for f in _files(Path(c))]
    if args.sample and args.sample < len(files):
        files = random.Random(args.seed).sample(files, args.sample)
    words = collections.Counter()
    started = time.monotonic()
    with open(args.out, "w", encoding="utf-8") as out:
        for i, (corpus, path) in enumerate(files):
            doc = read_document(str(path), read_path(str(path)).text, format_for(str(path)), ())
            text = doc.prose.replace(PLACEHOLDER, STAND_IN)
            words[corpus] += len(WORD_RE.findall(doc.prose))
            for m in conn.check(text, Request(language=args.language)):
                left = max(text.rfind("\n", 0, m.start), 0)
                right = text.find("\n", m.end)
                out.write(json.dumps({
                    "corpus": corpus, "file": str(path), "rule": m.rule, "category": m.category,
                    "issue": m.issue, "match": text[m.start:m.end], "replacements": list(m.replacements[:2]),
                    "context": text[max(left, m.start - 90):(right if right >= 0 else len(text))][: 200 + m.end - m.start],
                    "message": m.message,
                }, ensure_ascii=False) + "\n")
            if (i + 1) % 200 == 0:
                print(f"{i + 1}/{len(files)} files, {time.monotonic() - started:.0f}s", file=sys.stderr)
        out.write(json.dumps({"words": dict(words), "files": len(files),
                              "seconds": round(time.monotonic() - started, 1)}) + "\n")
    conn.close()
    print(f"{len(files)} files, {sum(words.values())} words, {time.monotonic() - started:.0f}s", file=sys.stderr)


def table(args: argparse.Namespace) -> None:
    rows, meta = [], {}
    for line in open(args.matches, encoding="utf-8"):
        row = json.loads(line)
        if "words" in row:
            meta = row
        else:
            rows.append(row)
    words = sum(meta.get("words", {}).values()) or 1
    print(f"{meta.get('files')} files, {words} words ({meta.get('words')}), {len(rows)} matches, "
          f"{1000 * len(rows) / words:.2f} per 1,000 words\n")
    for key in ("category", "rule"):
        counts = collections.Counter(r[key] for r in rows)
        by_corpus = collections.defaultdict(collections.Counter)
        for r in rows:
            by_corpus[r[key]][r["corpus"]] += 1
        print(f"## by {key}\n")
        for name, n in counts.most_common(args.top):
            cats = {r["category"] for r in rows if r[key] == name}
            print(f"{name:40} {n:6} {1000 * n / words:7.3f}/1k  {dict(by_corpus[name])}"
                  + (f"  [{','.join(sorted(cats))}]" if key == "rule" else ""))
        print()
    if args.samples:
        rng = random.Random(1)
        counts = collections.Counter(r["rule"] for r in rows)
        for name, n in counts.most_common(args.top):
            picked = [r for r in rows if r["rule"] == name]
            rng.shuffle(picked)
            print(f"### {name} ({n})")
            for r in picked[: args.samples]:
                ctx = " ".join(r["context"].split())
                print(f"  [{r['match']}] -> {r['replacements'][:1]} | {ctx[:220]}")
            print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("corpus", nargs="+")
    c.add_argument("--server", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--language", default="en-US")
    c.add_argument("--sample", type=int, default=0, help="a random sample of this many files")
    c.add_argument("--seed", type=int, default=12)
    t = sub.add_parser("table")
    t.add_argument("matches")
    t.add_argument("--top", type=int, default=40)
    t.add_argument("--samples", type=int, default=0)
    args = parser.parse_args()
    collect(args) if args.command == "collect" else table(args)


if __name__ == "__main__":
    main()
