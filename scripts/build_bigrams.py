"""Extract the bigram counts typos.real-word needs into `rules/typos/data/bigrams.tsv`.

    python scripts/build_bigrams.py

Source: the English bigram frequency list that `symspellpy` ships
(`frequency_bigramdictionary_en_243_342.txt`: 242,000 lowercase word pairs with their counts,
every pair counted 6.4 million times or more). Only the pairs with a member of a confusion set
(or a word of a contraction's expansion) on either side are kept, so the model loads in a few
milliseconds. Rerun after editing `rules/typos/data/confusion-sets.yml`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rules" / "typos" / "data"


def main() -> int:
    conf = yaml.safe_load((DATA / "confusion-sets.yml").read_text(encoding="utf-8"))
    words = {w for s in conf["sets"] for w in s["words"]}
    for exp in conf.get("expansions", {}).values():
        words.update(exp.split())
    spec = importlib.util.find_spec("symspellpy")
    assert spec and spec.submodule_search_locations
    src = Path(list(spec.submodule_search_locations)[0]) / "frequency_bigramdictionary_en_243_342.txt"
    kept = []
    for line in src.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and (parts[0] in words or parts[1] in words):
            kept.append(f"{parts[0]} {parts[1]}\t{parts[2]}")
    kept.sort()  # code-point order, as the checker's bisection expects
    out = DATA / "bigrams.tsv"
    out.write_text("# w1 w2<TAB>count, sorted (symspellpy's bigram list, pairs with a confusion-set word)\n"
                   + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} bigrams -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
