"""The moderation pack's Python rules: profanity and slurs from the `cuss` lexicon.

The word list is not ours: `rules/moderation/data/cuss-en.json` is built from the npm
package `cuss` (MIT) by `scripts/fetch_cuss.py`, which records its version and integrity.
`cuss` rates each word by how sure it is that the word is used offensively: 2 (sure),
1 (maybe), 0 (most likely clean). A rating is per word; the level of a finding is decided per
occurrence, from the word's senses (`rules/moderation/data/senses.yml`: clinical, dated,
ambiguous with the clean sense's phrases and neighbours) and from what surrounds it (a name,
a Latin binomial, quoted speech). Only a word with no clean sense, outside quotes and names,
is an error. YAML rules of the pack (insensitive and loaded wording) live in
`rules/moderation/`.
"""

from __future__ import annotations

import json
import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..document import WORD_RE, Document
from ..findings import Severity
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc
from ..services import Services

_LINK = "https://github.com/words/cuss"
_NEIGHBOURHOOD = 8  # words either side in which a clean sense's neighbour counts
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# the lowercase second word of a binomial name (Homo sapiens, Macaca mulatta): Latin endings
_EPITHET_RE = re.compile(r"\s+[a-z]{3,}(?:us|um|a|ae|is|es|i|ii|ensis|oides|ens|ans|ata|ica|ix)\b")
_VERB_CUE = frozenset("to will would can could may might must should shall not never that which and or "
                      "it they we he she i you who".split())
_TITLES = frozenset("mr mrs ms dr st sir lord lady rev prof gen col capt sgt lt gov sen rep judge".split())
# A capitalised word right after one of these (or at a block start) may start a sentence.
_SENTENCE_END = frozenset(".!?:;\"“”‘'(\n\u2014\u2013-•*")


@dataclass(frozen=True)
class Lexicon:
    """The `cuss` ratings, less the words news copy uses in their clean sense."""

    ratings: dict[str, int]  # lowercased word or phrase -> 0, 1 or 2
    version: str
    allowed: frozenset[str] = frozenset()  # words of the allow-list, in any form
    senses: "Senses | None" = None
    # the entries of each rating, indexed when first asked for (`entries`): they live and
    # die with this lexicon, which the session keeps while its files are unchanged
    _entries: dict[int, "_Entries"] = field(default_factory=dict, compare=False, repr=False)

    def entries(self, rating: int) -> "_Entries":
        found = self._entries.get(rating)
        if found is None:
            found = self._entries[rating] = _by_rating(self, rating)
        return found


@dataclass(frozen=True)
class Sense:
    """How a rated word with a clean sense shows that sense in context."""

    phrases: tuple[tuple[str, ...], ...] = ()  # token sequences; the word itself matches exactly
    neighbours: frozenset[str] = frozenset()
    verb: bool = False


@dataclass(frozen=True)
class Senses:
    """`senses.yml`: the clinical, dated and ambiguous words among the rated ones."""

    clinical: frozenset[str] = frozenset()
    mild: frozenset[str] = frozenset()
    dated: frozenset[str] = frozenset()
    ambiguous: dict[str, Sense] = field(default_factory=dict)


def _load_senses(path: str) -> Senses:
    """`senses.yml`, checked once for its bytes and then loaded prepared (see prepared.py)."""
    from .. import prepared

    return prepared.load("senses", [path], lambda: (_read_senses(path), True), (Senses, Sense))


def _read_senses(path: str) -> Senses:
    from ..yamlfile import FileError, load_file

    data = load_file(path) or {}
    if not isinstance(data, dict):
        raise FileError(path, 1, "expected a mapping of clinical, dated and ambiguous")
    ambiguous = {}
    for word, spec in (data.get("ambiguous") or {}).items():
        spec = spec or {}
        phrases = tuple(tuple(_TOKEN_RE.findall(p.lower())) for p in spec.get("phrases", ()))
        ambiguous[str(word).lower()] = Sense(phrases, frozenset(str(n).lower() for n in spec.get("neighbours", ())),
                                             bool(spec.get("verb", False)))
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return Senses(words("clinical"), words("mild"), words("dated"), ambiguous)


def _data_dir() -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "moderation", "data")


def _lexicon_files() -> tuple[str, str, str]:
    folder = _data_dir()
    return (os.path.join(folder, "cuss-en.json"), os.path.join(folder, "profanity-allow.txt"),
            os.path.join(folder, "senses.yml"))


def lexicon(services: Services) -> Lexicon:
    """The session's lexicon: read on first use (never at import: one-article runs stay
    instant), again when one of its files changes."""
    # looked at once a lint call (as `files` itself does within one), not once a document and rule
    return services.per_call("moderation.lexicon", lambda: _session_lexicon(services))


