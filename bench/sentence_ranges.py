"""How often `copylint serve`'s `sentenceRanges` are a real LanguageTool's, sentence by sentence.

    python scripts/languagetool.py serve --port 8093 &      # a real LanguageTool 6.8
    python bench/sentence_ranges.py http://127.0.0.1:8093 NAME=DIR... [-n 40]

For each source (a folder of plain-text stories: ../shared/corpus/bbc-news, or those
bench/sources.py writes), `-n` stories chosen at random (their first 6,000 characters) go to
LanguageTool's /v2/check; the sentences it answers are compared with the ones copylint
computes (ltprotocol.sentence_spans, as /v2/check answers them). Prints, per source, how
many of LanguageTool's sentences copylint gives exactly, and a few places where they differ.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import urllib.parse
import urllib.request
from pathlib import Path


def languagetool_ranges(url: str, text: str) -> list[tuple[int, int]]:
    body = urllib.parse.urlencode({"text": text, "language": "en-US"}).encode()
    with urllib.request.urlopen(f"{url.rstrip('/')}/v2/check", data=body, timeout=120) as answer:
        return [tuple(r) for r in json.loads(answer.read()).get("sentenceRanges") or ()]


def copylint_ranges(text: str) -> list[tuple[int, int]]:
    from copylint.codeunits import CodeUnits
    from copylint.ltprotocol import Annotated, Sentences

    return [tuple(r) for r in Sentences(Annotated(text, text)).ranges(CodeUnits(text))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("languagetool", help="URL of a running LanguageTool server")
    ap.add_argument("source", nargs="+", help="NAME=DIR of plain-text stories")
    ap.add_argument("-n", type=int, default=40, help="stories per source")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    print("| source | stories | LanguageTool's sentences | copylint's the same | share |")
    print("|---|---|---|---|---|")
    notes = []
    for spec in args.source:
        name, _, folder = spec.partition("=")
        files = sorted(Path(folder).rglob("*.txt"))
        random.Random(args.seed).shuffle(files)
        total = same = 0
        for path in files[: args.n]:
            text = path.read_text(encoding="utf-8", errors="replace")[:6000]
            theirs, ours = languagetool_ranges(args.languagetool, text), copylint_ranges(text)
            total += len(theirs)
            same += len(set(theirs) & set(ours))
            for end in sorted({e for _s, e in theirs} ^ {e for _s, e in ours})[:2]:
                who = "LanguageTool" if end in {e for _s, e in theirs} else "copylint"
                notes.append(f"{name}: only {who} ends a sentence here: {text[max(0, end - 40):end + 20]!r}")
        print(f"| {name} | {min(args.n, len(files))} | {total} | {same} | {same / max(total, 1):.1%} |")
    for note in notes[:20]:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
