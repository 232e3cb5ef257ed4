"""Extract the bigram counts typos.real-word and typos.offensive-typo need.

    python scripts/build_bigrams.py [--local TEXT_DIR...]

`rules/typos/data/bigrams.tsv`: from the English bigram frequency list that `symspellpy`
ships (`frequency_bigramdictionary_en_243_342.txt`: 242,000 lowercase word pairs with their
counts, every pair counted 6.4 million times or more), the pairs with a member of a confusion
set (or a word of a contraction's expansion) on either side, so that the model loads in a few
milliseconds. `bigrams-offensive.tsv`: the other pairs of the list with an offensive word of
`rules/typos/data/offensive-words.yml` or one of its innocent neighbours (typos.real-word never
reads them).

`rules/typos/data/bigrams-local.tsv` (with --local): the same words' pairs counted in text the
project may use, where the source list lacks them (they are under its floor: 'drought prone',
'thorny issue'), with the factor that scales a local count to the source list's (the median
ratio over the pairs both have). A hyphenated compound counts as a pair ('drought-prone').
The texts are .txt, .md and .json files (a .json's "main_content" and "title"); none is
committed. The figures in docs/spelling.md come from: the ground truth of
tiptopjaw/web-content-extraction-benchmark (1,000 pages of 2025-26, Apache 2.0), 18F's blog
(18F/18f.gsa.gov, public domain) and NLTK's `state_union` and `inaugural` packages (US
presidential addresses, public domain): about 2.8 million words. (Adding GSA's Digital.gov
posts, public domain, 2.1 million words more, moved recall on the test sentences by 0.1 point:
not worth the larger file.)

Rerun after editing `confusion-sets.yml` or `offensive-words.yml`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rules" / "typos" / "data"
sys.path.insert(0, str(ROOT / "src"))

_CLAUSE = re.compile(r"[^\s\w'’-]+|\n\s*\n")  # a pair never spans punctuation or a paragraph
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


def model_words() -> tuple[set[str], set[str]]:
    """The confusion sets' words, and the offensive words with their innocent neighbours."""
    from copylint.checks.spelling import Speller
    from copylint.checks.typos import OffensiveWords

    conf = yaml.safe_load((DATA / "confusion-sets.yml").read_text(encoding="utf-8"))
    words = {w for s in conf["sets"] for w in s["words"]}
    for exp in conf.get("expansions", {}).values():
        words.update(exp.split())
    off = OffensiveWords.read(str(DATA / "offensive-words.yml"))
    lex = Speller().lexicon
    offensive = set()
    for w in off.words:
        offensive.add(w)
        offensive.update(n for n, _cost in off.neighbours(w, lex))
    return words, offensive


def texts(folders: list[str]):
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix == ".json":
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (ValueError, UnicodeDecodeError):
                    continue
                gt = data.get("ground_truth", data) if isinstance(data, dict) else {}
                yield f"{gt.get('title') or ''}\n\n{gt.get('main_content') or ''}"
            elif path.suffix in (".txt", ".md") or (path.is_file() and not path.suffix and "README" not in path.name):
                text = path.read_text(encoding="utf-8", errors="replace")
                if text.startswith("---\n"):  # a Markdown post's front matter is no prose
                    end = text.find("\n---", 4)
                    text = text[end + 4 :] if end > 0 else text
                yield text


def local_counts(folders: list[str], words: set[str]) -> tuple[Counter, Counter, int]:
    pairs: Counter = Counter()
    single: Counter = Counter()
    total = 0
    for text in texts(folders):
        for clause in _CLAUSE.split(text):
            toks = [t.lower().replace("’", "'") for t in _WORD.findall(clause)]
            total += len(toks)
            single.update(t for t in toks if t in words)
            for a, b in zip(toks, toks[1:]):
                if a in words or b in words:
                    pairs[(a, b)] += 1
    return pairs, single, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--local", nargs="*", default=None, help="folders of text to count local pairs in")
    args = ap.parse_args(argv)
    confusable, offensive = model_words()
    words = confusable | offensive
    spec = importlib.util.find_spec("symspellpy")
    assert spec and spec.submodule_search_locations
    src = Path(list(spec.submodule_search_locations)[0]) / "frequency_bigramdictionary_en_243_342.txt"
    kept: dict[tuple[str, str], int] = {}
    for line in src.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and (parts[0] in words or parts[1] in words):
            kept[(parts[0], parts[1])] = int(parts[2])
    # typos.real-word reads the first file alone; typos.offensive-typo both
    first = {p: n for p, n in kept.items() if p[0] in confusable or p[1] in confusable}
    for name, pairs, what in (("bigrams.tsv", first, "a confusion-set word"),
                              ("bigrams-offensive.tsv", {p: n for p, n in kept.items() if p not in first},
                               "an offensive-typo word and none of bigrams.tsv")):
        lines = sorted(f"{a} {b}\t{n}" for (a, b), n in pairs.items())  # code-point order, for bisection
        out = DATA / name
        out.write_text(f"# w1 w2<TAB>count, sorted (symspellpy's bigram list, pairs with {what})\n"
                       + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} bigrams -> {out}")
    if args.local is None:
        return 0
    pairs, single, total = local_counts(args.local, words)
    ratios = [kept[p] / n for p, n in pairs.items() if n >= 3 and p in kept]
    scale = statistics.median(ratios)
    local = sorted(f"{a} {b}\t{n}" for (a, b), n in pairs.items() if (a, b) not in kept
                   and (a in words or b in words) and (n >= 2 or a in words and b in words or _rare_pair(a, b, words)))
    # each model word's own count ('word *'): how common it is in edited copy, not on the web
    local += [f"{w} *\t{single[w]}" for w in sorted(words) if " " not in w]
    local.sort()
    out = DATA / "bigrams-local.tsv"
    out.write_text(f"# w1 w2<TAB>count in local text, sorted ('w *': the word alone); words={total} "
                   f"scale={scale:.6g}\n" + "\n".join(local) + "\n", encoding="utf-8")
    print(f"{len(local)} local bigrams from {total} words (scale {scale:.4g}, from {len(ratios)} shared pairs) -> {out}")
    return 0


def _rare_pair(a: str, b: str, words: set[str]) -> bool:
    """A pair seen once is kept where it holds a word of the model and a content word: that is
    where one sighting tells the readings apart ('drought prone', 'thorny issue')."""
    return len(a) > 3 and len(b) > 3


if __name__ == "__main__":
    raise SystemExit(main())