def _session_lexicon(services: Services) -> Lexicon:
    paths = services.get("moderation.lexicon-files", _lexicon_files)  # where they are: found once a session
    return services.files(paths, load_lexicon, key="moderation.lexicon")


def load_lexicon(paths: tuple[str, ...] | None = None) -> Lexicon:
    """Read the lexicon from its three files (the `cuss` ratings, the allow-list, the senses)."""
    ratings_path, allow_path, senses_path = paths or _lexicon_files()
    with open(ratings_path, encoding="utf-8") as fh:
        data = json.load(fh)
    allowed = _allow_list(allow_path)
    senses = _load_senses(senses_path)
    allowed |= senses.clinical
    ratings = {w.lower(): int(r) for w, r in data["words"].items() if w.lower() not in allowed}
    return Lexicon(ratings, str(data.get("version", "")), allowed, senses)


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
    # a word as it may appear -> (its form's text or None, the phrases of which it is the least
    # word in sort order): one set intersection with a document's words finds the few to test
    index: dict[str, tuple[str | None, tuple[str, ...]]] = field(default_factory=dict)
    keys: frozenset[str] = frozenset()  # the index's (a frozenset intersects a frozenset in half the time of a view)

    def found(self, words: frozenset[str]) -> set[str]:
        """The entries whose word, or every word of whose phrase, is among `words`."""
        out: set[str] = set()
        index, phrases = self.index, self.phrases
        for w in words & self.keys:
            form, heads = index[w]
            if form is not None:
                out.add(form)
            for phrase in heads:
                if phrases[phrase] <= words:
                    out.add(phrase)
        for phrase in index.get("", (None, ()))[1]:  # an entry with no word: its empty set of words is always there
            out.add(phrase)
        return out


def _by_rating(lexicon: Lexicon, rating: int) -> _Entries:
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
    heads: dict[str, list[str]] = {}
    for phrase, parts in phrases.items():
        heads.setdefault(min(parts, default=""), []).append(phrase)
    index = {w: (forms.get(w), tuple(heads.get(w, ()))) for w in forms.keys() | heads.keys()}
    return _Entries(forms, phrases, index, frozenset(index))


def _alternation(entries: frozenset[str]) -> str:
    alternatives = []
    for entry in sorted(entries, key=len, reverse=True):
        alternatives.append(r"[\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", entry)))
    return "(?:" + "|".join(alternatives) + r")(?![\w])"


def _pattern(entries: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _alternation(entries), re.IGNORECASE)


def _bare_pattern(entries: frozenset[str]) -> re.Pattern[str]:
    """`_pattern(entries)` without its lookbehind, which the scan tests itself (`_NOT_AFTER_WORD`):
    opening with the entries, the search skips to their first letters in C."""
    return re.compile(_alternation(entries), re.IGNORECASE)


_NOT_AFTER_WORD = re.compile(r"(?<![\w-])")  # `_pattern`'s lookbehind, alone


