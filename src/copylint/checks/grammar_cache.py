"""The grammar pack's disk cache: LanguageTool's answer by the hash of the prose and settings.

An unchanged article costs nothing on the next run. Entries hold the server's matches
(not findings), so severity, dedupe and quote settings apply afresh on every run. One
small JSON file per entry, written atomically, so worker processes can share a folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict

from .grammar_client import LTMatch, Request, Source

VERSION = 1  # bump when the entry format or the text sent changes
CONFIG_FILES = (".copylint.yaml", ".copylint.yml", "copylint.yaml", "pyproject.toml")


def cache_dir(option: str, config_dir: str) -> str:
    """The folder: as configured (relative to the config), else `.copylint_cache/` beside the
    config file in force, else `$XDG_CACHE_HOME/copylint` (or ~/.cache/copylint)."""
    if option:
        return os.path.join(config_dir, os.path.expanduser(option), "grammar")
    if any(os.path.isfile(os.path.join(config_dir, name)) for name in CONFIG_FILES):
        return os.path.join(config_dir, ".copylint_cache", "grammar")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "copylint", "grammar")


def key(source: Source, request: Request, text: str) -> str:
    head = json.dumps([VERSION, source.kind, source.url, asdict(request)], sort_keys=True)
    return hashlib.sha256(head.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()


def _path(folder: str, digest: str) -> str:
    return os.path.join(folder, digest[:2], digest + ".json")


def load(folder: str, digest: str) -> list[LTMatch] | None:
    try:
        with open(_path(folder, digest), encoding="utf-8") as fh:
            rows = json.load(fh)
        return [LTMatch.from_json(r) for r in rows]
    except (OSError, ValueError, TypeError):
        return None  # absent or damaged: ask the server again


def store(folder: str, digest: str, matches: list[LTMatch]) -> None:
    from ..textio import write_new

    data = json.dumps([m.to_json() for m in matches], ensure_ascii=False).encode("utf-8")
    try:
        write_new(_path(folder, digest), data)
    except OSError:  # a read-only or full disk only costs the next run a request
        pass
