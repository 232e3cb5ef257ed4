"""Learn a site's furniture from its archive: lines that repeat across many of its articles.

`copylint learn-furniture PATH... -o FILE` reads every article under PATH (the formats the
linter reads), takes each one's standalone lines (the lines the boilerplate rules judge: a
paragraph of its own, or a line that does not continue a wrapped sentence), and counts in how
many articles each line stands, compared without case and spacing. A line standing in at
least `min_articles` articles and in at least `min_share` of them is the site's own widget,
navigation or sign-off ("Make CT Your Homepage", "Contact the newsroom", "Read our comment
policy"): real copy does not repeat word for word across stories. The result is a YAML pack
a newsroom reviews (delete any line that is real copy) and names in its config:

    boilerplate: {furniture: [site-furniture.yml]}

which `boilerplate.site-furniture` reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

_SPACE_RE = re.compile(r"\s+")
MAX_WORDS = 20  # longer lines are copy: furniture is short


def line_key(text: str) -> str:
    """How two lines are compared: case, spacing and trailing separators ignored."""
    return _SPACE_RE.sub(" ", text).strip(" \t|•·*›»–—-").lower()


@dataclass(frozen=True)
class Learned:
    line: str  # as first seen
    articles: int


@dataclass(frozen=True)
class Result:
    articles: int
    unreadable: tuple[str, ...]
    lines: tuple[Learned, ...]


def _article_lines(path: str) -> list[str] | None:
    from .checks.boilerplate import standalone_lines
    from .formats import format_for, read_document
    from .textio import ReadError, read_path

    try:
        source = read_path(path)
    except (OSError, ReadError):
        return None
    doc = read_document(path, source.text, format_for(path))
    return [ln.norm for ln in standalone_lines(doc) if ln.norm and ln.words <= MAX_WORDS]


def learn(paths: Iterable[str], min_articles: int = 5, min_share: float = 0.05) -> Result:
    """The lines that stand in at least `min_articles` articles and `min_share` of them."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    articles = 0
    unreadable = []
    for path in paths:
        lines = _article_lines(path)
        if lines is None:
            unreadable.append(path)
            continue
        articles += 1
        keys = set()
        for text in lines:
            key = line_key(text)
            if key and any(c.isalpha() for c in key):
                keys.add(key)
                first.setdefault(key, text)
        counts.update(keys)
    need = max(min_articles, int(min_share * articles + 0.999))
    learned = sorted((Learned(first[k], n) for k, n in counts.items() if n >= need),
                     key=lambda x: (-x.articles, x.line.lower()))
    return Result(articles, tuple(unreadable), tuple(learned))


def to_yaml(result: Result, source: str) -> str:
    """The pack as YAML, with a header that says how it was made and how to use it."""
    import yaml

    header = (
        f"# Site furniture learned by `copylint learn-furniture` from {result.articles} articles\n"
        f"# under {source} on {dt.date.today().isoformat()}: lines that stand on their own in many\n"
        "# articles. Review it: delete every line that is real copy, then name this file in the\n"
        "# config (boilerplate: {furniture: [this-file.yml]}); boilerplate.site-furniture reports\n"
        "# these lines wherever they stand alone. `articles`: in how many articles the line stood.\n"
    )
    body = {"furniture": [{"line": x.line, "articles": x.articles} for x in result.lines]}
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120)


def read_pack(path: str) -> frozenset[str]:
    """The line keys of a furniture pack; raises ValueError with the file's name if it is not one."""
    from .declarative.kinds._data import load_checked
    from .yamlfile import FileError

    try:
        data = load_checked(path, lambda d: d)  # a YAML error names its file:line
    except FileError as exc:
        raise ValueError(str(exc)) from None
    items = data.get("furniture") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{path}: not a furniture pack (no 'furniture:' list)")
    keys = set()
    for item in items:
        text = item.get("line") if isinstance(item, dict) else item
        if isinstance(text, str) and line_key(text):
            keys.add(line_key(text))
    return frozenset(keys)


def write_atomically(path: str, text: str) -> None:
    from .textio import write_new

    write_new(path, text.encode("utf-8"))
