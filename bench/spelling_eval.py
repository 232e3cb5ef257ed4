"""Recall and precision of the spelling and real-word rules on test sets built from clean text.

    python bench/spelling_eval.py TEXT_DIR... [--sets nonword,capitalised,realword] [--per-set N] [--only SET,...]

TEXT_DIR holds plain-text files of clean, edited English that the project may use. The figures
in docs/spelling.md come from US presidential addresses, public domain as works of the US
government: NLTK's `state_union` (1945-2006) and `inaugural` (1789-2021) corpus packages,
unpacked (`packages/corpora/state_union.zip` and `inaugural.zip` of the nltk_data repository).
None of it is committed, and none of it trains the context model (Google Books bigram counts).

The sets, built with a fixed seed:
- nonword: a sentence with one lowercase dictionary word given one keyboard slip (a deletion,
  an insertion, a substitution by a neighbouring key or a transposition) that is not a word;
  found when spelling.unknown-word reports that word (any level, and at warning or error).
- capitalised: the same slip in a capitalised common word ("the Natioanl Bank").
- realword: for each confusion set of typos.real-word, sentences holding a member as written
  (must stay quiet) and the same sentences with that member swapped for another (must be
  found at that word). Precision and recall per set, at warning or error, on the files of
  even index (the odd ones are the development half the thresholds were read from; --half).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from copylint.findings import Severity
from copylint.linter import RunOptions, lint_paths

_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for r, row in enumerate(_ROWS):
    for c, ch in enumerate(row):
        near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
        for rr in (r - 1, r + 1):
            if 0 <= rr < len(_ROWS):
                near += [_ROWS[rr][i] for i in (c - 1, c, c + 1) if 0 <= i < len(_ROWS[rr])]
        _NEIGHBOURS[ch] = "".join(near)


def sentences(folders: list[str], half: str) -> list[str]:
    out = []
    files = sorted(p for f in folders for p in Path(f).glob("*.txt"))
    for i, path in enumerate(files):
        if half != "all" and (i % 2 == 0) != (half == "test"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            for s in _SENT_RE.split(para):
                words = s.split()
                if 8 <= len(words) <= 40 and s.isascii() and not s.isupper() and s[:1].isupper() and s[-1] in ".?!":
                    out.append(s)
    return out


def slip(word: str, rng: random.Random) -> str:
    """One keyboard slip: a deletion, insertion, neighbour substitution or transposition."""
    i = rng.randrange(1, len(word)) if len(word) > 2 else 1  # the first letter is rarely wrong
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    ch = word[i].lower() if i < len(word) else word[-1]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        extra = rng.choice(_NEIGHBOURS.get(ch, "e") + ch)
        return word[:i] + extra + word[i:]
    if kind == "substitute":
        return word[:i] + rng.choice(_NEIGHBOURS.get(ch, "e")) + word[i + 1 :]
    if i >= len(word) - 1:
        i = len(word) - 2
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def nonword_cases(sents: list[str], n: int, capitalised: bool, rng: random.Random) -> list[tuple[str, int, int]]:
    from copylint.checks.spelling import Speller

    sp = Speller()
    lex, is_known = sp.lexicon, sp.is_known
    cases = []
    order = list(range(len(sents)))
    rng.shuffle(order)
    for k in order:
        s = sents[k]
        words = [m for m in _WORD_RE.finditer(s) if len(m.group()) >= 4 and "'" not in m.group()]
        if capitalised:
            words = [m for m in words if m.group()[0].isupper() and m.group()[1:].islower() and m.start() > 0]
        else:
            words = [m for m in words if m.group().islower()]
        words = [m for m in words if 0 < lex.size(m.group().lower()) <= 50]
        if not words:
            continue
        m = rng.choice(words)
        for _try in range(5):
            wrong = slip(m.group(), rng)
            low = wrong.lower()
            if low not in lex and not is_known(low):
                cases.append((s[: m.start()] + wrong + s[m.end() :], m.start(), m.start() + len(wrong)))
                break
        if len(cases) >= n:
            break
    return cases


def lint_texts(texts: list[str], select: tuple[str, ...], config: str = "{}\n") -> list[list]:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, ".copylint.yaml")
        Path(cfg).write_text(config)
        paths = []
        for i, t in enumerate(texts):
            p = os.path.join(tmp, f"{i:06d}.txt")
            Path(p).write_text(t + "\n", encoding="utf-8")
            paths.append(p)
        opts = RunOptions(config_path=cfg, select=select, cwd=tmp)
        results, _n = lint_paths(paths, opts, os.cpu_count() or 1)
        by_path = {r.path: list(r.findings) for r in results}
        return [by_path.get(p, []) for p in paths]


def run_nonword(sents: list[str], n: int, capitalised: bool, seed: int) -> None:
    cases = nonword_cases(sents, n, capitalised, random.Random(seed))
    found = lint_texts([c[0] for c in cases], ("spelling.unknown-word",))
    any_level = warn = 0
    missed = []
    for (text, start, end), fs in zip(cases, found):
        hit = [f for f in fs if f.offset < end and f.end_offset > start]
        any_level += bool(hit)
        warn += any(f.severity >= Severity.WARNING for f in hit)
        if not hit:
            missed.append(text[start:end])
    name = "capitalised" if capitalised else "nonword"
    print(f"{name}: {len(cases)} sentences; found at any level {any_level / len(cases):.1%}, "
          f"at warning or error {warn / len(cases):.1%}")
    print(f"  missed (first 30): {', '.join(missed[:30])}")


def run_realword(sents: list[str], per_set: int, seed: int, only: frozenset[str] = frozenset()) -> None:
    from copylint.checks.realword import Model
    from copylint.services import Services

    sets = tuple(cs for cs in Model(Services()).sets if not only or cs.name in only)
    rng = random.Random(seed)
    texts, meta = [], []
    for cs in sets:
        pats = {w: re.compile(r"(?<![\w'’-])" + re.escape(w) + r"(?![\w'’-])") for w in cs.words}
        for w, pat in pats.items():
            pool = [(s, m) for s in sents for m in [pat.search(s)] if m]
            rng.shuffle(pool)
            for s, m in pool[:per_set]:
                other = rng.choice([o for o in cs.words if o != w])
                texts.append(s)
                meta.append((cs.name, "clean", m.start(), m.end()))
                texts.append(s[: m.start()] + other + s[m.end() :])
                meta.append((cs.name, "swapped", m.start(), m.start() + len(other)))
    # every set on, so that the sets off by default are measured too
    found = lint_texts(texts, ("typos.real-word",), "rules: {typos.real-word: {sets: [all]}}\n")
    stats: dict[str, Counter] = defaultdict(Counter)
    for (name, kind, start, end), fs in zip(meta, found):
        flagged = [f for f in fs if f.severity >= Severity.WARNING and f.offset < end and f.end_offset > start
                   and f"confusion set {name})" in f.message]
        stats[name][kind] += 1
        stats[name][kind + "-flagged"] += bool(flagged)
    print("| set | default | clean | false alarms | swapped | found | precision | recall |")
    print("|---|---|---|---|---|---|---|---|")
    total = Counter()
    defaults = {cs.name: cs.default_on for cs in sets}
    for name, c in sorted(stats.items()):
        tp, fp = c["swapped-flagged"], c["clean-flagged"]
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / c["swapped"] if c["swapped"] else float("nan")
        on = defaults.get(name, False)
        print(f"| {name} | {'on' if on else 'off'} | {c['clean']} | {fp} | {c['swapped']} | {tp} | {prec:.1%} | {rec:.1%} |")
        if on:
            total.update(c)
    tp, fp = total["swapped-flagged"], total["clean-flagged"]
    if total["swapped"]:
        print(f"\nDefault-on sets: precision {tp / max(tp + fp, 1):.1%}, recall {tp / total['swapped']:.1%} "
              f"({total['swapped']} swapped, {total['clean']} clean sentences)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="+", help="folders of clean .txt files")
    ap.add_argument("--sets", default="nonword,capitalised,realword")
    ap.add_argument("--per-set", type=int, default=40, help="realword: sentences per member word")
    ap.add_argument("-n", type=int, default=1000, help="nonword/capitalised: sentences")
    ap.add_argument("--half", choices=("test", "dev", "all"), default="test")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--only", default="", help="realword: only these confusion sets (comma-separated names)")
    args = ap.parse_args(argv)
    sents = sentences(args.text, args.half)
    print(f"{len(sents)} sentences from {', '.join(args.text)} ({args.half} half)")
    wanted = args.sets.split(",")
    if "nonword" in wanted:
        run_nonword(sents, args.n, False, args.seed)
    if "capitalised" in wanted:
        run_nonword(sents, args.n, True, args.seed)
    if "realword" in wanted:
        run_realword(sents, args.per_set, args.seed, frozenset(n for n in args.only.split(",") if n))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def tune(sents: list[str], per_set: int, seed: int, target: float) -> dict[str, float | None]:
    """For each set, the smallest margin whose precision on these sentences reaches `target`
    (None: no margin does with recall of 20 % or more). Scores directly, without the linter."""
    from copylint.checks.realword import Model, context
    from copylint.services import Services

    model = Model(Services())
    best_alternative = model.best_alternative
    rng = random.Random(seed)
    out: dict[str, float | None] = {}
    for cs in model.sets:
        clean, swapped = [], []
        for w in cs.words:
            pat = re.compile(r"(?<![\w'’-])" + re.escape(w) + r"(?![\w'’-])")
            pool = [(s, m) for s in sents for m in [pat.search(s)] if m]
            rng.shuffle(pool)
            for s, m in pool[:per_set]:
                left, right = context(s, m.start(), m.end())
                alt = best_alternative(w, left, right, cs)
                clean.append(alt[1] if alt else -99)
                other = rng.choice([o for o in cs.words if o != w])
                t = s[: m.start()] + other + s[m.end() :]
                left, right = context(t, m.start(), m.start() + len(other))
                alt = best_alternative(other, left, right, cs)
                swapped.append(alt[1] if alt else -99)
        best = None
        for margin in [x / 2 for x in range(2, 31)]:
            tp = sum(g >= margin for g in swapped)
            fp = sum(g >= margin for g in clean)
            if swapped and tp and tp / (tp + fp) >= target and tp / len(swapped) >= 0.2:
                best = margin
                break
        out[cs.name] = best
    return out