def _matches(doc: Document, pattern: re.Pattern[str], entries: frozenset[str],
             bare: re.Pattern[str] | None = None) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(doc.prose)` finds, `pattern` being `_pattern(entries)` (and
    `bare`, if given, `_bare_pattern(entries)`). In a long text the pattern is tried only where
    an entry's first word stands (the word index; a match starts at a word that no word
    character or hyphen precedes), not at every character: the alternation with its
    lookbehind scanned a 5 MB file at 2 MB/s. In an article the bare alternation is searched
    and a match that a word character or hyphen precedes is searched again one character on:
    the leftmost match the lookbehind allows, as finditer finds it, at 60% of its cost."""
    heads = {WORD_RE.match(entry.lower()) for entry in entries}
    if not doc.indexed or None in heads:
        if bare is None:
            yield from pattern.finditer(doc.prose)
            return
        prose, pos = doc.prose, 0
        search, allowed = bare.search, _NOT_AFTER_WORD.match
        while True:
            m = search(prose, pos)
            if m is None:
                return
            start = m.start()
            if allowed(prose, start):
                yield m
                pos = m.end()
            else:
                pos = start + 1
    index, prose, end = doc.word_index, doc.prose, 0
    for i in sorted({i for h in heads for i in index.get(h.group(), ())}):  # type: ignore[union-attr]
        if i < end:
            continue  # inside the previous match: the scan goes on after it
        m = pattern.match(prose, i)
        if m is not None:
            end = m.end()
            yield m


def _previous_token(prose: str, start: int) -> tuple[str, int]:
    """The word-ish token that ends right before `start` (skipping spaces), and its start."""
    i = start
    while i > 0 and prose[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and (prose[j - 1].isalnum() or prose[j - 1] in ".'’&;"):
        j -= 1
    return prose[j:i], j


def _starts_sentence(prose: str, start: int) -> bool:
    """Whether the word at `start` may open a sentence: after end punctuation, at a block start,
    but not after an initial ("Carleton S. Coon") or a title ("Dr. Coon")."""
    token, _ = _previous_token(prose, start)
    if token.endswith("."):
        core = token.rstrip(".")
        if len(core) == 1 and core.isupper() or core.lower() in _TITLES:
            return False
    i = start - 1
    while i >= 0 and prose[i] in " \t":
        i -= 1
    return i < 0 or prose[i] in _SENTENCE_END


def _next_word(prose: str, end: int) -> str:
    m = re.match(r"[ \t]+([^\W_]+)", prose[end:end + 40])
    return m.group(1) if m else ""


def _occurrences(doc: Document, word: str) -> list[int]:
    """Where `word` stands as a whole word (not inside a hyphenated one): from the word index in
    a long text, by one scan in a short one."""
    prose = doc.prose
    if doc.indexed and WORD_RE.fullmatch(word):
        n, size = len(prose), len(word)
        return [i for i in doc.word_index.get(word.lower(), ())
                if prose.startswith(word, i) and not (i and prose[i - 1] in "_-")
                and not (i + size < n and (prose[i + size].isalnum() or prose[i + size] == "_"))]
    return [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?!\w)", prose)]


def looks_like_name(doc: Document, start: int, end: int) -> bool:
    """A capitalised word mid-sentence (Hooker, Stringer, American Idiot) is a name or title,
    and so is one beside another capitalised word (Willie Mays, Whitey Herzog) or after an
    initial or a title (Carleton S. Coon, Dr. Dick).

    At a sentence start a lone capitalised word counts as a name only where the same word
    appears capitalised mid-sentence elsewhere in the document.
    """
    word = doc.prose[start:end]
    if not word[:1].isupper() or word.isupper() and len(word) > 1:
        return False
    if not _starts_sentence(doc.prose, start):
        return True
    following = _next_word(doc.prose, end)
    if following[:1].isupper() and not following.isupper():
        return True
    prose = doc.prose
    base = re.sub(r"['’]s$", "", word)
    for i in _occurrences(doc, base):
        if i == start:
            continue
        if not _starts_sentence(prose, i):
            return True
        following = _next_word(prose, i + len(base))
        if following[:1].isupper() and not following.isupper():
            return True
    return False


def in_binomial(prose: str, start: int, end: int) -> bool:
    """Part of a Latin species name: "Homo sapiens", "Macaca fascicularis", "H. sapiens"."""
    word = prose[start:end]
    if word[:1].isupper() and not word.isupper() and _EPITHET_RE.match(prose, end):
        return True
    token, _ = _previous_token(prose, start)
    return word.islower() and bool(re.fullmatch(r"[A-Z](?:[a-z]{2,})?\.?", token)) and \
        bool(re.fullmatch(r"[a-z]{3,}(?:us|um|a|ae|is|es|i|ii|ensis|oides|ens|ans|ata|ica|ix)", word))


def _after_entity(prose: str, start: int) -> bool:
    """A fragment after an HTML entity left in the text ("Gonz&aacute;lez")."""
    return bool(re.search(r"&#?\w{2,8};$", prose[max(0, start - 10):start]))


def _tokens_around(prose: str, start: int, end: int, span: int) -> tuple[list[str], list[str]]:
    before = [t.lower() for t in _TOKEN_RE.findall(prose[max(0, start - 12 * span):start])][-span:]
    after = [t.lower() for t in _TOKEN_RE.findall(prose[end:end + 12 * span])][:span]
    return before, after


def clean_sense(sense: Sense, doc: Document, start: int, end: int, word: str) -> bool:
    """Whether the context shows the word's clean sense: one of its phrases, a verb after "to",
    a modal or a pronoun, or a neighbour of the clean sense anywhere in the story (one sense
    per discourse)."""
    if sense.neighbours & doc.word_set:
        return True
    prose = doc.prose
    before, after = _tokens_around(prose, start, end, _NEIGHBOURHOOD)
    if sense.verb and before and before[-1] in _VERB_CUE:
        return True
    for phrase in sense.phrases:
        for i, part in enumerate(phrase):
            if part != word:
                continue
            left, right = phrase[:i], phrase[i + 1:]
            if len(left) > len(before) or len(right) > len(after):
                continue
            got_left = before[len(before) - len(left):] if left else []
            if all(g.startswith(p) for g, p in zip(got_left, left)) and \
                    all(g.startswith(p) for g, p in zip(after, right)):
                return True
    return False


def _mentioned(doc: Document, word: str) -> bool:
    """Whether the story sets the word in quotation marks on its own somewhere ('calls known as
    "wops"'): it is writing about the word, so an occurrence elsewhere (its headline) is a
    mention too, not the reporter's own use.

    In a long text, tried only where the word's first part stands (the word index lists it
    after an opening quotation mark, even after an apostrophe): a scan of the whole text for
    each word grew with the number of words found times the length."""
    quoted = re.compile(r"[\"“‘']" + re.escape(word) + r"[\"”’',.]?[\"”’']", re.IGNORECASE)
    head = WORD_RE.match(word.lower())
    if doc.indexed and head is not None:
        prose = doc.prose
        return any(quoted.match(prose, i - 1) for i in doc.word_index.get(head.group(), ()) if i)
    return quoted.search(doc.prose) is not None


def _sense_key(word: str, senses: Senses) -> str:
    """The entry of senses.yml for a word as found: itself, or its singular, or without 's."""
    for key in (word, re.sub(r"['’]s$", "", word), word[:-1] if word.endswith("s") else "",
                word[:-2] if word.endswith("es") else ""):
        if key and (key in senses.mild or key in senses.dated or key in senses.ambiguous):
            return key
    return word


class ProfanityRule:
    """Reports words of one `cuss` rating, each at a level its context decides."""

    def __init__(self, meta: RuleMeta, rating: int, message: str) -> None:
        self.meta = meta
        self.rating = rating
        self.message = message

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        lexicon_now = lexicon(ctx.services)
        entries = lexicon_now.entries(self.rating)
        found = entries.found(doc.word_set)
        if not found:
            return
        allow = {str(w).lower() for w in ctx.options.get("allow", ())}
        found -= allow
        if not found:
            return
        senses = lexicon_now.senses or Senses()
        prose = doc.prose
        wanted = frozenset(found)
        # the same few words recur across an archive: each set's pattern is compiled once a session
        pattern, bare = ctx.services.memo("moderation.patterns", 256).get(
            wanted, lambda: (_pattern(wanted), _bare_pattern(wanted)))
        for m in _matches(doc, pattern, wanted, bare):
            start, end = m.span()
            text = m.group()
            if text.lower() in allow or looks_like_name(doc, start, end) or in_binomial(prose, start, end) \
                    or _after_entity(prose, start):
                continue
            key = _sense_key(" ".join(_TOKEN_RE.findall(text.lower())), senses)
            demote, why = 0, ""
            if key in senses.mild:
                demote, why = 1, " (crude rather than obscene)"
            elif key in senses.dated:
                demote, why = 2, " (a dated term now read as a slur)"
            elif key in senses.ambiguous:
                if clean_sense(senses.ambiguous[key], doc, start, end, key):
                    continue
                demote, why = 1, " (the word has a clean sense too: check which one is meant)"
            if doc.in_quote(start, end):
                demote += 1
                why += " (inside a quote: keep it only if the quote needs it)"
            # asked once a word and document: a scan of the whole text for every occurrence grew
            # with the square of a long file's length (1,351 scans, 10 s, in a 5 MB file)
            elif demote == 0 and doc.analysis(f"moderation.mentioned:{key}", lambda d: _mentioned(d, key)):
                demote, why = 1, " (the story quotes the word as a term: check that it is only named)"
            yield Hit(start, end, self.message.format(match=text) + why, demote=min(demote, 2))


_ALLOW = Option("allow", [], "More words (lowercase) not to report, e.g. a place or brand name.", list)

PROFANITY = RuleMeta(
    id="moderation.profanity",
    summary="Profanity, obscenity or a slur (rated 'sure' by the cuss lexicon)",
    severity=Severity.ERROR,
    link=_LINK,
    options=(_ALLOW,),
    doc=make_doc(
        what="Reports words and phrases that the maintained `cuss` lexicon (npm, MIT) rates 2, "
        "'surely profane'. The rating is per word; the level is decided per occurrence. "
        "An error needs positive evidence: a word with no clean sense "
        "(`rules/moderation/data/senses.yml` lists the rated words that have one), outside "
        "quoted speech. Skipped: capitalised words mid-sentence, beside another capitalised "
        "word or after an initial or title (Hooker, Willie Mays, Carleton S. Coon); Latin "
        "binomials (Homo sapiens); clinical words (testes, faeces) and the ordinary words of "
        "`profanity-allow.txt` (chunky, craps, whiz); an ambiguous word whose clean sense shows "
        "in a fixed phrase (booby-trapped, skin prick test, glamour puss), as a verb (may retard "
        "growth) or through a neighbour anywhere in the story (booby ... seabird). An ambiguous "
        "word without such a sign, and a crude word (crap, arse), is a warning; a dated term "
        "(retarded) a suggestion. Inside quoted speech a finding is one level lower, and so is "
        "one in a story that sets the word in quotation marks as a term elsewhere (a story about "
        "a word names it in its headline too). A trained "
        "classifier (alt-profanity-check) was not used as a second opinion: it scores whole "
        "sentences, not one word's sense, and costs scikit-learn and a second of import.",
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
