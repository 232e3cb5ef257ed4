"""The newsroom vocabulary file that `copylint vocab add` writes and the spelling rules read.

`.copylint-vocab.txt` in the folder of the config file in force (else the current folder):
one accepted term a line, `#` starts a comment, like the files named in `spelling: {accept:}`.
An editor adds words with `copylint vocab add WORD...` without touching the YAML config.
"""

from __future__ import annotations

import os

VOCAB_NAME = ".copylint-vocab.txt"


def vocab_path(root: str) -> str:
    return os.path.join(root, VOCAB_NAME)


def add_words(path: str, words: list[str]) -> list[str]:
    """Append the words the file lacks (compared without case); returns those added."""
    present: set[str] = set()
    text = ""
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        present = {ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")}
    added = []
    for w in words:
        w = " ".join(w.split())
        if w and w.lower() not in present:
            added.append(w)
            present.add(w.lower())
    if added:
        prefix = "" if not text or text.endswith("\n") else "\n"
        if not text:
            prefix = "# Accepted terms for copylint's spelling rules, one a line (copylint vocab add WORD)\n"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(prefix + "".join(w + "\n" for w in added))
    return added
