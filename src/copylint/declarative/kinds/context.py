"""The `context` kind: a word, and the neighbouring words that show another was meant.

The typos pack's cue data (`rules/typos/data/offensive-typos.yml`, extendable by the same
path in a newsroom's pack folder) is of this kind:

    cues:
      - word: porn
        unless_after: [star]              # the real use, never reported
        contexts:
          - intended: prone               # what the context wants
            before: [terrorism, flood]    # or `any`: any word but a function word
            after: [regions, areas]
            plural_after: true            # the word after is a plural noun
            join: true                    # suggest "<before>-<intended>"
            always: false                 # every use, with no neighbour needed
            content_after: false          # the word after is a content word
            model: false                  # the real-word bigram model decides

`load` parses and checks one file into `Cue`s, one a context; `words` is the quick
pre-scan of the words a file covers (most articles have none, so most never parse it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._data import load_checked, problem

CUE_KEYS = frozenset({"word", "unless_after", "contexts"})
CONTEXT_KEYS = frozenset({"intended", "before", "after", "plural_after", "join", "always", "content_after", "model"})
_WORD_LINE = re.compile(r"(?m)^\s*-\s*word:\s*['\"]?([^\s'\"#]+)")


@dataclass(frozen=True)
class Cue:
    """One word and one context in which it stands for `intended`."""

    word: str
    intended: str
    before: frozenset[str]
    after: frozenset[str]
    plural_after: bool  # the word after must also be a plural noun ("terrorism porn regions")
    join: bool  # suggest "<before>-<intended>" over both words ("terrorism-prone")
    unless_after: frozenset[str]  # the real use: "pubic hair"
    always: bool  # every use is the typo unless `unless_after` says otherwise
    any_before: bool = False  # `before: any`: any word but a function word
    content_after: bool = False  # the word after is a content word ("drought porn county")
    model: bool = False  # the real-word bigram model decides (typos.real-word's)


def words(path: str) -> frozenset[str]:
    """The words a cue file covers, read without parsing its YAML."""
    with open(path, encoding="utf-8") as fh:
        return frozenset(m.group(1).lower() for m in _WORD_LINE.finditer(fh.read()))


def load(path: str) -> tuple[Cue, ...]:
    from ... import prepared

    return prepared.load("context", [path], lambda: (load_checked(path, _build), True), (Cue,))


def _words(value: Any, *where: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise problem(f"'{where[-1]}' must be a list of words", *where)
    return frozenset(str(v).lower() for v in value)


def _flag(ctx: dict, key: str, *where: Any) -> bool:
    value = ctx.get(key, False)
    if not isinstance(value, bool):
        raise problem(f"'{key}' must be true or false", *where, key)
    return value


def _build(data: Any) -> tuple[Cue, ...]:
    if data is None:
        return ()
    if not isinstance(data, dict) or set(data) - {"cues"}:
        extra = sorted(set(data) - {"cues"}) if isinstance(data, dict) else []
        raise problem(f"unknown key '{extra[0]}'" if extra else "a cue file is a mapping with 'cues'",
                      *(extra[:1]))
    raw_cues = data.get("cues") or []
    if not isinstance(raw_cues, list):
        raise problem("'cues' is a list of {word, contexts}", "cues")
    out = []
    for i, raw in enumerate(raw_cues):
        if not isinstance(raw, dict):
            raise problem("each cue is a mapping with 'word' and 'contexts'", "cues", i)
        for key in raw:
            if key not in CUE_KEYS:
                raise problem(f"unknown key '{key}' in a cue (keys: {', '.join(sorted(CUE_KEYS))})", "cues", i, key)
        word = raw.get("word")
        if not isinstance(word, str) or not word.strip():
            raise problem("a cue needs 'word': the word that stands for another", "cues", i)
        unless = _words(raw.get("unless_after"), "cues", i, "unless_after")
        contexts = raw.get("contexts")
        if not isinstance(contexts, list) or not contexts:
            raise problem(f"cue '{word}' needs 'contexts': a list of {{intended, ...}}", "cues", i)
        for j, ctx in enumerate(contexts):
            where = ("cues", i, "contexts", j)
            if not isinstance(ctx, dict):
                raise problem("each context is a mapping with 'intended'", *where)
            for key in ctx:
                if key not in CONTEXT_KEYS:
                    raise problem(f"unknown key '{key}' in a context (keys: {', '.join(sorted(CONTEXT_KEYS))})",
                                  *where, key)
            intended = ctx.get("intended")
            if not isinstance(intended, str) or not intended.strip():
                raise problem("a context needs 'intended': the word meant", *where)
            any_before = ctx.get("before") == "any"
            out.append(Cue(
                word=word.lower(),
                intended=intended,
                before=frozenset() if any_before else _words(ctx.get("before"), *where, "before"),
                any_before=any_before,
                after=_words(ctx.get("after"), *where, "after"),
                plural_after=_flag(ctx, "plural_after", *where),
                join=_flag(ctx, "join", *where),
                unless_after=unless,
                always=_flag(ctx, "always", *where),
                content_after=_flag(ctx, "content_after", *where),
                model=_flag(ctx, "model", *where),
            ))
    return tuple(out)
