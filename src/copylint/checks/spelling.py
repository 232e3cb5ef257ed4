"""The spelling pack: dictionary spell-check, the newsroom vocabulary, British/American consistency.

The dictionary is SCOWL's word lists (255,000 words, British and American spellings, no
common misspellings) with a Google Books count per word to rank suggestions
(rules/spelling/data/README.md). Building SymSpell's delete index would cost 0.5-0.8 s, more
than one article may take, so the dictionary is a trie opened in a millisecond and
suggestions are searched edit by edit (suggest.py). A session holds one `Speller`: the
dictionary, the word lists and what it has found out about each word.

Proper nouns are recognised by position and case, not by a names list: only lowercase words,
and capitalised words at the start of a sentence, are candidates.
"""

from __future__ import annotations

import os
from .. import fastre as re  # re, with compiled patterns kept between runs
import stat
from collections import Counter
from typing import Any, Container, Iterable, Iterator, NamedTuple

from ..document import Document
from .. import multimatch
from ..findings import Severity
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc
from ..services import Services
from ..sourcecount import Counts
from . import lexicon as lexbits
from . import suggest
from .lexicon import Lexicon, WordList
from .suggest import Verdict

_HERE = os.path.dirname(os.path.abspath(__file__))
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_APOS = "'’"
# Words of one or two letters, and these, are never checked or used as compound parts.
_FUNCTION_WORDS = frozenset(
    """a an the and or but nor if so as at by for from in into of off on onto out over to up upon
    with without via per than then that this these those there their they them he she it its we
    you your our his her him my me us i am is are was were be been being do does did doing have
    has had having will would shall should can could may might must not no yes all any each
    few more most other some such only own same too very just also now here when where which who
    whom whose why how what while about above below after before again once under until""".split()
)
_PREFIXES = (
    "anti", "co", "counter", "cyber", "de", "dis", "eco", "euro", "ex", "hyper", "inter", "mega", "micro",
    "mini", "mis", "multi", "non", "out", "over", "post", "pre", "pro", "re", "self", "semi", "sub",
    "super", "tele", "trans", "ultra", "un", "under",
)


def data_dir() -> str:
    """The pack's data folder (`rules/spelling/data`), inside the wheel or the checkout."""
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "spelling", "data")


def speller(services: Services) -> Speller:
    """The session's `Speller` (made on first use: the dictionary opens in about a millisecond)."""
    return services.get("spelling.speller", Speller)


_MISSING = object()


