"""Build the spelling dictionary shipped in `rules/spelling/data/` from SCOWL and word counts.

    python scripts/build_lexicon.py [--scowl DIR]

Sources (recorded in rules/spelling/data/README.md):
- SCOWL word lists (Kevin Atkinson), as Debian's `scowl` package ships them in
  /usr/share/dict/scowl. Without `--scowl` the script runs `apt-get download scowl` into a
  temporary folder and unpacks it with `dpkg-deb -x`.
- Word counts: the English frequency list that `symspellpy` ships (Google Books counts of
  SCOWL words), used only to rank suggestions and weigh evidence; a word absent from it has
  count 0.

Output (all sorted the same way, so that one index serves every file):
- `lexicon.txt`: the dictionary's lowercase words, one a line, sorted by code point.
- `lexicon.bin`: four bytes a word in the same order: its count as a 16-bit log bucket (0 = no
  count, else round(log(count) / log(1.001)) + 1), its SCOWL size (10 ... 80) divided by 5, and
  the spellings that list it as bits (1 English, i.e. every spelling; 2 American; 4 British
  -ise; 8 British -ize (Oxford); 16 Canadian; 32 Australian; 64 an American variant; 128 a
  British variant).
- `lexicon.marisa`: the same words as a marisa-trie (an optional fast path: the trie
  memory-maps in a fraction of a millisecond), with `lexicon-marisa.bin` holding the four
  bytes a word in the trie's own key order. Written only where marisa-trie is installed.
- `lexicon-reversed.marisa`: the words written backwards, as a trie: whether some word ends
  with a string, which lets the suggestion search skip edits that cannot lead to a word.
- `common.txt`: the words counted a million times or more, for a quick first test of names.
- `names.txt`: SCOWL's proper names and capitalised words (every size), also without accents,
  sorted; `names.marisa` the same as a trie (the fast path).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "spelling" / "data"
# Spellings of these families, sizes up to MAX_SIZE (SCOWL's 80 is "large": helmed, codecs).
SPELLINGS = ("english", "american", "british", "british_z", "canadian", "australian")
MAX_SIZE = 80
# variants: variant_1 are common (judgement/judgment), variant_2 less so (donut)
# variant_3 are rare variants, some of them misspellings in use (advertize): a word only these
# lists hold is taken when its count shows it in print (gaol, dreamt)
VARIANT_SIZES = {"variant_1": 80, "variant_2": 60, "variant_3": 35}
RARE_VARIANT_COUNT = 100_000
COMMON_COUNT = 1_000_000  # common.txt: the words a capitalised slip is tested against first
KINDS = ("words", "contractions", "abbreviations", "upper", "proper-names")
EXTRA = ("special-hacker.50",)  # computing words (grep, newline, tarball)
_NAME = re.compile(r"^([a-z_0-9]+)-([a-z-]+)\.(\d+)$")


def _limit(spelling: str) -> int:
    """The largest SCOWL size taken from a list of this spelling (-1: none)."""
    for variant, size in VARIANT_SIZES.items():
        if spelling.endswith(variant):
            return size
    return MAX_SIZE if spelling in SPELLINGS else -1


def scowl_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    system = Path("/usr/share/dict/scowl")
    if system.is_dir():
        return system
    tmp = Path(tempfile.mkdtemp(prefix="scowl-"))
    subprocess.run(["apt-get", "download", "scowl"], cwd=tmp, check=True)
    deb = next(tmp.glob("scowl_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp / "x")], check=True)
    return tmp / "x" / "usr" / "share" / "dict" / "scowl"


# which spellings list a word: one bit each (SIDE_BITS in src/copylint/checks/lexicon.py)
SIDE_BITS = {"english": 1, "american": 2, "british": 4, "british_z": 8, "canadian": 16, "australian": 32,
             "variant": 64, "british_variant": 128}


def _side(spelling: str) -> int:
    """The bit of a list's spelling: 'variant_1' lists American variants (64), 'british_variant_1'
    British ones (128); Canadian and Australian variants count as their spelling."""
    base = re.sub(r"_\d$", "", spelling)
    if base.endswith("_variant") and base != "british_variant":
        base = base[: -len("_variant")]
    return SIDE_BITS[base]


def read_scowl(folder: Path) -> tuple[dict[str, int], dict[str, int], set[str], dict[str, bool]]:
    """(lowercase word -> smallest SCOWL size, lowercase word -> side bits, capitalised names,
    lowercase word -> whether only variant_3 lists hold it)."""
    words: dict[str, int] = {}
    rare_only: dict[str, bool] = {}
    sides: dict[str, int] = {}
    names: set[str] = set()
    for path in sorted(folder.iterdir()):
        m = _NAME.match(path.name)
        if path.name in EXTRA:
            kind, size, side = "words", 50, 1
        elif m and m.group(2) in ("upper", "proper-names") and _limit(m.group(1)) > 0:
            kind, size, side = m.group(2), int(m.group(3)), _side(m.group(1))  # names of every size
        elif m and m.group(2) in KINDS and int(m.group(3)) <= _limit(m.group(1)):
            kind, size, side = m.group(2), int(m.group(3)), _side(m.group(1))
        else:
            continue
        for raw in path.read_bytes().decode("utf-8", "replace").split("\n"):
            w = raw.strip()
            if not w or (kind != "contractions" and w.endswith("'s")):
                continue  # possessives are the checker's to strip
            if w.islower():
                if size > MAX_SIZE:
                    continue  # a lowercase word of a names list beyond the dictionary's sizes
                for form in {w, _fold(w)}:
                    words[form] = min(words.get(form, 99), size)
                    sides[form] = sides.get(form, 0) | side
                    rare_only[form] = rare_only.get(form, True) and "variant_3" in path.name
            elif kind in ("upper", "proper-names", "abbreviations") and w[:1].isupper():
                names.update((w, _fold(w)))
    return words, sides, names, rare_only


def _fold(word: str) -> str:
    """café -> cafe: copy often drops the accents the dictionary writes."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def symspell_counts() -> dict[str, int]:
    import importlib.util

    spec = importlib.util.find_spec("symspellpy")
    assert spec and spec.submodule_search_locations
    path = Path(list(spec.submodule_search_locations)[0]) / "frequency_dictionary_en_82_765.txt"
    parts = path.read_text(encoding="utf-8").split()
    return dict(zip(parts[0::2], map(int, parts[1::2])))


