#!/usr/bin/env python3
"""Build rules/moderation/data/cuss-en.json from the npm package `cuss` (MIT, Titus Wormer).

`cuss` maps English profanities, slurs and obscenities to a sureness rating: 0 = the
word is most likely clean in context, 1 = maybe profane, 2 = surely profane. We fetch
the published tarball through the npm registry (`npm pack`), check its integrity
against the registry's record, read the `cuss` map out of `index.js` and write it as
JSON beside the licence, with the version and integrity recorded in the file itself.

Usage:  python scripts/fetch_cuss.py [VERSION]      (default: the pinned VERSION below)
Needs:  npm on PATH and access to the npm registry.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "cuss"
VERSION = "2.2.0"
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "rules" / "moderation" / "data"
ENTRY_RE = re.compile(r"""^\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*)\s*:\s*([012])\s*,?\s*$""")


def npm(*args: str, cwd: str) -> str:
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def parse_map(source: str) -> dict[str, int]:
    """The entries of `export const cuss = {...}`: one `key: rating,` a line."""
    body = source.split("export const cuss = {", 1)[1].split("\n}", 1)[0]
    words: dict[str, int] = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        m = ENTRY_RE.match(line)
        if not m:
            raise SystemExit(f"unexpected line in index.js: {line!r}")
        key = m.group(1)
        word = ast.literal_eval(key) if key[0] in "'\"" else key
        words[word] = int(m.group(2))
    return words


def main(version: str = VERSION) -> None:
    spec = f"{PACKAGE}@{version}"
    with tempfile.TemporaryDirectory() as tmp:
        meta = json.loads(npm("view", spec, "--json", "dist", "license", "version", cwd=tmp))
        name = npm("pack", spec, "--silent", cwd=tmp).strip().splitlines()[-1]
        data = (Path(tmp) / name).read_bytes()
        algo, _, digest = meta["dist"]["integrity"].partition("-")
        if base64.b64encode(hashlib.new(algo, data).digest()).decode() != digest:
            raise SystemExit(f"{name}: integrity does not match the registry's {meta['dist']['integrity']}")
        with tarfile.open(Path(tmp) / name) as tar:
            source = tar.extractfile("package/index.js").read().decode("utf-8")
            licence = tar.extractfile("package/license").read().decode("utf-8")
    words = parse_map(source)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    payload = {
        "package": PACKAGE,
        "version": meta["version"],
        "license": meta["license"],
        "integrity": meta["dist"]["integrity"],
        "source": meta["dist"]["tarball"],
        "generated_by": "scripts/fetch_cuss.py",
        "ratings": "0 = most likely clean in context, 1 = maybe profane, 2 = surely profane",
        "words": dict(sorted(words.items())),
    }
    (OUT_DIR / "cuss-en.json").write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (OUT_DIR / "cuss-LICENSE").write_text(licence, encoding="utf-8")
    counts = {r: sum(1 for v in words.values() if v == r) for r in (0, 1, 2)}
    print(f"{spec}: {len(words)} words {counts} -> {OUT_DIR.relative_to(ROOT)}/cuss-en.json")


if __name__ == "__main__":
    main(*sys.argv[1:2])