class Speller:
    """The spelling pack's dictionary and word lists, and what it has found out about words.

    One a session (`speller(ctx.services)`), never one a process: a language server or a
    Spark executor lives for hours, and the session decides how long this lives. The data
    files are those shipped in `rules/spelling/data` (read once, like the dictionary itself;
    a newsroom's own lists are read through `load_terms`, again when they change).

    Whatever a verdict on a word needs that does not depend on the document (is it a word,
    its variant, its suggestions, how sure they are) is remembered by the word's form: an
    archive's articles share most of their words. Each memory holds at most `limit` words
    and is forgotten at once when full, so a huge run cannot grow it without bound; what is
    remembered changes no finding, only what it costs.
    """

    # a capitalised word asked about before the index of the commonest words is worth its
    # 40 ms: tested against the dictionary words one edit away instead
    NEAR_INDEX_AFTER = 32

    def __init__(self, folder: str | None = None, limit: int = 1 << 17) -> None:
        self.folder = folder or data_dir()
        self.lexicon = Lexicon.load(self.folder)
        self._limit = limit
        self._names: WordList | None = None
        self._common: frozenset[str] | None = None
        self._near_index: NearCommon | None = None
        self._variant_exceptions: frozenset[str] | None = None
        self._irregular: dict[str, tuple[str, str]] | None = None
        self._titles: frozenset[str] | None = None
        self._vocabs: dict[str, frozenset[str] | None] = {}
        # what it has found out, by word (each memory at most `limit` words)
        self._known: dict[str, bool] = {}
        self._variants: dict[tuple[str, bool], Any] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        self._near_misses: dict[str, tuple[tuple[str, int], ...]] = {}
        self._two_edits: dict[str, frozenset[str]] = {}
        self._run_together: dict[str, str | None] = {}
        self._false_verbs: dict[str, tuple[str, ...] | None] = {}
        self._verdicts: dict[tuple[str, bool], Verdict] = {}
        self._near: dict[str, bool] = {}
        self._forms: dict[str, Any] = {}
        self._rivals: dict[str, bool | None] = {}
        self._phrases: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._memos = {"known": self._known, "variant": self._variants, "neighbours": self._neighbours,
                       "near-misses": self._near_misses, "two-edits": self._two_edits, "run-together": self._run_together,
                       "false-verb": self._false_verbs, "verdict": self._verdicts, "near": self._near,
                       "form": self._forms, "rival": self._rivals}
        self._classes: WordClasses | None = None

    # ------------------------------------------------------------ the shipped lists

    @property
    def names(self) -> WordList:
        """SCOWL's proper names and capitalised words ('Natal', 'Aachen'), as written there."""
        if self._names is None:
            self._names = WordList.load(self.folder, "names")
        return self._names

    @property
    def common(self) -> frozenset[str]:
        """The words counted a million times or more (about 20,000; `_COMMON`, as the
        dictionary's counts say): a capitalised word none of whose one-edit neighbours is
        among them is no slip of a common word."""
        if self._common is None:
            with open(os.path.join(self.folder, "common.txt"), encoding="utf-8") as fh:
                self._common = frozenset(w for w in fh.read().split("\n") if w)
        return self._common

    @property
    def common_if_read(self) -> frozenset[str] | None:
        """`common` if it has been read already, else None (for a search it would only speed up)."""
        return self._common

    @property
    def variant_exceptions(self) -> frozenset[str]:
        if self._variant_exceptions is None:
            self._variant_exceptions = read_terms(os.path.join(self.folder, "variant-exceptions.txt"))
        return self._variant_exceptions

    @property
    def irregular_variants(self) -> dict[str, tuple[str, str]]:
        """word -> (side, other form), from rules/spelling/data/irregular-variants.txt."""
        if self._irregular is None:
            out: dict[str, tuple[str, str]] = {}
            with open(os.path.join(self.folder, "irregular-variants.txt"), encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) == 2 and not line.startswith("#"):
                        uk, us = parts
                        out[uk] = ("en-GB", us)
                        out[us] = ("en-US", uk)
            self._irregular = out
        return self._irregular

    @property
    def titles(self) -> frozenset[str]:
        """Titles and ranks written before names (rules/spelling/data/titles.txt)."""
        if self._titles is None:
            self._titles = read_terms(os.path.join(self.folder, "titles.txt"))
        return self._titles

    def vocabulary(self, name: str) -> frozenset[str] | None:
        """A shipped vocabulary pack's terms (`vocab/<name>.txt`), None if there is none so named."""
        try:
            return self._vocabs[name]
        except KeyError:
            path = os.path.join(self.folder, "vocab", f"{name}.txt")
            try:
                terms: frozenset[str] | None = read_terms(path)
            except OSError:
                terms = None
            self._vocabs[name] = terms
            return terms

    def classes(self, words: frozenset[str]) -> Classes:
        """The words the dictionary lacks and the spelling variants among `words` (`WordClasses`)."""
        if self._classes is None:
            self._classes = WordClasses(self, 2 * self._limit)
        return self._classes(words)

    # ------------------------------------------------------------ remembered verdicts

    def _remember(self, memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if len(memo) >= self._limit:
            memo.clear()
        memo[key] = value
        return value

    def is_known(self, word: str) -> bool:
        """A lowercase word the dictionary holds, or a regular form of one."""
        found = self._known.get(word)
        return found if found is not None else self._remember(self._known, word, _is_known(self, word))

    def variant(self, word: str, strict: bool = False) -> tuple[str, str, str] | None:
        """(family, "en-GB" or "en-US", the other variant) for a spelling variant, else None (see `_variant`)."""
        found = self._variants.get((word, strict), _MISSING)
        if found is _MISSING:
            found = self._remember(self._variants, (word, strict), _variant(self, word, strict))
        return found

    def neighbours(self, word: str) -> frozenset[str]:
        """The dictionary words one edit from `word`."""
        found = self._neighbours.get(word)
        if found is None:
            found = self._remember(self._neighbours, word, frozenset(suggest.neighbours(word, self.lexicon)))
        return found

    def near_misses(self, word: str) -> tuple[tuple[str, int], ...]:
        """Dictionary words one edit away, commonest first, with their counts."""
        found = self._near_misses.get(word)
        if found is None:
            lex = self.lexicon
            ranked = tuple(sorted(((w, lex[w]) for w in self.neighbours(word)), key=lambda wc: (-wc[1], wc[0])))
            found = self._remember(self._near_misses, word, ranked)
        return found

    def two_edits(self, word: str) -> frozenset[str]:
        """Dictionary words two edits away (`suggest.two_edits`): asked by the compound test and
        then by the verdict of the same word, searched once."""
        found = self._two_edits.get(word)
        if found is None:
            found = self._remember(self._two_edits, word, frozenset(suggest.two_edits(word, self.lexicon)))
        return found

    def run_together(self, word: str) -> str | None:
        """'inwhich' -> 'in which': two common words written as one."""
        found = self._run_together.get(word, _MISSING)
        if found is _MISSING:
            found = self._remember(self._run_together, word, _run_together(self.lexicon, word))
        return found

    def false_verb_form(self, word: str) -> tuple[str, ...] | None:
        """Suggestions for a regular -ed form that English does not have (see `_false_verb_form`)."""
        found = self._false_verbs.get(word, _MISSING)
        if found is _MISSING:
            found = self._remember(self._false_verbs, word, _false_verb_form(self, word))
        return found

    def verdict(self, word: str, second: bool = True) -> Verdict:
        """Ranked suggestions for a lowercase non-word and how sure they are (`suggest.verdict`).

        `second`: also look two edits away when nothing is one edit away (the name test, which
        only trusts one-edit slips, does without)."""
        found = self._verdicts.get((word, second))
        if found is None:
            if second:
                found = self.verdict(word, False)
                if not found.suggestions and len(word) >= 6:
                    found = suggest.verdict(word, self.lexicon, self.neighbours(word), second=True,
                                            far=lambda: self.two_edits(word))
            else:
                found = suggest.verdict(word, self.lexicon, self.neighbours(word))
            self._remember(self._verdicts, (word, second), found)
        return found

    def near(self, word: str) -> bool:
        """Whether a word is one edit from one of the commonest words (or is one)."""
        found = self._near.get(word)
        if found is None:
            if self._near_index is None and len(self._near) >= self.NEAR_INDEX_AFTER:
                self._near_index = NearCommon.prepared(os.path.join(self.folder, "common.txt"), self.common)
            if self._near_index is not None:
                found = self._near_index(word)
            else:  # the first few words: their counts, without reading common.txt (a cold start's 3 ms)
                count = self.lexicon.get
                found = count(word) >= _COMMON or any(count(w) >= _COMMON for w in self.neighbours(word))
            self._remember(self._near, word, found)
        return found

    def unknown_form(self, form: str) -> tuple[str, str, bool] | tuple[()] | None:
        """What `spelling.unknown-word` can tell of a form not in the dictionary without the
        document: None when it is never reported (short, not letters, its base a word); () when
        it is too long to spell-check; else (its base without a possessive, the base
        capitalised, whether SCOWL lists that as a name)."""
        found = self._forms.get(form, _MISSING)
        if found is _MISSING:
            found = self._remember(self._forms, form, self._unknown_form(form))
        return found

    def never_unknown(self, form: str) -> None:
        """`unknown_form(form)` is None from now on: its base turned out to be a word (a regular
        form of one, or a false verb form the typos pack reports). The word classes no longer
        list it among a document's unknown words, unless typos.false-verb-form reads it."""
        if form in self._forms:
            self._forms[form] = None
        if self._classes is not None:
            self._classes.quiet(form)

    def _unknown_form(self, form: str) -> tuple[str, str, bool] | tuple[()] | None:
        base = _strip_possessive(form) if form.endswith(_POSSESSIVES) else form
        if len(base) < 3 or not base.isalpha() or base in self.lexicon.words:
            return None
        if len(base) > MAX_WORD_LETTERS:  # a pasted blob: suggestions for it would cost minutes
            return ()
        title = base[:1].upper() + base[1:]
        known_names = self.names
        listed = title in known_names or (not title.isascii() and _fold_accents(title) in known_names)
        return base, title, listed

    def rival(self, text: str) -> bool | None:
        """Whether a capitalised word is a slip of a much commoner word (see `_is_name`)."""
        found = self._rivals.get(text, _MISSING)
        if found is _MISSING:
            found = self._remember(self._rivals, text, _rival(self, text))
        return found

    def phrase_pattern(self, terms: tuple[str, ...]) -> re.Pattern[str]:
        """One pattern for a newsroom's rejected terms (a few lists a session: at most 64 kept)."""
        memo = self._phrases
        pattern = memo.get(terms)
        if pattern is None:
            if len(memo) >= 64:
                memo.clear()
            pattern = memo[terms] = _phrase_pattern(terms)
        return pattern


class NearCommon:
    """Whether a word is one edit from one of the commonest words, in some 4 lookups a letter.

    `edits1(word) & common` builds 54 strings a letter; instead each common word is indexed
    once with a wildcard at each letter ('gover*ment'), which a substituted letter
    ('goverment' -> 'gover*ent') or a missing one ('gover*ment') of the word matches, and its
    deletions and swaps are looked up as they are. 40 ms to build (130,000 keys), 14 ms to
    load once prepared (`prepared`): a `Speller` makes it once it has been asked about
    enough words, and each worker process of a run would otherwise build it again.
    """

    def __init__(self, common: frozenset[str], wild: frozenset[str] | None = None) -> None:
        self._common = common
        self._wild = wild if wild is not None else self.wildcards(common)

    @staticmethod
    def wildcards(common: frozenset[str]) -> frozenset[str]:
        letters = frozenset(_LETTERS)
        return frozenset(w[:i] + "*" + w[i + 1 :] for w in common for i in range(len(w)) if w[i] in letters)

    @classmethod
    def prepared(cls, path: str, common: frozenset[str]) -> NearCommon:
        """The index of the common words read from `path`, its wildcards kept as prepared data
        (prepared.py: keyed by the file's bytes and copylint's code)."""
        from .. import prepared

        return cls(common, prepared.load("near-common", [path], lambda: (cls.wildcards(common), True)))

    def __call__(self, word: str) -> bool:
        common, wild, n = self._common, self._wild, len(word)
        if "*" in word:  # never a word the rules check; keep the wildcard unambiguous
            return bool(edits1(word) & common)
        for i in range(n + 1):
            a = word[:i]
            if a + "*" + word[i:] in wild:  # a letter missing at i
                return True
            if i < n and (a + "*" + word[i + 1 :] in wild or a + word[i + 1 :] in common):
                return True  # a letter substituted, or one too many, at i
            if i < n - 1 and a + word[i + 1] + word[i] + word[i + 2 :] in common:
                return True  # two letters swapped
        return False


def read_terms(path: str, mtime: float = 0.0) -> frozenset[str]:
    """One term a line; blank lines and lines starting with # are skipped. Lowercased.

    Rules read vocabularies through `ctx.services.file(path, read_terms)` (see `_terms`):
    parsed once a session, again when the file changes.
    """
    with open(path, encoding="utf-8") as fh:
        return frozenset(
            line.strip().lower() for line in fh if line.strip() and not line.lstrip().startswith("#")
        )


def load_terms(ctx: RuleContext, what: str) -> frozenset[str]:
    """The terms of option `<what>-terms` and of every file named in option `<what>`; for
    `accept`, also the shipped vocabulary packs in option `vocabularies` and the newsroom's
    `.copylint-vocab.txt` (written by `copylint vocab add`).

    File paths are resolved from the config file's folder. The union is made once per
    session for the same options and file versions (a newsroom's file is read again when its
    modification time or size changes; the shipped packs, like the dictionary, once a
    session): every document asks, and the packs hold thousands of terms. Within a lint call
    the files are looked at once for the same options, as `Services.file` looks at a data
    file once a call, not once a document and rule.
    """
    options = ctx.options
    if what != "accept" and not options.get(f"{what}-terms") and not options.get(what):
        return frozenset()  # no reject list (the usual case): nothing to read, key or remember
    # keyed by the options object, which the entry holds (so its id cannot be reused in the call)
    held = ctx.services.per_call(("spelling.terms-in-call", what, ctx.config_dir, id(options)),
                                 lambda: (options, _terms_now(ctx, what)))
    found = held[1] if held[0] is options else _terms_now(ctx, what)
    for name in found[1]:  # said again to each run of a long-lived session
        ctx.notice(f"spelling:vocab:{name}", f"spelling: no vocabulary pack named '{name}'")
    return found[0]


def _terms_now(ctx: RuleContext, what: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """`load_terms`'s union, and the names of the packs that do not exist, as the files are now."""
    inline = tuple(t.strip().lower() for t in ctx.options.get(f"{what}-terms") or () if t.strip())
    packs: tuple[str, ...] = ()
    files: list[tuple[str, tuple[int, int]]] = []  # path, (modification time, size) as services.file keys it
    if what == "accept":
        packs = tuple(ctx.options.get("vocabularies", _DEFAULT_VOCABS) or ())
        own = _own_vocabulary(ctx.config_dir)
        if own is not None:
            files.append(own)
    for raw in ctx.options.get(what) or ():
        path = raw if os.path.isabs(raw) else os.path.join(ctx.config_dir, raw)
        try:
            files.append((path, _signature(path)))
        except OSError as exc:
            ctx.notice(f"spelling:{what}:{path}", f"spelling: cannot read the {what} list {path}: {exc.strerror}")
    key = (inline, packs, tuple(files))
    made: dict[tuple[Any, ...], tuple[frozenset[str], tuple[str, ...]]] = ctx.services.get(
        ("spelling.terms", what), dict)
    found = made.get(key)
    if found is None:
        if len(made) >= 64:  # a long-lived session whose lists keep changing: start afresh
            made.clear()
        found = made[key] = _union(ctx, what, inline, packs, files)
    return found


def _own_vocabulary(folder: str) -> tuple[str, tuple[int, int]] | None:
    """`.copylint-vocab.txt` in the config's folder and its (modification time, size), or None."""
    own = os.path.join(folder, ".copylint-vocab.txt")
    try:
        st = os.stat(own)
    except OSError:
        return None  # no newsroom vocabulary here
    return (own, (st.st_mtime_ns, st.st_size)) if stat.S_ISREG(st.st_mode) else None


def _signature(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


def _union(ctx: RuleContext, what: str, inline: tuple[str, ...], packs: tuple[str, ...],
           files: list[tuple[str, tuple[int, int]]]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The terms, and the names of the packs that do not exist."""
    terms: set[str] = set(inline)
    sp = speller(ctx.services)
    missing = []
    for name in packs:
        pack = sp.vocabulary(name)
        if pack is None:
            missing.append(name)
        else:
            terms |= pack
    for path, _signature_then in files:
        try:
            terms |= _terms(ctx, path)
        except OSError as exc:
            ctx.notice(f"spelling:{what}:{path}", f"spelling: cannot read the {what} list {path}: {exc.strerror}")
    return frozenset(terms), tuple(missing)


def _terms(ctx: RuleContext, path: str) -> frozenset[str]:
    """A vocabulary file's terms, kept by the session (ctx.services) while the file is unchanged."""
    return ctx.services.file(path, read_terms, key="spelling.terms")


_DEFAULT_VOCABS = ("technology", "science", "news-organisations")


# ---------------------------------------------------------------- British and American variants

def _build_families() -> tuple[tuple[str, str, str, str, str], ...]:
    """(family, British suffix, American suffix, British base suffix, American base suffix).

    A word with its suffix swapped is its variant when the base pair (colour/color for
    colourful/colorful) is in the dictionary as two words of comparable use; irregular or
    two-meaning pairs are left out on purpose (program/programme, tire/tyre).
    """
    table = (
        ("ize", "ise", "ize", ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able")),
        ("yse", "yse", "yze", ("e", "ed", "ing")),  # not -yses: analyses is also analysis's plural
        ("our", "our", "or", ("", "s", "ed", "ing", "ite", "ites", "itism", "able", "ably", "ful",
                              "fully", "less", "er", "ers", "ism", "ist", "ists", "al", "ally",
                              "hood", "hoods", "y", "ies", "some", "ise", "ised", "ises", "ising")),
        ("re", "tre", "ter", ("e", "es", "ed")),
        ("re", "bre", "ber", ("e", "es")),  # not -bred: inbred
        ("re", "gre", "ger", ("e", "es")),
        ("ence", "ence", "ense", ("e", "es")),
    )
    out = []
    for fam, buk, bus, endings in table:
        for e in endings:
            if fam == "our":
                uk, us = buk + e, bus + e  # colour+ful, color+ful
            elif fam == "re":
                # centre, centres, centred / center, centers, centered
                uk, us = buk[:-1] + e, {"e": bus, "es": bus + "s", "ed": bus + "ed"}[e]
            else:
                uk, us = buk[:-1] + e, bus[:-1] + e  # the ending replaces the final e: ise -> ised
            out.append((fam, uk, us, buk, bus))
    # doubled l before a suffix: travelled/traveled (the base is the verb itself)
    for e in ("ed", "ing", "er", "ers"):
        out.append(("ll", "ll" + e, "l" + e, "l", "l"))
    # longest suffix first, so "isations" wins over "s"
    return tuple(sorted(out, key=lambda f: -max(len(f[1]), len(f[2]))))


_FAMILY_TABLE = _build_families()


def _families_by_ending() -> dict[str, tuple[tuple[int, str, str, str, str], ...]]:
    """suffix -> (its place in the table, family, side, the suffix, the other side's suffix)."""
    out: dict[str, tuple[tuple[int, str, str, str, str], ...]] = {}
    for i, (fam, uk, us, _buk, _bus) in enumerate(_FAMILY_TABLE):
        for j, (side, mine, other) in enumerate((("en-GB", uk, us), ("en-US", us, uk))):
            out[mine] = out.get(mine, ()) + ((2 * i + j, fam, side, mine, other),)
    return out


_BY_ENDING = _families_by_ending()
_ENDING_LENGTHS = tuple(sorted({len(e) for e in _BY_ENDING}))
# every suffix of either side, for one str.endswith test
_ENDINGS = tuple(sorted({f[1] for f in _FAMILY_TABLE} | {f[2] for f in _FAMILY_TABLE}))


def _endings_by_last_letter() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for e in _ENDINGS:
        out[e[-1]] = out.get(e[-1], ()) + (e,)
    return out


# the same suffixes by their last letter: `word.endswith(_ENDINGS_BY_LAST.get(word[-1:], ()))`
# tests a word against a tenth of them (a third of the cost of classing a new word)
_ENDINGS_BY_LAST = _endings_by_last_letter()
# Oxford spelling (en-GB-oxendict) is British with -ize: the ise/ize family is judged apart.
FAMILY_GROUP = {"ize": "ize", "yse": "other", "our": "other", "re": "other", "ll": "other", "ence": "other",
                "irregular": "other"}
VARIANTS = ("", "en-GB", "en-GB-oxendict", "en-US")
_MIN_STEM = {"ize": 3, "yse": 2, "our": 2, "re": 2, "ll": 3, "ence": 3}
_RATIO = 0.05  # the rarer base form must have at least this share of the commoner one's use


_ENCE_STEMS = frozenset({"def", "off", "pret"})  # defence, offence, pretence: the only -ence/-ense pairs
_US_SIDE = lexbits.AMERICAN | lexbits.US_VARIANT
_GB_SIDE = lexbits.BRITISH | lexbits.BRITISH_Z | lexbits.GB_VARIANT


def form_side(lex: Lexicon, word: str, family: str, strict: bool = False) -> str | None:
    """Which spelling the dictionary lists a word in: "en-GB", "en-US", "both", or None (absent).

    SCOWL lists each word by spelling: a word of the common English lists, or listed on both
    sides (travelled: British, and an American variant), is "both" and never a variant. In
    the -ise/-ize family the sides are -ise (British) and -ize (American and Oxford British).
    `strict` (a house spelling) counts a side's variants (theatre, an American variant) as
    the other side's.
    """
    bits = lex.sides(word)
    if not bits:
        return None
    if bits & lexbits.ENGLISH:
        return "both"
    if family == "ize":
        us, gb = bits & (lexbits.AMERICAN | lexbits.BRITISH_Z), bits & lexbits.BRITISH
    else:
        us, gb = (bits & lexbits.AMERICAN, bits & (lexbits.BRITISH | lexbits.BRITISH_Z)) if strict else (
            bits & _US_SIDE, bits & _GB_SIDE)
    if us and not gb:
        return "en-US"
    if gb and not us:
        return "en-GB"
    return "both"


def _variant(sp: Speller, word: str, strict: bool = False) -> tuple[str, str, str] | None:
    """(family, "en-GB" or "en-US", the other variant) for a spelling variant, else None.

    The dictionary says which side lists a word; morphology finds its counterpart (colour ->
    color, realised -> realized, centre -> center, travelled -> traveled), which must be
    listed on the other side, or on both. A word the dictionary lacks (an inflection it does
    not list) takes its side from its ending when its counterpart is one-sided the other way.
    A word listed in both spellings (corralled, doughnut) is never a variant.
    """
    skip = sp.variant_exceptions
    if word in skip:
        return None
    lex = sp.lexicon
    irregular = sp.irregular_variants.get(word)
    if irregular is not None:
        if form_side(lex, word, "irregular", strict) == "both":
            return None
        return "irregular", irregular[0], irregular[1]
    if not word.endswith(_ENDINGS_BY_LAST.get(word[-1:], ())):
        return None  # most words: one C-level test instead of a hundred endswith calls below
    # the families whose suffix the word ends with, in the table's order (the first that fits wins)
    n = len(word)
    fits = sorted(f for k in _ENDING_LENGTHS if k <= n for f in _BY_ENDING.get(word[-k:], ()))
    for _order, fam, side, mine, other in fits:
        stem = word[: n - len(mine)]
        if len(stem) < _MIN_STEM[fam] or (fam == "ence" and stem not in _ENCE_STEMS):
            continue
        if fam == "our" and stem.endswith("t"):
            continue  # contour, detour: -tour is never a British -tor
        counterpart = stem + other
        if counterpart == word or counterpart in skip:
            continue
        mine_side, their_side = form_side(lex, word, fam, strict), form_side(lex, counterpart, fam, strict)
        opposite = "en-US" if side == "en-GB" else "en-GB"
        if mine_side == side and their_side in (opposite, "both"):
            return fam, side, counterpart
        if mine_side is None and their_side == opposite:
            return fam, side, counterpart
    return None


# ---------------------------------------------------------------- known words and suggestions


def _is_known(sp: Speller, word: str) -> bool:
    """A lowercase word the dictionary holds, or a regular form of one (`Speller.is_known`)."""
    lex = sp.lexicon
    if word in lex:
        return True
    if not word.isascii():
        folded = _fold_accents(word)  # the dictionary writes cliche, saute, protege
        return folded != word and folded.isascii() and sp.is_known(folded)
    if _plural_known(word, lex) or _inflection_known(sp, word):
        return True
    if sp.variant(word) is not None or _other_spelling_known(word, lex):
        return True
    for p in _PREFIXES:
        # 'co' only before a long word: 'coworking', not 'corect' (co + rect)
        if word.startswith(p) and len(word) - len(p) >= (6 if p == "co" else 4):
            rest = word[len(p) :]
            use = _use(sp, rest)
            if use and not any(c >= 50 * use for _w, c in sp.near_misses(word)[:1]):
                return True  # delisted, unpatched; not 'promize' (pro + a rare 'mize', beside promise)
    # a compound, unless it is one slip from a common word: 'surprize' is not sur+prize
    parts = split_compound(word, lex)
    if parts is None or any(c >= _COMMON for _w, c in sp.near_misses(word)[:1]):
        return False
    # nor, when one half is no everyday word, two slips from a word far commoner than that half:
    # 'personell' is not person+ell (an old measure) but 'personnel'
    rare = min(_use(sp, part) for part in parts)
    if rare < _COMMON and any(lex.get(w, 0) >= max(_COMMON, 20 * rare) for w in sp.two_edits(word)):
        return False
    return True


def _use(sp: Speller, word: str) -> int:
    """The dictionary count of a word, its singular, or its other spelling (0 if none)."""
    lex = sp.lexicon
    if word in lex:
        return lex[word]
    if _plural_known(word, lex):
        for base in (word[:-1], word[:-2], word[:-3] + "y"):
            if base in lex:
                return lex[base]
    v = sp.variant(word)
    return lex.get(v[2], 0) if v else 0


def _fold_accents(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _plural_known(word: str, lex: Lexicon) -> bool:
    if word.endswith("ies") and word[:-3] + "y" in lex:
        return True
    if word.endswith("es") and word[:-2] in lex and word[-3] in "sxhoz":
        return True
    return word.endswith("s") and not word.endswith("ss") and word[:-1] in lex


_ISE_RE = re.compile(r"is(e|es|ed|ing|er|ers|ation|ations|able)$")
_OG_RE = re.compile(r"og(s|ed|ing)?$")


def _other_spelling_known(word: str, lex: Lexicon) -> bool:
    """Regular spellings the dictionary holds in the other variant only.

    British -ise where it lists -ize (agonise), American e for ae/oe (anesthesia, fetus),
    -og for -ogue (catalog), -old for -ould (molded). Only directions that cannot turn a
    misspelling into a word are used: 'exercize' is not accepted for 'exercise'.
    """
    m = _ISE_RE.search(word)
    if m and len(word) - len(m.group()) >= 3 and word[: m.start()] + "iz" + m.group()[2:] in lex:
        return True
    m = _OG_RE.search(word)
    if m and word[: m.start()] + "ogue" + (m.group(1) or "") in lex:
        return True
    if "old" in word and word.replace("old", "ould", 1) in lex:
        return True
    for i, ch in enumerate(word):
        if ch == "e" and 0 < i < len(word) - 1:
            if word[:i] + "ae" + word[i + 1 :] in lex or word[:i] + "oe" + word[i + 1 :] in lex:
                return True
    return False


def _inflection_known(sp: Speller, word: str) -> bool:
    """buoying, jinked, remonstrating, strugglers: regular forms of dictionary words. (SCOWL lists
    the inflections of its words, so a word whose plural is listed is not taken for its singular:
    'peopl' is not the singular of 'peoples'.)"""
    lex = sp.lexicon
    if word.endswith(("ator", "ators")) and len(word) >= 8:  # validator, aggregators: agents of -ate verbs
        if word[: word.rindex("or")] + "e" in lex:
            return True
    for suffix in ("ing", "ed", "ers", "er", "ly", "ness"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in lex or stem + "e" in lex or (stem[-1] == stem[-2] and stem[:-1] in lex):
                # an -ed form is a word unless it is a false verb form (laxed, heared)
                return suffix != "ed" or sp.false_verb_form(word) is None
            if suffix in ("ers", "er") and stem + "e" in lex:
                return True
    return False


def split_compound(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """Two dictionary words of three letters or more, neither a function word (carmaker, hotspots)."""
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if left in _FUNCTION_WORDS or right in _FUNCTION_WORDS:
            continue
        if left in lex and (right in lex or _plural_known(right, lex)):
            if lex[left] >= 100_000 and lex.get(right, lex.get(right[:-1], 0)) >= 100_000:
                return left, right
    return None


def everyday_compound(sp: Speller, word: str) -> bool:
    """Two everyday words (each counted a million times or more) written as one, each commoner
    than the word one edit away: 'skillset' (skill + set; 'skillet'), 'hardcode' (hard + code;
    'hardcore'). SCOWL lists few of the closed compounds of modern usage, and such a word is as
    likely the compound as a slip of the rarer word: no warning on that evidence alone. A slip
    of a commoner word stays a warning: 'investmet' (invest + met) is 'investment'."""
    lex, common = sp.lexicon, sp.common
    near = sp.near_misses(word)
    rival = near[0][1] if near else 0
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if left not in common or left in _FUNCTION_WORDS or right in _FUNCTION_WORDS:
            continue
        stem = right if right in common else right[:-1] if _plural_known(right, lex) and right[:-1] in common else ""
        if stem and lex[left] > rival and lex[stem] > rival:
            return True
    return False


_IZE_SUFFIXES = ("izations", "isations", "ization", "isation", "izing", "ising", "ized", "ised", "izes", "ises",
                 "ize", "ise")


def regular_derivation(sp: Speller, word: str) -> bool:
    """A word made from an everyday word by a productive suffix, with no dictionary word one edit
    away: 'commoditized' (commodity + -ize), 'tokenizing', 'geekily' (geeky + -ly). SCOWL lists few
    of the -ize verbs of business and computing; such a word is as likely a coinage as a slip: no
    warning on that evidence alone. A word one edit from a dictionary word is read as that word's
    slip as before ('analized': 'analyzed')."""
    if sp.near_misses(word):
        return False
    lex, common = sp.lexicon, sp.common
    for suffix in _IZE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            if any(base in common for base in (stem, stem + "y", stem + "e")):
                return True
    if word.endswith("ily") and len(word) >= 7:
        base = word[:-3] + "y"
        return base in lex and lex[base] >= 100_000
    return False


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def _run_together(lex: Lexicon, word: str) -> str | None:
    """'inwhich' -> 'in which': two common words written as one (`Speller.run_together`)."""
    best = None
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        if (len(left) > 1 or left in ("a", "i")) and lex.get(left, 0) >= 1_000_000 and lex.get(right, 0) >= 1_000_000:
            score = min(lex[left], lex[right])
            if best is None or score > best[0]:
                best = (score, f"{left} {right}")
    return best[1] if best else None


# ---------------------------------------------------------------- where words are


_SENTENCE_END = ".!?"
_OPENERS = "\"'“‘([«—–-*• \t\n"


def sentence_initial(prose: str, start: int, block_start: int) -> bool:
    """True when the word at `start` opens a sentence, a block or a line."""
    i = start - 1
    while i >= block_start and prose[i] in _OPENERS:
        if prose[i] == "\n":
            return True
        i -= 1
    return i < block_start or prose[i] in _SENTENCE_END or prose[i] in ":"


def _compound_at(prose: str, start: int, end: int) -> str | None:
    """The hyphenated compound a word belongs to, hyphens dropped ('co-ordinator' -> 'coordinator')."""
    if not ((start > 0 and prose[start - 1] == "-") or (end < len(prose) and prose[end] == "-")):
        return None
    s, e = start, end
    while s > 0 and (prose[s - 1].isalnum() or prose[s - 1] == "-"):
        s -= 1
    while e < len(prose) and (prose[e].isalnum() or prose[e] == "-"):
        e += 1
    return prose[s:e].replace("-", "").lower()


def _in_address(prose: str, start: int, end: int) -> bool:
    """A word of a web address or file name written without http:// ('bbc.co.uk', 'photo.png')."""
    after = prose[end : end + 2]
    before = prose[max(start - 2, 0) : start]
    return (len(after) == 2 and after[0] in "./@" and after[1].isalnum()) or (
        len(before) == 2 and before[1] in "./@" and before[0].isalnum()
    )


class Occurrence:
    """A word found in the prose: the parts of a regex match that the rules use."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self, _group: int = 0) -> int:
        return self._start

    def end(self, _group: int = 0) -> int:
        return self._end

    def group(self, _group: int = 0) -> str:
        return self._text


def occurrences(doc: Document, words: Iterable[str]) -> list[Occurrence]:
    """Every place where one of `words` (lowercase, as in `doc.word_set`) stands as a whole word.

    A handful of words per document: `str.find` over the lowercased prose costs less than
    compiling a regex of them.
    """
    prose, lower = doc.prose, doc.lower
    if len(lower) != len(prose):  # lowercasing changed lengths (rare letters): fall back to a regex
        return [Occurrence(m.start(), m.end(), m.group()) for m in _occurrences_regex(prose, words)]
    found = []
    n = len(lower)
    index = doc.word_index if doc.indexed else None  # a long text: look up, do not scan it per word
    for word in words:
        if index is not None:
            starts: Iterable[int] = index.get(word, ())
            for i in starts:
                j = i + len(word)
                before = lower[i - 1] if i else " "
                after = lower[j] if j < n else " "
                if before not in "_'’" and not (after == "_" or (after in "'’" and j + 1 < n and lower[j + 1].isalnum())):
                    found.append(Occurrence(i, j, prose[i:j]))
            continue
        i = lower.find(word)
        while i >= 0:
            j = i + len(word)
            before = lower[i - 1] if i else " "
            after = lower[j] if j < n else " "
            if not (before.isalnum() or before in "_'’") and not (
                after.isalnum() or after == "_" or (after in "'’" and j + 1 < n and lower[j + 1].isalnum())
            ):
                found.append(Occurrence(i, j, prose[i:j]))
            i = lower.find(word, i + 1)
    found.sort(key=lambda o: o.start())
    return found


def _occurrences_regex(prose: str, words: Iterable[str]) -> Iterator[re.Match[str]]:
    alternatives = sorted({re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in words}, key=len, reverse=True)
    if not alternatives:
        return iter(())
    pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w]|['’]\w)", re.IGNORECASE)
    return pattern.finditer(prose)


def case_role(doc: Document, m: Occurrence) -> str:
    """'lower', 'initial' (capitalised at a sentence start, not in a run of capitals), or 'name'."""
    text = m.group()
    if text.islower():
        return "lower"
    if text.endswith(("'s", "’s")):
        return "name"  # a capitalised possessive: a name's
    if text[:1].isupper() and text[1:].islower() or len(text) == 1:
        block = doc.block_at(m.start())
        if block is not None and block.scope == "heading":
            return "name"
        if sentence_initial(doc.prose, m.start(), block.start if block else 0) and not _NAME_RUN_RE.match(
            doc.prose, m.end()
        ):
            return "initial"
    return "name"


# A capitalised word followed by another (or by 's): a run of names ('Sebastien Loeb said').
_NAME_RUN_RE = re.compile(r"(?:[ \t]+[A-Z][\w'’-]*|['’]s\b)")


_POSSESSIVES = ("'s", "’s", "s'", "s’")


def _strip_possessive(word: str) -> str:
    for suffix in _POSSESSIVES:
        if word.endswith(suffix):
            return word[: -len(suffix)] + ("s" if suffix[0] == "s" else "")
    return word


# ---------------------------------------------------------------- the rules

_ACCEPT = Option("accept", [], "Files of accepted terms, one a line (relative to the config file)", list,
                 outside="file")
_REJECT = Option("reject", [], "Files of rejected terms, one a line (relative to the config file)", list,
                 outside="file")
_ACCEPT_TERMS = Option("accept-terms", [], "Accepted terms written in the config itself", list)
_VOCABS = Option("vocabularies", list(_DEFAULT_VOCABS), "Shipped vocabulary packs to accept (technology, "
                 "science, news-organisations)", list)
_REJECT_TERMS = Option("reject-terms", [], "Rejected terms written in the config itself", list)


def _variant_name(value: Any) -> Any:
    if value not in VARIANTS:
        raise ValueError("option 'variant' is one of: en-GB, en-GB-oxendict, en-US, or ''")
    return value


_VARIANT = Option("variant", "", "House spelling: en-GB, en-GB-oxendict (British with -ize), en-US, or '' "
                  "(follow each article's majority)", str, _variant_name)

_COMMON_SIZE = 60  # SCOWL sizes up to 60 are the words of general dictionaries; 70 and 80 add rarer ones
_COMMON = 1_000_000  # a suggestion this common in the dictionary's counts is an everyday word


class UnknownWordRule:
    meta = RuleMeta(
        id="spelling.unknown-word",
        summary="A word that is not in the English dictionary",
        severity=Severity.SUGGESTION,
        doc=make_doc(
            what="Reports words that are not in the dictionary: SCOWL's word lists up to size 80 "
            "(the size of hunspell's en_US-large), every spelling (American, British -ise and -ize, "
            "Canadian, Australian) and its common variants, nor a regular form of a dictionary word "
            "(prefixed, compounded, inflected). Suggestions are the dictionary words one edit away "
            "(or two, where one of the two is a deletion or a swap), ranked by their Google Books "
            "counts times the weight of the slip: a neighbouring key, two letters swapped or a "
            "doubled letter weigh most. A misspelling with one clear, common suggestion is a "
            "warning at any length ('peopl', 'stil'); anything less sure is a suggestion. A "
            "capitalised word is a name only with evidence: SCOWL's names (Zurich, Jonny), capitals "
            "or mixed case (NATO, McAdam), the same form twice in the article, or a name beside it "
            "(Cristiano Ronaldo); a capitalised word one slip from a much commoner word is reported "
            "('the Natioanl Bank', 'Goverment'), as a warning among capitalised dictionary words (not "
            "after a given name with no article before it: 'Hank Foiles', 'Peter Beaven' are names) and "
            "a suggestion when it stands alone. A word the story also writes in its code, links or "
            "markup (outside the front matter) is an identifier of the story's: a suggestion. The shipped vocabulary packs (technology, science, "
            "news organisations), the newsroom's `.copylint-vocab.txt` (`copylint vocab add WORD`) and "
            "the accept files are never reported, nor loanwords written with their accents "
            "(papier-mâché). Copy that is mostly not English (a fifth of its distinct words unknown "
            "and few English function words) is not checked.",
            why="A misspelt word in a published story undermines trust in the facts around it. "
            "A warning needs strong evidence (one clear, common suggestion by a slip that fits the "
            "word's shape; no foreign, Latin or name context; not a form the story repeats); "
            "anything less is a suggestion. Warnings per 1,000 words of clean edited copy: BBC 0.101, "
            "Brown press 0.122, WSJ 0.108, NYT+AP 0.018, ABC 0.115 (docs/precision.md), most of them "
            "misspellings the publishers let through ('accomodate', 'enviroment', 'commerical'). On "
            "sentences of US presidential addresses with one keyboard slip each it finds 99.9% "
            "(85.9% at warning); capitalised slips 81.5% (docs/spelling.md).",
            example="The goverment said the plan was on track.",
            instead="The government said the plan was on track.",
            options="`accept`: files of accepted terms, one a line (# starts a comment), never "
            "reported; `accept-terms`: the same written in the config. Both are shared with the other "
            "spelling rules when set in the pack section: `spelling: {accept: [vocab/accept.txt]}`; "
            "paths are relative to the config file. `vocabularies`: the shipped packs to accept "
            "(default: technology, science, news-organisations).",
            fix="No automatic fix: the first suggestion is usually but not always the intended word.",
        ),
        options=(_ACCEPT, _ACCEPT_TERMS, _VOCABS),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        sp = speller(ctx.services)
        lex = sp.lexicon
        accepted = load_terms(ctx, "accept")
        candidates = {}
        unknown = []
        remembered = sp._forms.get
        too_long = []
        for form in unknown_words(doc, sp):
            seen = remembered(form, _MISSING)  # what does not depend on this story (`unknown_form`)
            if seen is _MISSING:
                seen = sp.unknown_form(form)
            if seen is None:
                continue
            if not seen:  # a pasted blob: suggestions for it would cost minutes
                if _strip_possessive(form) not in accepted:
                    too_long.append(form)
                continue
            base, title, listed = seen
            if base in accepted:
                continue
            unknown.append((form, base, title, listed))
        if too_long:
            _too_long(doc, ctx, too_long)
        # which of them the prose writes capitalised, and which as they are: in a long text one
        # pass for all of them (multimatch), not two scans a word (23 s of a 5 MB file); in an
        # article one `in` each on the prose itself (every title and base is a word of three letters
        # or more), and the lowercase form only where the capitalised one is written
        written: Container[str] = doc.prose if len(doc.prose) * 2 * len(unknown) < multimatch._AUTOMATON_FROM \
            else multimatch.present(doc.prose, [t for _f, _b, t, _l in unknown] + [b for _f, b, _t, _l in unknown])
        for form, base, title, listed in unknown:
            # a name SCOWL lists, written capitalised here: no dictionary work (most unknown words are names)
            if title in written:
                if listed:
                    continue
                if base not in written and not sp.near(base):
                    continue  # only ever capitalised, and no slip of a common word: a name
            if not sp.is_known(base) and not sp.false_verb_form(base):
                candidates[form] = base
            else:
                sp.never_unknown(form)  # a regular form of a word, in any story
        if not candidates or _foreign(doc, lex, len(candidates)):
            return
        found = occurrences(doc, candidates)
        judged = [(m, case_role(doc, m)) for m in found]
        forms = Counter(m.group() for m in found)  # how often the story writes each form
        named, recurring_names = _names(sp, doc, judged, candidates)
        for m, role in judged:
            base = candidates.get(m.group().lower().replace("’", "'")) or candidates.get(m.group().lower())
            if base is None or base in named:
                continue  # a name here, and so also where the article writes it in lowercase
            if role != "lower" and _strip_possessive(m.group()) in recurring_names:
                continue  # 'Goverment House' twice: a name where so written, but not 'the goverment'
            if _in_address(doc.prose, m.start(), m.end()) or doc.prose[m.end() : m.end() + 1] in _ODD_APOSTROPHES:
                continue  # 'isn`t', 'don´t': a contraction with an apostrophe the tokeniser does not join
            compound = _compound_at(doc.prose, m.start(), m.end())
            if compound is not None and (len(base) <= 3 or compound in lex or sp.is_known(compound)):
                continue
            if compound is not None and not compound.isascii():
                continue  # 'papier-mâché', 'vis-à-vis': a loanword, written with its accents
            if _dropped_g(sp, doc.prose, m, base):
                continue  # 'countin'', 'packin'': dialect written with its apostrophe
            plain = role != "lower" and _in_plain_run(sp, doc, m)
            sure = (role != "name" or plain) and forms[m.group()] < _WARN_RECURRING and strong_evidence(
                sp, doc.prose, m, base, role, plain) and not _in_code(doc, m.group())
            hit = _unknown_hit(sp, m, base, role, sure)
            if hit is not None:
                yield hit


def _in_code(doc: Document, form: str) -> bool:
    """The story also writes the word in its code, an address or markup (more often in the
    source than in the prose): an identifier or a name of the story's own ('openssl',
    'iptables', 'codeplex' in the links), not a slip."""
    return doc.analysis("spelling.code-text", _code_text).excess(form.lower()) > 0


_FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _code_text(doc: Document) -> Counts:
    """The source and the prose in lowercase, each without the front matter (whose slug and
    address repeat the title's words, slips included), counted where they differ (`Counts`)."""
    fm = _FRONT_MATTER_RE.match(doc.source)
    start, cut = (0, 0) if fm is None else (fm.end(), max((b.end for b in doc.blocks if b.scope == "front_matter"),
                                                          default=0))
    source = doc.source[start:].lower()
    lined_up = doc.aligned and len(source) == len(doc.source) - start
    return Counts(source, doc.lower[cut:], doc.source_map.segments, start, cut, lined_up)


def unknown_words(doc: Document, sp: Speller) -> frozenset[str]:
    """The words of the document's word set that the dictionary lacks (once a document for
    the rules that ask: spelling.unknown-word, typos.false-verb-form)."""
    return classes(doc, sp).unknown


def _dropped_g(sp: Speller, prose: str, m: Occurrence, word: str) -> bool:
    """'countin'' for 'counting': an -in' form whose -ing form is a word."""
    return word.endswith("in") and prose[m.end() : m.end() + 1] in ("'", "’") and sp.is_known(word + "g")


_WARN_CAPITALISED_LETTERS = 8  # shorter capitalised non-words are mostly names (Kitts, Nighy, Parmer)
_WARN_PLAIN_RUN_LETTERS = 6  # among capitalised dictionary words: 'the Legislative Coucil', not 'Bill Nighy'
_WARN_PLAIN_LETTERS = 7  # a plain substitution in a shorter word is as often a foreign word ('uber', 'chien')
_WARN_SHORT_LETTERS = 5
_LOWER_NAME_LETTERS = 7
_WARN_RECURRING = 3  # the same form three times in one story is the writer's term ('neurones'), not a slip
_LATIN_ENDING_RE = re.compile(r"(?:us|um|a|ae|i|ii|is|ensis|oides)$")
_WARN_SHORT_COUNT = 2_000_000  # a short word warns only towards a very common word ('peopl', not 'deux')
_WORD_AT_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def strong_evidence(sp: Speller, prose: str, m: Occurrence, word: str, role: str, plain_run: bool = False) -> bool:
    """Whether an unknown word is a slip surely enough for a warning (else a suggestion).

    A warning needs one clear suggestion reached by a slip that fits the word's shape: a
    capitalised word of eight letters or more (six among capitalised dictionary words: 'the
    Legislative Coucil'), not a doubled or undoubled letter (names vary so: Wellcome, Tonny); a plain substitution only in a word of seven letters or more; a
    short word only towards a very common one; not after a title ('Dr Parmer',
    rules/spelling/data/titles.txt). A word beside another non-word (a foreign
    phrase: 'bete noire', 'nolo contendere', 'sogo-shosha') or listed with one ('congkak and
    sepak raga'), a Latin epithet after an unknown
    capitalised genus ('Saguinus oedipus'), a lowercase particle between capitalised words
    ('Daniel arap Moi'), a name written in lowercase ('hereford', 'celsius'), a form the story
    uses three times or more (the check counts) and an archaic verb form ('comest', 'becometh')
    are suggestions.
    """
    from .suggest import DROPPED_WEIGHT

    v = sp.verdict(word)
    if not v.suggestions:
        return False
    best = v.suggestions[0]
    shortest = _WARN_PLAIN_RUN_LETTERS if plain_run else _WARN_CAPITALISED_LETTERS
    if role != "lower" and (len(word) < shortest or _doubling(word, best) or _after_title(sp, prose, m.start())):
        return False
    if v.slip < DROPPED_WEIGHT and len(word) < _WARN_PLAIN_LETTERS:
        return False
    if len(word) <= _WARN_SHORT_LETTERS and v.best_count < _WARN_SHORT_COUNT:
        return False
    if _archaic_form(word, sp.lexicon):
        return False
    if role == "lower" and len(word) >= _LOWER_NAME_LETTERS:  # short names collide with slips ('wil', 'tem')
        title = word[:1].upper() + word[1:]
        if title in sp.names:
            return False  # a name written in lowercase: 'hereford cattle', 'degrees celsius'
    return not _foreign_context(sp, prose, m, role)


def _archaic_form(word: str, lex: Lexicon) -> bool:
    """'comest', 'becometh', 'knoweth': a verb with the old -st/-th (after e) or -est/-eth ending."""
    if word.endswith(("st", "th")) and word[-3:-2] == "e" and len(word) >= 6:
        return word[:-2] in lex or word[:-3] in lex
    return False


_TITLE_BEFORE_RE = re.compile(r"([A-Z][a-z]*)\.? $")


def _after_title(sp: Speller, prose: str, start: int) -> bool:
    """'Dr Parmer', 'Governor Notte', 'St Kitts': a title or place word just before
    (rules/spelling/data/titles.txt)."""
    t = _TITLE_BEFORE_RE.search(prose, max(0, start - 20), start)
    return t is not None and t.group(1).lower() in sp.titles


def _doubling(word: str, best: str) -> bool:
    """One of the two has a letter doubled where the other has it once ('wellcome', 'welcome')."""
    short, long = sorted((word, best), key=len)
    if len(long) != len(short) + 1:
        return False
    return any(long[i] == long[i + 1] and long[:i] + long[i + 1 :] == short for i in range(len(long) - 1))


def _foreign_context(sp: Speller, prose: str, m: Occurrence, role: str) -> bool:
    """A lowercase neighbouring word (or any across a hyphen) that the dictionary does not hold,
    or, for a lowercase word, capitalised words on both sides (a name's particle)."""
    start, end = m.start(), m.end()
    before = after = None
    i = start - 1
    if i >= 0 and prose[i] in " -":
        j = i
        while j > 0 and (prose[j - 1].isalpha() or prose[j - 1] in "'’"):
            j -= 1
        before = prose[j:i] or None
    if end < len(prose) and prose[end] in " -":
        n = _WORD_AT_RE.match(prose, end + 1)
        after = n.group() if n else None
    if role == "lower" and before and after and before[:1].isupper() and after[:1].isupper():
        return True
    if role == "lower" and before and before[:1].isupper() and before[1:].islower() and _LATIN_ENDING_RE.search(m.group()):
        low = before.lower()
        if low not in sp.lexicon and not sp.is_known(low):
            return True  # a binomial: 'Saguinus oedipus', 'Monodelphis domestica'
    # lowercase neighbours only, but any across a hyphen ('Kai-shek'): 'Obama recieved' is a slip
    for w, sep in ((before, prose[start - 1 : start]), (after, prose[end : end + 1])):
        if w and w.isalpha() and (w.islower() or (sep == "-" and w[1:].islower())):
            low = w.lower()
            if low not in sp.lexicon and not sp.is_known(low):
                return True
    if role == "lower":
        # an item of a list of other non-words: 'games like congkak and sepak raga', 'weaving
        # mengkuang and tenun': foreign terms named side by side, not two slips
        left = _LISTED_BEFORE_RE.search(prose, max(0, start - 40), start)
        right = _LISTED_AFTER_RE.match(prose, end)
        for n in (left, right):
            w = (n.group(1) or n.group(n.lastindex or 1) or "") if n else ""
            if len(w) >= 3 and w not in sp.lexicon and not sp.is_known(w):
                return True
    return False


_LISTED_BEFORE_RE = re.compile(r"(?<![\w'’-])([a-z]+)(?:,? (?:and|or)|,) $")
_LISTED_AFTER_RE = re.compile(r",? (?:and|or) ([a-z]+)(?![\w'’-])|, ([a-z]+)(?![\w'’-])")


def _in_plain_run(sp: Speller, doc: Document, m: Occurrence) -> bool:
    """A capitalised word among capitalised dictionary words: 'the Natioanl Bank', not 'Mirco
    Bergamasco', and not a given name's surname ('Hank Foiles said', 'Peter Beaven says')."""
    beside = _capitalised_neighbours(doc.prose, m.start(), m.end())
    return bool(beside) and all(_plain_word(sp, w) for w in beside) and not _surname_shape(doc.prose, m)


_DETERMINERS = frozenset("the a an this that these those its their our his her".split())
_BEFORE_WORD_RE = re.compile(r"([^\W\d_][\w'’-]*)([,;:]?) +$")


def _surname_shape(prose: str, m: Occurrence) -> bool:
    """The second of two capitalised words, with no article before them ('Hank Foiles,', 'Tony
    Gooden is', "Management's Matthew Leeson"): a given name and a surname. An institution's
    name takes an article ('the Legislative Coucil'), and a third capitalised word makes the
    run longer than a person's name ('Federal Reserve Boad', 'Natioanl Bank Group')."""
    start, end = m.start(), m.end()
    if prose[end : end + 1] == " " and _NEIGHBOUR_RE.match(prose, end + 1):
        return False
    given = re.search(r"(?:^|(?<=[\s(\"“‘]))([A-Z][a-z]+) $", prose[max(0, start - 30) : start])
    if given is None or given.group(1).lower() in _FUNCTION_WORDS:
        return False  # 'This Nztion', 'The Counil', 'As Preskdent': a sentence's capital, not a name
    at = start - len(given.group(1)) - 1
    head = prose[max(0, at - 40) : at]
    if not head.strip() or head.rstrip()[-1:] in ".!?\"“”(":
        return True  # the given name starts the sentence or the line
    before = _BEFORE_WORD_RE.search(head)
    if before is None:
        return True  # after a dash or a bracket
    word, mark = before.groups()
    if mark:
        return True  # 'livestock manager, Tony Gooden'
    if word.lower() in _DETERMINERS:
        return False
    rest = head[: before.start()].rstrip()
    if word in ("of", "for", "and") and rest[-1:].isalpha() and rest.split()[-1][:1].isupper():
        return False  # 'the Office of Homeland Sexurity': a longer name
    if word.endswith(("'s", "’s")):
        return word[:1].isupper()  # "Management's Matthew Leeson", not "last year's Budget Mesasge"
    opens = not rest or rest[-1] in ".!?\"“”("  # 'But Peter Beaven says': a capital of the sentence's
    return opens or not word[:1].isupper()


_ODD_APOSTROPHES = frozenset("`´ʼ′")
# English copy has these; copy in another language has few of them ('was' is also German)
_ENGLISH_MARKERS = frozenset("the and of to that with for is are were has have".split())

# The longest words in English dictionaries have 45 letters; a longer "word" is a pasted blob,
# a hash or a URL fragment, and the edit-distance search for suggestions grows with its square.
MAX_WORD_LETTERS = 50


def _too_long(doc: Document, ctx: RuleContext, forms: list[str]) -> None:
    """The run's notice (one a file) of the first of the document's words too long to check:
    the first in the copy, not the first of the word set, whose order changes from run to run."""
    at, form = min(((doc.lower.find(f), f) for f in forms), key=lambda found: (found[0] < 0, found))
    line = doc.position(doc.to_source(at, at)[0])[0] if at >= 0 else 0
    ctx.notice(f"spelling.too-long:{doc.path}",
                       f"{doc.path}:{line}: a word of {len(form):,} letters was not spell-checked "
                       f"(the limit is {MAX_WORD_LETTERS} letters)")


def _foreign(doc: Document, lex: Lexicon, unknown: int) -> bool:
    """True for copy that is mostly not English: a fifth of its distinct words unknown, and
    few of the words every English paragraph has (a short English text with several slips is
    still English)."""
    if unknown < 8:
        return False
    words = sum(1 for w in doc.word_set if w.isalpha())
    return unknown > 0.2 * words and len(doc.word_set & _ENGLISH_MARKERS) < 3


def _names(sp: Speller, doc: Document, judged: list[tuple[Occurrence, str]],
           candidates: dict[str, str]) -> tuple[set[str], set[str]]:
    """The unknown words that are names in this article: (bases that are names wherever they
    stand, even in lowercase; capitalised forms that are names only where so written).

    A word used twice in the same capitalised form is a name in that form ('Goverment House'
    twice, or 'Riise' opening two paragraphs), but recurrence vouches for nothing else: not
    for the lowercase word ('the goverment said'). Any other evidence (`_is_name`) vouches for
    the word everywhere. Each base's evidence is weighed until it is found a name, and not at
    all when every use of the word is the recurring form (nothing else to vouch for).
    """
    recurring = Counter(m.group() for m, _role in judged)
    forms: dict[str, set[str]] = {}  # base -> the forms it is written in here
    for m, _role in judged:
        base = candidates.get(m.group().lower())
        if base is not None:
            forms.setdefault(base, set()).add(m.group())
    named: set[str] = set()
    recurring_names: set[str] = set()
    for m, role in judged:
        form = m.group()
        base = candidates.get(form.lower())
        if role == "lower" or base is None or base in named:
            continue
        recurs = recurring[form] >= 2 and _title_case(form)
        if recurs and forms[base] == {form}:
            named.add(base)  # the same either way: spare the weighing
        elif _is_name(sp, doc, m):
            named.add(base)
        elif recurs:
            recurring_names.add(_strip_possessive(form))  # and its possessive: 'Qwest's
    return named, recurring_names


def _title_case(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower()


def _is_name(sp: Speller, doc: Document, m: Occurrence) -> bool:
    """Whether a capitalised unknown word is a name by evidence other than recurrence.

    A name when it is in SCOWL's names (Zurich, Jonny), written in capitals or mixed case
    (NATO, McAdam), or next to a capitalised word that is not a dictionary word itself
    (Cristiano Ronaldo). Otherwise a name unless it is one clear slip of the fingers from a
    much commoner word: 'the Natioanl Bank', 'the Legislative Coucil'. Short words (Hain,
    Gove) stay names.
    """
    strong = sp.rival(_strip_possessive(m.group()))
    if strong is None:
        return True
    # 'Senator Kennedy', 'Cristiano Ronaldo': beside a name, only a slip of the fingers (a
    # neighbouring key, two letters swapped, a doubled letter) outweighs the name's evidence
    return not strong and any(not _plain_word(sp, w) for w in _capitalised_neighbours(doc.prose, m.start(), m.end()))


def _rival(sp: Speller, text: str) -> bool | None:
    """For a capitalised word (its possessive stripped): None when it is a name whatever stands
    beside it, else whether it is a strong slip (of the fingers, towards a very common word)."""
    if not _title_case(text):
        return None
    known_names = sp.names
    if text in known_names or (not text.isascii() and _fold_accents(text) in known_names):
        return None
    base = text.lower()
    if len(base) < 5:
        return None
    if not sp.near(base):
        return None  # a few look-ups spare the weighed verdict for most names
    v = sp.verdict(base, second=False)
    if not (v.confident and v.best_count >= _NAME_RIVAL and v.slip >= _TYPO_SLIP and v.edits == 1):
        return None
    return v.slip >= _FINGER_SLIP and v.best_count >= 2 * _NAME_RIVAL


_NAME_RIVAL = 5_000_000  # a capitalised word this close to a word this common is its misspelling
_TYPO_SLIP = 2.0  # suggest.DROPPED_WEIGHT: a letter left out, or a slip of a finger
_FINGER_SLIP = 4.0  # suggest.TYPO_WEIGHT: a neighbouring key, a swap, a doubled letter
_NEIGHBOUR_RE = re.compile(r"[A-Z][a-zA-Z'’-]*")


def _capitalised_neighbours(prose: str, start: int, end: int) -> list[str]:
    """The capitalised words just before and after, on the same line ('Cristiano' -> 'Ronaldo')."""
    out = []
    after = _NEIGHBOUR_RE.match(prose, end + 1) if prose[end : end + 1] == " " else None
    if after:
        out.append(after.group())
    i = start - 1
    if i > 0 and prose[i] == " ":
        j = i
        while j > 0 and (prose[j - 1].isalpha() or prose[j - 1] in "'’-"):
            j -= 1
        if j < i and prose[j].isupper():
            out.append(prose[j:i])
    return out


def _plain_word(sp: Speller, word: str) -> bool:
    """A capitalised dictionary word, or a function word ('Bank', 'Legislative', 'The')."""
    low = _strip_possessive(word).lower()
    return low in sp.lexicon or sp.is_known(low)


def _unknown_hit(sp: Speller, m: Occurrence, word: str, role: str, sure: bool = True) -> Hit | None:
    """`sure`: the context adds no doubt (a lone capitalised word inside a sentence may be a
    name the dictionary lacks: a suggestion only)."""
    text = m.group()
    v = sp.verdict(word)
    joined = sp.run_together(word)
    suggestions = list(v.suggestions)
    if joined:
        # two words run together beat a word two edits away ('inwhich': 'in which', not 'which')
        suggestions.insert(0 if not suggestions or v.edits == 2 else 1, joined)
    confident = v.confident and len(word) >= 4
    if role != "lower":
        # a capitalised word is usually a name: report only a clear misspelling
        if not confident or (joined and v.slip < _FINGER_SLIP):
            return None
        if joined:
            suggestions.remove(joined)
        suggestions = [s[:1].upper() + s[1:] for s in suggestions]
    if role == "lower" and (everyday_compound(sp, word) or regular_derivation(sp, word)):
        sure = False  # 'skillset', 'commoditized': as likely a word SCOWL lacks as a slip
    severity = Severity.WARNING if confident and sure else Severity.SUGGESTION
    if suggestions:
        message = f"'{text}' is not in the dictionary; did you mean '{suggestions[0]}'?"
    else:
        message = f"'{text}' is not in the dictionary"
    return Hit(m.start(), m.end(), message, tuple(suggestions[:3]), severity=severity)


class RejectedTermRule:
    meta = RuleMeta(
        id="spelling.rejected-term",
        summary="A term the newsroom's vocabulary rejects",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports every use, in any case, of a term listed in the newsroom's reject files "
            "(one term or phrase a line, like Vale's vocabularies). Terms also in an accept file are "
            "not reported. With no reject file configured the rule does nothing.",
            why="A newsroom keeps a list of spellings and names it has decided against (a former "
            "company name, a disputed place name, a house-banned coinage); a list keeps the decision "
            "applied by everyone.",
            example="With `email` in the reject file: Send us an email.",
            instead="Send us an e-mail (or whatever the house list prefers).",
            options="`reject`: files of rejected terms, one a line; `reject-terms`: the same written in "
            "the config; `accept`, `accept-terms`: accepted terms, which win. Paths are relative to the "
            "config file: `spelling: {reject: [vocab/reject.txt]}`.",
        ),
        options=(_ACCEPT, _REJECT, _ACCEPT_TERMS, _REJECT_TERMS),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        rejected = load_terms(ctx, "reject")
        if not rejected:
            return
        rejected = rejected - load_terms(ctx, "accept")
        words = doc.word_set
        present = [t for t in rejected if all(w in words for w in re.findall(r"[^\W_]+", t))]
        if not present:
            return
        pattern = speller(ctx.services).phrase_pattern(tuple(sorted(present)))
        for m in pattern.finditer(doc.prose):
            yield Hit(m.start(), m.end(), f"'{m.group()}' is on the newsroom's list of rejected terms")


def _phrase_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted((r"\s+".join(re.escape(p) for p in t.split()) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")(?![\w]|['’]\w)", re.IGNORECASE)


class VariantRule:
    meta = RuleMeta(
        id="spelling.variant",
        summary="British and American spellings mixed in one article",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Finds British/American spelling variants by morphology, with the dictionary as "
            "the judge: the families -ise/-ize, -yse/-yze, -our/-or, -tre/-ter, -bre/-ber, "
            "-ence/-ense and -ll-/-l- (travelled/traveled) give a word's counterpart, and SCOWL's "
            "lists say which spelling each form belongs to. A word listed for both spellings "
            "(corralled, doughnut, program) is never a variant; a word listed on one side only "
            "is one when its counterpart is listed on the other (decriminalise/decriminalize, "
            "monetise/monetize, realise/realize). A short list covers irregular pairs "
            "(aluminium/aluminum, `rules/spelling/data/irregular-variants.txt`). Within one article the "
            "minority forms are reported, naming the majority's spelling. The -ise/-ize family is "
            "judged apart from the rest, because Oxford spelling (British with -ize) is consistent. "
            "With a house variant set, every form of the other variant is reported. Only lowercase "
            "and sentence-opening words count: 'Pearl Harbor' and 'World Trade Center' are names.",
            why="Mixed spellings look careless, and readers notice 'colour' and 'color' a paragraph "
            "apart. On the BBC corpus the rule gives 7 warnings (0.008 per 1,000 words), each a real "
            "American form in a British article or the reverse.",
            example="The colour of the flag ... the color guard.",
            instead="The colour of the flag ... the colour guard.",
            options="`variant`: `en-GB` (BBC, Guardian: -ise), `en-GB-oxendict` (British with -ize), "
            "`en-US`, or empty (default: follow each article's majority; ties are not reported). "
            "`accept`, `accept-terms`: accepted terms, never reported.",
            fix="Unsafe: the replacement is the other variant of the same word, but quoted titles and "
            "names written in lowercase may keep their own spelling.",
        ),
        options=(_VARIANT, _ACCEPT, _ACCEPT_TERMS),
        fixable=True,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        house = ctx.options.get("variant") or ""
        accepted = load_terms(ctx, "accept")
        sp = speller(ctx.services)
        found = {}
        found_here = classes(doc, sp)
        for w in found_here.shaped if house else found_here.variants:
            if w not in accepted:
                v = sp.variant(w, bool(house))
                if v is not None:
                    found[w] = v
        if not found:
            return
        uses: list[tuple[Occurrence, str, str, str]] = []  # match, group, side, counterpart
        for m in occurrences(doc, found):
            if case_role(doc, m) == "name":
                continue
            fam, side, other = found[m.group().lower()]
            uses.append((m, FAMILY_GROUP[fam], side, other))
        for group in ("ize", "other"):
            mine = [u for u in uses if u[1] == group]
            want = _wanted(house, group, mine)
            if want is None:
                continue
            examples = sorted({u[0].group().lower() for u in mine if u[2] == want})
            for m, _g, side, other in mine:
                if side == want:
                    continue
                yield _variant_hit(m, other, want, house, examples)


class WordClasses:
    """Which words of a document's word set the spelling rules look at: those the dictionary
    lacks (spelling.unknown-word, typos.false-verb-form), the British or American variants
    (spelling.variant) and, for a house spelling, the words shaped like one. Each word is
    classed once while this lives (a `Speller`'s session).

    An archive's articles share most of their words, and most words are of no class: one
    set difference (in C) against those leaves the few new or classed words to sort in
    Python, in place of a difference and an intersection per rule. The memory is dropped
    once it holds `limit` words, so a huge run cannot grow it without bound.
    """

    def __init__(self, speller: Speller, limit: int = 1 << 18) -> None:
        self._speller = speller
        self._irregular = frozenset(speller.irregular_variants)
        self._limit = limit
        self._plain: set[str] = set()  # seen, neither unknown nor a variant
        self._unknown: set[str] = set()  # seen, not in the dictionary, and a form its readers look at
        self._variants: set[str] = set()  # seen, a variant
        self._shaped: set[str] = set()  # seen, with a variant family's ending or an irregular pair

    def __call__(self, words: frozenset[str]) -> Classes:
        rest = words - self._plain
        if len(self._plain) + len(self._unknown) + len(self._variants) + len(rest) > self._limit:
            self._plain.clear()
            self._unknown = set()
            self._variants = set()
            self._shaped = set()  # new sets: what was lent out stays whole
            rest = words
        unknown, variants = self._unknown, self._variants
        new = rest - unknown - variants
        if new:
            self._learn(new)
        return Classes(frozenset(rest & unknown), frozenset(rest & variants), words, self._shaped)

    def quiet(self, form: str) -> None:
        """A form no document needs listed among its unknown words any more (see `_learn`)."""
        if form in self._unknown and not (form.endswith("ed") and form.isalpha()):
            self._unknown.discard(form)
            if form not in self._variants:  # a variant stays one ('decolorisers': spelling.variant reads it)
                self._plain.add(form)

    def _learn(self, new: set[str]) -> None:
        sp, held, irregular, endings = self._speller, self._speller.lexicon.words, self._irregular, _ENDINGS_BY_LAST.get
        unknown = {w for w in new if w not in held}
        # not in the dictionary, but of no interest to either reader: spelling.unknown-word never
        # reports the form (`Speller.unknown_form` is None: too short, not letters, a word's
        # possessive or contraction) and typos.false-verb-form reads only -ed words of letters;
        # plain from now on, so that no document lists them again (two in five of BBC's)
        unknown -= {w for w in unknown if sp.unknown_form(w) is None and not (w.endswith("ed") and w.isalpha())}
        # one C-level test for most words: a variant family's ending
        shaped = {w for w in new if (w.endswith(endings(w[-1:], ())) and len(w) > 3 and w.isalpha()) or w in irregular}
        variants = {w for w in shaped if sp.variant(w) is not None}
        self._unknown |= unknown
        self._shaped |= shaped
        self._variants |= variants
        self._plain |= new - unknown - variants


class Classes(NamedTuple):
    unknown: frozenset[str]  # not in the dictionary (less the forms no rule reads: see `WordClasses._learn`)
    variants: frozenset[str]  # a British or American variant (`Speller.variant`)
    words: frozenset[str]
    all_shaped: set[str]  # every word seen with a variant family's ending (or an irregular pair)

    @property
    def shaped(self) -> frozenset[str]:
        """The words with a variant family's ending, or an irregular pair: those a house spelling judges."""
        return self.words & self.all_shaped


def classes(doc: Document, sp: Speller) -> Classes:
    """The document's words the dictionary lacks and its spelling variants (see
    `WordClasses`), found once a document for the rules that ask."""
    return doc.analysis("spelling.classes", lambda d: sp.classes(d.word_set))


def _wanted(house: str, group: str, uses: list[tuple[Any, str, str, str]]) -> str | None:
    if house == "en-US":
        return "en-US"
    if house == "en-GB":
        return "en-GB"
    if house == "en-GB-oxendict":
        return "en-US" if group == "ize" else "en-GB"
    gb = sum(1 for u in uses if u[2] == "en-GB")
    us = len(uses) - gb
    if gb == us or not gb or not us:
        return None
    return "en-GB" if gb > us else "en-US"


_SIDE_NAME = {"en-GB": "British", "en-US": "American"}


def _variant_hit(m: Occurrence, other: str, want: str, house: str, examples: list[str]) -> Hit:
    text = m.group()
    replacement = other[:1].upper() + other[1:] if text[:1].isupper() else other
    theirs = "American" if want == "en-GB" else "British"
    if house:
        label = "Oxford (-ize)" if house == "en-GB-oxendict" and want == "en-US" else _SIDE_NAME[want]
        message = f"'{text}' is the {theirs} spelling; house style is {label}: use '{replacement}'"
    else:
        shown = ", ".join(f"'{e}'" for e in examples[:2])
        message = (f"'{text}' is the {theirs} spelling; this article otherwise uses {_SIDE_NAME[want]} "
                   f"spellings ({shown}): use '{replacement}'")
    return Hit(m.start(), m.end(), message, (replacement,), ((m.start(), m.end(), replacement),))


# ---------------------------------------------------------------- shared with the typos pack


def _false_verb_form(sp: Speller, word: str) -> tuple[str, ...] | None:
    """Suggestions for a regular -ed form that English does not have ('laxed', 'heared').

    The word is not in the dictionary but its stem is, and the dictionary lists the inflected
    forms of its words. A stem with no -s, -es or -ing form there, but with adjective forms
    (laxity, laxness), is an adjective made into a verb: the suggestion is the stem itself. A
    verb given a regular ending it does not take is reported only when its own past form is
    one edit away ('heared' -> 'heard', 'commited' -> 'committed'); nouns made into verbs
    ('scythed', 'hared') are left alone.
    """
    lex = sp.lexicon
    if not word.endswith("ed") or word in lex or len(word) < 5 or sp.variant(word) is not None:
        return None
    for stem in (word[:-2], word[:-1]):
        if len(stem) < 3 or lex.get(stem, 0) < 100_000:
            continue
        forms = (stem + "s", stem + "es", stem + "ing", stem[:-1] + "ing", stem + stem[-1] + "ing")
        # SCOWL's large sizes hold rare senses ('laxes'): only the common sizes tell a verb
        if any(0 < lex.size(f) <= _COMMON_SIZE for f in forms):
            pasts = tuple(w for w, _c in sp.near_misses(word) if w.startswith(stem) and w.endswith(("d", "t")))
            return pasts[:2] if pasts else None
        # only an adjective for sure (laxity, laxness): a new noun ('tweeted') may lack its plural
        adjective = (stem + "ly", stem + "ness", stem + "ity", stem + "est", stem[:-1] + "ily", stem[:-1] + "iness")
        return (stem,) if any(f in lex for f in adjective) else None
    return None


def rules() -> list[object]:
    return [UnknownWordRule(), RejectedTermRule(), VariantRule()]
