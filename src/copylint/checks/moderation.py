"""The moderation pack's Python rules: profanity and slurs from the `cuss` lexicon.

The word list is not ours: `rules/moderation/data/cuss-en.json` is built from the npm
package `cuss` (MIT) by `scripts/fetch_cuss.py`, which records its version and integrity.
`cuss` rates each word by how sure it is that the word is used offensively: 2 (sure)
is reported as an error, 1 (maybe) as a suggestion by a rule that is off by default,
0 is never reported. YAML rules of the pack (insensitive and loaded wording) live in
`rules/moderation/`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..document import WORD_RE, Document
from ..findings import Severity
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc

_LINK = "https://github.com/words/cuss"
# A capitalised word right after one of these (or at a block start) may start a sentence.
_SENTENCE_END = frozenset(".!?:;\"“”‘'(\n\u2014\u2013-•*")


@dataclass(frozen=True)
class Lexicon:
    """The `cuss` ratings, less the words news copy uses in their clean sense."""

    ratings: dict[str, int]  # lowercased word or phrase -> 0, 1 or 2
    version: str
    allowed: frozenset[str] = frozenset()  # words of the allow-list, in any form


def _data_dir() -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "moderation", "data")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the lexicon once per process (never at import: one-article runs stay instant)."""
    folder = _data_dir()
    with open(os.path.join(folder, "cuss-en.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    allowed = _allow_list(os.path.join(folder, "profanity-allow.txt"))
    ratings = {w.lower(): int(r) for w, r in data["words"].items() if w.lower() not in allowed}
    return Lexicon(ratings, str(data.get("version", "")), allowed)


def _allow_list(path: str) -> frozenset[str]:
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word = line.split("#", 1)[0].strip().lower()
            if word:
                words.add(word)
    return frozenset(words)


@dataclass(frozen=True)
class _Entries:
    """The lexicon entries of one rating, indexed for a set intersection with `doc.word_set`."""

    forms: dict[str, str]  # a word as it may appear (plural, possessive) -> the text to search for
    phrases: dict[str, frozenset[str]]  # a phrase -> the set of its words


@lru_cache(maxsize=4)
def _by_rating(rating: int) -> _Entries:
    lexicon = load_lexicon()
    forms: dict[str, str] = {}
    phrases: dict[str, frozenset[str]] = {}
    for entry, r in lexicon.ratings.items():
        if r != rating:
            continue
        parts = re.findall(r"[^\W_]+", entry)
        if len(parts) != 1 or parts[0] != entry:
            phrases[entry] = frozenset(parts)
            continue
        forms[entry] = entry
        # The lexicon lists many words in the singular only ("wanker", not "wankers"), and
        # "bastard's" is one word in doc.word_set. A derived form that is an entry or an
        # allowed word of its own ("asses") keeps its own standing.
        plural = entry + "es" if entry.endswith(("s", "sh", "ch", "x", "z")) else entry + "s"
        for form, target in ((plural, plural), (entry + "'s", entry), (entry + "’s", entry)):
            if form not in lexicon.ratings and form not in lexicon.allowed:
                forms.setdefault(form, target)
    return _Entries(forms, phrases)


@lru_cache(maxsize=256)
def _pattern(entries: frozenset[str]) -> re.Pattern[str]:
    alternatives = []
    for entry in sorted(entries, key=len, reverse=True):
        alternatives.append(r"[\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", entry)))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _starts_sentence(prose: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and prose[i] in " \t":
        i -= 1
    return i < 0 or prose[i] in _SENTENCE_END


def looks_like_name(doc: Document, start: int, end: int) -> bool:
    """A capitalised word mid-sentence (Hooker, Stringer, American Idiot) is a name or title.

    At a sentence start the word counts as a name only where the same capitalised form
    appears mid-sentence elsewhere in the document.
    """
    word = doc.prose[start:end]
    if not word[:1].isupper() or word.isupper() and len(word) > 1:
        return False
    if not _starts_sentence(doc.prose, start):
        return True
    if doc.indexed and WORD_RE.fullmatch(word):  # a long text: where the word stands, from the index
        prose, n = doc.prose, len(doc.prose)
        for i in doc.word_index.get(word.lower(), ()):
            j = i + len(word)
            if (i != start and prose.startswith(word, i) and not (i and prose[i - 1] in "_-")
                    and not (j < n and (prose[j].isalnum() or prose[j] == "_"))
                    and not _starts_sentence(prose, i)):
                return True
        return False
    for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?!\w)", doc.prose):
        if m.start() != start and not _starts_sentence(doc.prose, m.start()):
            return True
    return False


