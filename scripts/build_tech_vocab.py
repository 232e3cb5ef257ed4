"""Build the words of the `technology` vocabulary pack from cspell's software dictionaries.

    python scripts/build_tech_vocab.py DIR...      # each DIR an unpacked npm package (`npm pack`)

Sources (MIT, Street Side Software; see rules/spelling/data/README.md): `@cspell/dict-software-terms`,
`@cspell/dict-powershell`, `@cspell/dict-shell`, `@cspell/dict-fullstack` (not `dict-win32`:
    its lowercase entries are split API identifiers, not words of copy).
Nothing of them is committed but the words kept, in `rules/spelling/data/vocab/technology.txt`
below its hand-written part (the lines above `# --- from cspell`).

A word is kept when it is a word of running text and not a mask for a typo:
- letters only, at least four, written in lowercase or with one leading capital in the source
  (win32's `CreateFileW` and the acronym lists' `BSON` are identifiers or acronyms, which the
  spelling rules already leave alone);
- not in the dictionary already (`lexicon.txt`);
- not one edit from one of the commonest English words (`common.txt`): there the term would
  hide a real slip ('dolls' -> 'dlls' would pass), unless the sources name it twice or more;
- not a function word run into a common word ('onstart', 'nocache'): an identifier in code,
  and in prose two words run together or a slip ('the onstart of winter' for 'onset').
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rules" / "spelling" / "data"
OUT = DATA / "vocab" / "technology.txt"
MARK = "# --- from cspell"
_ENTRY_RE = re.compile(r"^[~+!]*([A-Za-z]+)[*+]*$")
_SHAPE_RE = re.compile(r"(?=[A-Za-z]{4})[A-Z]?[a-z]+")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    out |= {a + c + b for a, b in splits for c in ALPHABET}
    out.discard(word)
    return out


def main(dirs: list[str]) -> int:
    lexicon = set(_lines(DATA / "lexicon.txt"))
    common = set(_lines(DATA / "common.txt"))
    seen: Counter = Counter()
    for d in dirs:
        for path in sorted(Path(d).rglob("*")):
            if path.name.endswith((".txt", ".txt.gz")) and "dict" in path.parts:
                words = set()
                for entry in _lines(path):
                    m = _ENTRY_RE.match(entry)
                    if m and _SHAPE_RE.fullmatch(m.group(1)):
                        words.add(m.group(1).lower())
                seen.update(words)
    from copylint.checks.spelling import _FUNCTION_WORDS

    def run_together(w: str) -> bool:  # 'onstart': an identifier; in prose two words or a slip
        return any(w[:i] in _FUNCTION_WORDS and w[i:] in common for i in range(2, len(w) - 2))

    kept = sorted(w for w in seen if w not in lexicon and not run_together(w)
                  and (seen[w] > 1 or not (_edits1(w) & common)))
    head = OUT.read_text(encoding="utf-8").split(MARK, 1)[0].rstrip("\n")
    own = {ln.strip().lower() for ln in head.splitlines() if ln.strip() and not ln.startswith("#")}
    body = [w for w in kept if w not in own]
    OUT.write_text(head + "\n" + MARK + " (scripts/build_tech_vocab.py; MIT, see ../README.md)\n"
                   + "\n".join(body) + "\n", encoding="utf-8")
    print(f"{len(body)} words from {len(seen)} entries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
