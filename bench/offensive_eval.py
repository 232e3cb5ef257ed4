"""Precision and recall of typos.offensive-typo on test sentences built from clean text.

    python bench/offensive_eval.py TEXT_DIR... [--half test|dev|all] [--per-word N]

TEXT_DIR holds plain-text files of clean, edited English (the figures in
docs/spelling.md come from /work/wt/data/clean/{abc,brown,ieer,treebank}: NLTK's ABC rural
news, Brown, IE-ER (NYT and AP) and the Penn Treebank sample of the WSJ). None of it trains
the model (`rules/typos/data/bigrams.tsv` and `bigrams-local.tsv`, see their README).

The sets, per offensive word (the words below; each with the innocent words one typing
slip from it in the dictionary, found here as the test's own typist would make them):
- clean: a sentence holding an innocent word ('prone', 'public', 'annual'), as written: must
  stay quiet;
- swapped: the same sentence with that word swapped for the offensive one ('porn', 'pubic',
  'anal'): must be found at that word (at warning or error; "error" counts errors alone);
- genuine: sentences that use the offensive word as meant (`bench/data/offensive-genuine.txt`,
  written for this project, and any such sentence of the text): must stay quiet.
Sentences come from the files of even index (--half test) or odd index (--half dev, where the
margins were read).
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spelling_eval import lint_texts, sentences  # noqa: E402

from copylint.checks.spelling import Speller  # noqa: E402
from copylint.findings import Severity  # noqa: E402

WORDS = ("porn pubic anal horny slut erection shit sex rape prick bitch cock cunt fuck dick tits "
         "arse penis").split()
GENUINE = Path(__file__).resolve().parent / "data" / "offensive-genuine.txt"


def typist_slips(word: str) -> set[str]:
    """What a typist may make of `word`: one letter dropped, added, changed or two swapped; two
    adjacent letters dropped; two swapped and one dropped."""
    out = set()
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out.add(a + b[1:])
        if len(b) > 1:
            out.add(a + b[1] + b[0] + b[2:])
            out.add(a + b[2:])
        for c in string.ascii_lowercase:
            out.add(a + c + b)
            if b:
                out.add(a + c + b[1:])
    for i in range(len(word) - 1):
        t = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        out.update(t[:j] + t[j + 1 :] for j in range(len(t)))
    out.discard(word)
    return out


def cases(sents: list[str], per_word: int, seed: int) -> list[tuple[str, str, str, int, int]]:
    """(set, kind, text, start, end): the clean and swapped sentences of each offensive word."""
    lex = Speller().lexicon
    wanted = set(WORDS)
    innocent: dict[str, list[str]] = defaultdict(list)  # innocent word -> the offensive words it slips to
    word_re = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
    seen: set[str] = set()
    for s in sents:
        seen.update(word_re.findall(s))
    for w in seen:
        if w in wanted or lex.get(w) < 1_000_000:
            continue
        for o in typist_slips(w) & wanted:
            innocent[w].append(o)
    rng = random.Random(seed)
    pools: dict[tuple[str, str], list[tuple[str, re.Match[str]]]] = defaultdict(list)
    for s in sents:
        for m in word_re.finditer(s):
            for o in innocent.get(m.group(), ()):
                pools[(o, m.group())].append((s, m))
    out = []
    for (o, w), pool in sorted(pools.items()):
        rng.shuffle(pool)
        for s, m in pool[:per_word]:
            out.append((o, "clean", s, m.start(), m.end()))
            out.append((o, "swapped", s[: m.start()] + o + s[m.end() :], m.start(), m.start() + len(o)))
    for s in sents:
        for m in word_re.finditer(s):
            if m.group() in wanted:
                out.append((m.group(), "genuine", s, m.start(), m.end()))
    for line in GENUINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m = re.search(r"(?<![\w'’-])(" + "|".join(WORDS) + r")(?![\w'’-])", line, re.I)
            if m:
                out.append((m.group(1).lower(), "genuine", line.strip(), m.start(1), m.end(1)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="+", help="folders of clean .txt files")
    ap.add_argument("--half", choices=("test", "dev", "all"), default="test")
    ap.add_argument("--per-word", type=int, default=40, help="sentences per innocent word")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--show", action="store_true", help="print the false alarms and misses")
    args = ap.parse_args(argv)
    sents = sentences(args.text, args.half)
    cs = cases(sents, args.per_word, args.seed)
    found = lint_texts([c[2] for c in cs], ("typos.offensive-typo",))
    stats: dict[str, Counter] = defaultdict(Counter)
    for (word, kind, text, start, end), fs in zip(cs, found):
        hit = [f for f in fs if f.offset < end and f.end_offset > start]
        stats[word][kind] += 1
        flagged = any(f.severity >= Severity.WARNING for f in hit)
        stats[word][kind + "-flagged"] += flagged
        stats[word][kind + "-error"] += any(f.severity >= Severity.ERROR for f in hit)
        stats[word][kind + "-any"] += bool(hit)
        if args.show and (flagged if kind != "swapped" else not flagged):
            print(f"  {kind} {word}: {text[:start]}[{text[start:end]}]{text[end:]}"[:220])
    print(f"{len(sents)} sentences ({args.half} half); per word set, at warning or error (errors alone):")
    print("| word | clean | false alarms | genuine | false alarms | swapped | found (errors) | precision | recall |")
    print("|---|---|---|---|---|---|---|---|---|")
    total: Counter = Counter()
    for word in WORDS:
        c = stats.get(word)
        if not c:
            continue
        total.update(c)
        print(_row(word, c))
    print(_row("all", total))
    return 0


def _row(word: str, c: Counter) -> str:
    tp = c["swapped-flagged"]
    fp = c["clean-flagged"] + c["genuine-flagged"]
    prec = f"{tp / (tp + fp):.1%}" if tp + fp else "-"
    rec = f"{tp / c['swapped']:.1%}" if c["swapped"] else "-"
    return (f"| {word} | {c['clean']} | {c['clean-flagged']} | {c['genuine']} | {c['genuine-flagged']} | "
            f"{c['swapped']} | {tp} ({c['swapped-error']}) | {prec} | {rec} |")


if __name__ == "__main__":
    raise SystemExit(main())