def bucket(count: int) -> int:
    """A count in 16 bits: 0 for none, else round(log(count) / log(1.001)) + 1 (0.1 % steps)."""
    return 0 if count <= 0 else min(65535, round(math.log(count) / math.log(1.001)) + 1)


def records(ordered: list[str], words: dict[str, int], sides: dict[str, int], counts: dict[str, int]) -> bytes:
    """Four bytes a word: count bucket (big-endian), SCOWL size // 5, side bits."""
    out = bytearray()
    for w in ordered:
        b = bucket(counts.get(w, 0))
        out += bytes((b >> 8, b & 255, words[w] // 5, sides[w]))
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scowl", help="folder of SCOWL lists (default: /usr/share/dict/scowl or apt-get download)")
    args = ap.parse_args(argv)
    words, sides, names, rare_only = read_scowl(scowl_dir(args.scowl))
    counts = symspell_counts()
    rare = {w for w in words if rare_only.get(w) and counts.get(w, 0) < RARE_VARIANT_COUNT}
    for w in rare:
        del words[w]
    ordered = sorted(words)
    (OUT / "lexicon.txt").write_text("\n".join(ordered) + "\n", encoding="utf-8")
    (OUT / "lexicon.bin").write_bytes(records(ordered, words, sides, counts))
    common = sorted(w for w in ordered if counts.get(w, 0) >= COMMON_COUNT)
    (OUT / "common.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    name_list = sorted(names - set(w.capitalize() for w in words))
    (OUT / "names.txt").write_text("\n".join(name_list) + "\n", encoding="utf-8")
    try:
        import marisa_trie
    except ImportError:
        print("marisa-trie is not installed: lexicon.marisa not written", file=sys.stderr)
    else:
        trie = marisa_trie.Trie(ordered)
        trie.save(str(OUT / "lexicon.marisa"))
        by_id = [trie.restore_key(i) for i in range(len(trie))]
        (OUT / "lexicon-marisa.bin").write_bytes(records(by_id, words, sides, counts))
        marisa_trie.Trie(name_list).save(str(OUT / "names.marisa"))
        marisa_trie.Trie(w[::-1] for w in ordered).save(str(OUT / "lexicon-reversed.marisa"))
    dropped = sorted(w for w in counts if w not in words)
    print(f"{len(ordered)} words, {len(names)} names; {len(dropped)} counted words not in SCOWL "
          f"(e.g. {', '.join(dropped[:12])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