class ProfanityRule:
    """Reports words of one `cuss` rating."""

    def __init__(self, meta: RuleMeta, rating: int, message: str) -> None:
        self.meta = meta
        self.rating = rating
        self.message = message

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        entries = _by_rating(self.rating)
        words = doc.word_set
        found = {entries.forms[w] for w in words & entries.forms.keys()}
        found.update(p for p, parts in entries.phrases.items() if parts <= words)
        allow = {str(w).lower() for w in ctx.options.get("allow", ())}
        found -= allow
        if not found:
            return
        for m in _pattern(frozenset(found)).finditer(doc.prose):
            start, end = m.span()
            if m.group().lower() in allow or looks_like_name(doc, start, end):
                continue
            demote = 1 if doc.in_quote(start, end) else 0
            where = " (inside a quote: keep it only if the quote needs it)" if demote else ""
            yield Hit(start, end, self.message.format(match=m.group()) + where, demote=demote)


_ALLOW = Option("allow", [], "More words (lowercase) not to report, e.g. a place or brand name.", list)

PROFANITY = RuleMeta(
    id="moderation.profanity",
    summary="Profanity, obscenity or a slur (rated 'sure' by the cuss lexicon)",
    severity=Severity.ERROR,
    link=_LINK,
    options=(_ALLOW,),
    doc=make_doc(
        what="Reports words and phrases that the maintained `cuss` lexicon (npm, MIT) rates 2, "
        "'surely profane': obscenities, profanities and slurs. Capitalised words mid-sentence "
        "(names such as Hooker or Cumming, titles such as American Idiot) are skipped, and so "
        "are the words in `rules/moderation/data/profanity-allow.txt` that news copy uses in "
        "their clean sense (welfare, niggling, dope test, kung fu). Inside quoted speech a "
        "finding is one level lower (a warning): the quote may need the word.",
        why="A slur or obscenity that reaches print or a push alert is a standards breach and "
        "an apology. Editors want to see every one before publication, quoted or not.",
        example="The minister called the protesters a bunch of wankers.",
        instead="The minister insulted the protesters. (Or keep the word inside a quote, "
        "with the warning your style guide asks for.)",
        options="`allow`: a list of more lowercase words not to report (a local place or "
        "surname). The lexicon itself is refreshed with `scripts/fetch_cuss.py`.",
        fix="No automatic fix: whether to cut, paraphrase or asterisk a word is an editor's call.",
    ),
)

PROFANITY_MAYBE = RuleMeta(
    id="moderation.profanity-maybe",
    summary="A word that is offensive in some uses (rated 'maybe' by the cuss lexicon)",
    severity=Severity.SUGGESTION,
    link=_LINK,
    options=(_ALLOW,),
    default_enabled=False,
    doc=make_doc(
        what="Reports words that the `cuss` lexicon rates 1, 'maybe profane': words that are "
        "offensive in some uses and clean in others (crack, balls, dyke, paddy, porn). Off "
        "by default: most of them are ordinary news vocabulary (drug, murder, abuse, sex), "
        "and on the BBC corpus the rule makes about 0.8 suggestions per 1,000 words.",
        why="On copy for young readers, comment moderation or a family title, an editor may "
        "want to see every word that can be read as offensive.",
        example="Fans shouted at the paddy in the stand.",
        instead="Fans shouted at the Irish supporter in the stand.",
        options="`allow`: a list of more lowercase words not to report. Turn the rule on with "
        "`enable: [moderation.profanity-maybe]`.",
        fix="No automatic fix.",
    ),
)


def rules() -> list[object]:
    return [
        ProfanityRule(PROFANITY, 2, "'{match}' is profane or a slur"),
        ProfanityRule(PROFANITY_MAYBE, 1, "'{match}' can be offensive; check its use here"),
    ]
