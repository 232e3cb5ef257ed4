"""The typos pack: real words in the wrong place, which a dictionary cannot see.

- `typos.false-verb-form`: a regular -ed form English does not have ('laxed', 'heared').
- `typos.offensive-typo`: a profane or sexual word one slip from the word the context wants
  ('terrorism porn regions', 'pubic transport'): the offensive words of
  `rules/typos/data/offensive-words.yml`, their innocent neighbours from the dictionary, both
  readings scored by the bigram model of `realword.py`.
- `typos.doubled-word`: 'the the', sparing repetitions English allows ('had had', 'that that').

Fixed-phrase confusions ('wreck havoc', 'free reign') are YAML rules beside the data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import eq
from typing import Any, Iterable, Iterator

from .. import fastre as re  # re, with compiled patterns kept between runs
from ..document import Document
from ..findings import Severity
from ..declarative.kinds import context
from ..declarative.kinds.context import Cue
from ..rule import Hit, RuleContext, RuleMeta, make_doc
from ..services import Services
from .spelling import _FUNCTION_WORDS, case_role, occurrences, speller, unknown_words

# ---------------------------------------------------------------- false verb forms


class FalseVerbFormRule:
    meta = RuleMeta(
        id="typos.false-verb-form",
        summary="A regular -ed form that English does not have ('laxed', 'heared')",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports a lowercase word ending in -ed that is not in the dictionary while its stem "
            "is a common dictionary word. The dictionary lists the inflected forms of its verbs, so "
            "a missing -ed form means the stem is not a regular verb: an adjective or noun made "
            "into a verb ('laxed' for 'lax'), or an irregular verb given a regular ending ('heared' "
            "for 'heard'). The suggestion is the stem, or the verb's own past form one edit away.",
            why="A made-up verb form reads as a slip of the keyboard or of grammar, and the spell "
            "checker's nearest suggestion ('taxed' for 'laxed') would make it worse. Nouns made into "
            "verbs ('tweeted', 'scythed') are left alone, so the rule is narrow: 2 findings on the BBC "
            "corpus, both real ('commited', 'refered').",
            example="Officials raised concerns over laxed border security.",
            instead="Officials raised concerns over lax border security.",
            fix="Unsafe, only where there is one suggestion: the stem may need rewording around it.",
        ),
        fixable=True,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        sp = speller(ctx.services)
        lex = sp.lexicon
        forms = {
            w: s
            for w in unknown_words(doc, sp)
            if w.endswith("ed") and w.isalpha() and (s := sp.false_verb_form(w)) is not None
        }
        if not forms:
            return
        for m in occurrences(doc, forms):
            if case_role(doc, m) != "lower" or _hyphenated(doc.prose, m.start(), m.end()):
                continue  # 'co-ordinated': a part of a compound
            text = m.group()
            suggestions = forms[text]
            stem = text[:-2] if text[:-2] in lex else text[:-1]
            if suggestions == (stem,):
                message = f"'{text}' is not a word: '{stem}' is not a verb; use '{stem}'"
            else:
                message = f"'{text}' is not a standard past form of '{stem}'; use '{suggestions[0]}'"
            fix = ((m.start(), m.end(), suggestions[0]),) if len(suggestions) == 1 else ()
            yield Hit(m.start(), m.end(), message, suggestions, fix)


def _hyphenated(prose: str, start: int, end: int) -> bool:
    return (start > 0 and prose[start - 1] == "-") or (end < len(prose) and prose[end] == "-")


# ---------------------------------------------------------------- offensive typos


def _cues_path() -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "typos", "data", "offensive-typos.yml")


def _cue_files(ctx: RuleContext | None) -> tuple[tuple[str, ...], Services]:
    if ctx is None:
        return (_cues_path(),), Services()
    if not ctx.packs:  # the shipped file alone, found once a session
        return (ctx.services.get("typos.cue-path", _cues_path),), ctx.services
    return ctx.data_files("typos", "offensive-typos.yml"), ctx.services


def _shipped(path: str, services: Services, parse: Any, key: str) -> Any:
    """A shipped data file is read once a session; a pack folder's again when it changes."""
    if path == services.get("typos.cue-path", _cues_path):
        return services.get((key, path), lambda: parse(path))
    return services.file(path, parse, key=key)


def offensive_words(ctx: RuleContext | None = None) -> frozenset[str]:
    """The words the cue files cover, read without parsing the YAML: most articles have none."""
    paths, services = _cue_files(ctx)
    out: frozenset[str] = frozenset()
    for path in paths:
        out |= _shipped(path, services, context.words, "typos.cue-words")
    return out


def offensive_cues(ctx: RuleContext | None = None) -> tuple[Cue, ...]:
    """The cues (the `context` kind) of the pack's data file and of the config's pack folders."""
    paths, services = _cue_files(ctx)
    return tuple(cue for path in paths for cue in _shipped(path, services, context.load, "typos.cues"))


def _words_path() -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "typos", "data", "offensive-words.yml")


@dataclass(frozen=True)
class OffensiveWords:
    """`offensive-words.yml`: the offensive words and how their innocent neighbours are found."""

    words: frozenset[str]
    min_count: int
    never: frozenset[str]  # never suggested as the innocent reading
    # innocent words that join the word before ('terrorism-prone') -> the nouns such a compound
    # goes before, where no count shows the pair ('terrorism porn regions')
    compounds: dict[str, frozenset[str]]
    mentions: frozenset[str] = frozenset()  # after these the word is named, not used ('the word cunt')

    @classmethod
    def read(cls, path: str) -> "OffensiveWords":
        """The file, read once for its bytes and then loaded prepared (prepared.py): no YAML."""
        from .. import prepared

        return prepared.load("offensive-words", [path], lambda: (cls._read(path), True), (OffensiveWords,))

    @classmethod
    def _read(cls, path: str) -> "OffensiveWords":
        from ..declarative.kinds._data import load_checked, problem

        def build(data: Any) -> OffensiveWords:
            if not isinstance(data, dict):
                raise problem("the file is a mapping with 'words'")
            extra = sorted(set(data) - {"words", "min_count", "never_suggest", "compounds", "mentions"})
            if extra:
                raise problem(f"unknown key '{extra[0]}'", extra[0])
            lists = {}
            for key in ("words", "never_suggest", "mentions"):
                value = data.get(key) or []
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise problem(f"'{key}' must be a list of words", key)
                lists[key] = frozenset(v.lower() for v in value)
            compounds = data.get("compounds") or {}
            if not isinstance(compounds, dict) or not all(
                    isinstance(v, list) and all(isinstance(w, str) for w in v) for v in compounds.values()):
                raise problem("'compounds' maps a word to the list of nouns its compounds go before", "compounds")
            count = data.get("min_count", 1_000_000)
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise problem("'min_count' must be a whole number", "min_count")
            return cls(lists["words"], count, lists["never_suggest"],
                       {str(k).lower(): frozenset(w.lower() for w in v) for k, v in compounds.items()},
                       lists["mentions"])

        return load_checked(path, build)

    def neighbours(self, word: str, lexicon: Any, common: frozenset[str] | None = None) -> tuple[tuple[str, float], ...]:
        """The innocent words `word` is a slip for, with the slip's cost (1 to 2). `common`: the
        words counted a million times or more, where the session has read them (a quicker search)."""
        from .realword import innocent_neighbours

        return innocent_neighbours(word, lexicon, self.words, self.min_count, self.never, common)


class _OffensiveMemory:
    """A session's offensive words, their neighbours and the contexts scored, for one version of
    the data files."""

    def __init__(self) -> None:
        self.of: tuple[object, ...] = ()
        self.neighbours: dict[str, tuple[tuple[str, float], ...]] = {}
        self.scored: dict[tuple[str, str | None, str | None], tuple[str, float, str] | None] = {}

    def fresh(self, *of: object) -> None:
        if len(of) != len(self.of) or any(a is not b for a, b in zip(of, self.of)):
            self.of, self.neighbours, self.scored = of, {}, {}


_WORD_AFTER = re.compile(r"[ \t]*(?:\n[ \t]*)?([^\W\d_]+(?:[-'’][^\W\d_]+)*)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*(?:\n[ \t]*)?$")


def _is_plural_noun(word: str, lex: Any) -> bool:
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return False
    if word.endswith("ies") and word[:-3] + "y" in lex:
        return True
    return word[:-1] in lex or (word.endswith("es") and word[:-2] in lex)


class OffensiveTypoRule:
    meta = RuleMeta(
        id="typos.offensive-typo",
        summary="A profane or sexual word where the context wants an innocent one ('pubic transport')",
        severity=Severity.ERROR,
        # the same word from typos.real-word's model is the same slip told twice, as a warning
        supersedes=frozenset({"typos.real-word"}),
        doc=make_doc(
            what="Reports an obscene, profane or sexual word, or a slur, where the words around it "
            "call for the innocent word a slip of the keyboard turned into it: 'terrorism porn "
            "regions' -> 'terrorism-prone', 'a drought porn county' -> 'drought-prone', 'the pubic "
            "meeting' -> 'public', 'the anal report' -> 'annual', 'the general erection' -> "
            "'election', 'sex months' -> 'six', 'night shit workers' -> 'shift'. One general "
            "model, no phrase list: the offensive words are data (`rules/typos/data/"
            "offensive-words.yml`); each one's innocent readings are the dictionary's common "
            "words one slip away (a letter dropped, added, changed or two swapped; 'annual' -> "
            "'anal' and 'prone' -> 'porn' are two slips and need more evidence, as does a letter "
            "changed for a far key); and the bigram model of `typos.real-word` scores each "
            "reading between the word before and the word after. Pairs under the source list's "
            "floor come from counts made on edited text the project may use "
            "(`bigrams-local.tsv`: 'drought prone'), which also says how common each word is in "
            "edited copy rather than on the web. A word that forms compounds ('prone') may join "
            "any word before it when a noun such compounds go before follows ('terrorism porn "
            "regions'). The suggestion spans the compound ('terrorism-prone'). An error needs a "
            "content word beside the word that is counted with the innocent reading and a wide "
            "margin (8.0, natural log); a smaller margin, or both neighbours counted with the "
            "innocent word alone ('is porn to'), is a warning; beside function words alone "
            "('the semen of') the counts weigh how common each word is more than the context, "
            "and a much wider margin is needed. The real use is left alone because the model "
            "counts it: 'pubic hair', 'anal cancer', 'the porn industry', 'revenge porn laws', "
            "'cock-up'; so are names ('Dick Cheney'). A newsroom's pack folder may add cues of "
            "its own (`<folder>/typos/data/offensive-typos.yml`, the `context` kind) for a word "
            "the model does not guard.",
            why="An obscene typo is the most damaging slip a newsroom can publish: it is "
            "screenshotted and shared, and a spell checker passes it because the word exists. "
            "On held-out test sentences (docs/spelling.md) the rule finds 38% of such slips at "
            "99.8% precision (the hand-written cues it replaces found 8%); on five publishers' "
            "clean copy (1.84 million words) it raises no error and two warnings.",
            example="Pakistan and other terrorism porn regions; pubic transport will be free.",
            instead="Pakistan and other terrorism-prone regions; public transport will be free.",
            fix="Unsafe: the suggestion is what the context implies, and an editor should confirm it.",
        ),
        fixable=True,
    )

    def load_data(self, ctx: RuleContext) -> tuple[str, ...]:
        """At config load: the config's pack folders' extensions of the cue file, checked."""
        paths, _services = _cue_files(ctx)
        if len(paths) > 1:
            offensive_cues(ctx)
        return paths[1:]

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        told: set[int] = set()
        for hit in _model_hits(doc, ctx):
            told.add(hit.end)
            yield hit
        for hit in self._cue_hits(doc, ctx):
            if hit.end not in told:
                yield hit

    def _cue_hits(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        """The cues of `offensive-typos.yml` (a newsroom's own, in its pack folders)."""
        if not offensive_words(ctx) & doc.word_set:
            return
        cues = [c for c in offensive_cues(ctx) if c.word in doc.word_set]
        if not cues:
            return
        by_word: dict[str, list[Cue]] = {}
        for c in cues:
            by_word.setdefault(c.word, []).append(c)
        prose = doc.prose
        for m in occurrences(doc, by_word):
            word = m.group().lower()
            block = doc.block_at(m.start())
            b_start = block.start if block else 0
            b_end = block.end if block else len(prose)
            after_m = _WORD_AFTER.match(prose, m.end(), b_end)
            before_m = _WORD_BEFORE.search(prose, b_start, m.start())
            if m.end() < len(prose) and prose[m.end()] == "-":
                continue  # 'porn-star', 'cock-up': a compound of its own
            after = after_m.group(1).lower() if after_m else ""
            before = before_m.group(1).lower() if before_m else ""
            for cue in by_word[word]:
                hit = _cue_hit(cue, m, before, before_m, after, after_m is not None and after_m.start(1) == m.end() + 1,
                               ctx.services)
                if hit is not None:
                    yield hit
                    break


_MODEL_MARGIN = 6.0  # an error needs the model surer than typos.real-word's warnings (3.0 and up)


def _cue_hit(cue: Cue, m: re.Match[str], before: str, before_m: Any, after: str, adjacent: bool = True,
             services: Services | None = None) -> Hit | None:
    if after in cue.unless_after:
        return None
    if cue.model:
        return _model_hit(cue, m, before, after if adjacent else "", services if services is not None else Services())
    lex = speller(services if services is not None else Services()).lexicon
    if cue.content_after and (len(after) < 3 or after in _FUNCTION_WORDS or after not in lex):
        return None
    if cue.before and before not in cue.before:
        return None
    if cue.any_before and (len(before) < 3 or before in _FUNCTION_WORDS or before not in lex):
        return None
    if cue.after and after not in cue.after:
        return None
    if cue.plural_after and not _is_plural_noun(after, lex):
        return None
    if not (cue.before or cue.any_before or cue.after or cue.plural_after or cue.always or cue.content_after):
        return None
    text = m.group()
    intended = cue.intended
    if text[:1].isupper():
        intended = intended[:1].upper() + intended[1:]
    if cue.join and before_m is not None:
        start = before_m.start(1)
        shown = f"{before_m.group(1)} {text}"
        replacement = f"{before_m.group(1)}-{intended}"
    else:
        start, shown, replacement = m.start(), text, intended
    message = f"'{shown}' looks like a typo for '{replacement}'; as written it reads as an obscenity"
    return Hit(start, m.end(), message, (replacement,), ((start, m.end(), replacement),))


# Beside function words only, the bigrams weigh how common each word is more than the context:
# 'an erection as a means' scores 6.4 for 'election', 'the pubic was told' 13.5 for 'public'.
_FUNCTION_ONLY_MARGIN = 2 * _MODEL_MARGIN


def _content_neighbour(before: str, after: str) -> bool:
    """Whether a content word stands beside the word ('pubic transport', 'general erection'):
    the context the model reads is then evidence; function words alone need a wider margin."""
    return any(len(w) >= 3 and w not in _FUNCTION_WORDS for w in (before, after))


def _model_hit(cue: Cue, m: re.Match[str], before: str, after: str, services: Services) -> Hit | None:
    from .realword import Model

    word = m.group().lower()
    margin = _MODEL_MARGIN if _content_neighbour(before, after) else _FUNCTION_ONLY_MARGIN
    model = Model(services)
    for cs in model.members.get(word, ()):
        if cue.intended not in cs.words:
            continue
        alt = model.best_alternative(word, before or None, after or None, cs)
        if alt is not None and alt[0] == cue.intended and alt[1] >= margin:
            text = m.group()
            intended = cue.intended[:1].upper() + cue.intended[1:] if text[:1].isupper() else cue.intended
            message = f"'{text}' looks like a typo for '{intended}'; as written it reads as an obscenity"
            return Hit(m.start(), m.end(), message, (intended,), ((m.start(), m.end(), intended),))
    return None


# How much likelier (natural log) the innocent reading must be. An error needs a content word
# beside it whose pair with the innocent word is counted ('pubic transport', 'drought porn');
# beside function words alone the counts weigh how common each word is more than the context
# ('an erection as a means'), so that is a warning at most. Read from the development half of
# bench/offensive_eval.py's sentences and checked on the other (docs/spelling.md).
ERROR_MARGIN = 8.0
WARNING_MARGIN = 6.0
TWO_SLIPS = 1.0  # the extra margin for a two-slip neighbour ('annual' -> 'anal'); half for a far key
BOTH_MARGIN = 12.0  # both neighbours counted with the innocent word only, function words ('is porn to')
FUNCTION_ONLY_MARGIN = 16.0  # beside function words alone ('the semen of' is not 'the seven of')
ONE_SIDED = 1.0  # the extra margin when only one neighbour is counted with either reading


def _offensive_model(ctx: RuleContext) -> OffensiveWords:
    # shipped data, not a pack folder's: read once a session, as the dictionary is
    return ctx.services.get("typos.offensive-words", lambda: OffensiveWords.read(_words_path()))


def _model_hits(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    data = _offensive_model(ctx)
    present = data.words & doc.word_set
    if not present:  # most articles
        return
    from .realword import Model
    from .realword import context as words_around

    model = Model(ctx.services)
    lex = speller(ctx.services).lexicon
    memory: _OffensiveMemory = ctx.services.get("typos.offensive-typo.scored", _OffensiveMemory)
    memory.fresh(data, model.bigrams, model.more, model.local, lex)
    prose = doc.prose
    for m in occurrences(doc, present):
        if case_role(doc, m) == "name" or _hyphenated(prose, m.start(), m.end()):
            continue  # 'Dick Cheney'; 'porn-star', 'cock-up': a compound of its own
        word = m.group().lower()
        left, right = words_around(prose, m.start(), m.end())
        if left in data.mentions:
            continue  # 'the word cunt twelve times': moderation.profanity's business, not a slip
        key = (word, left, right)
        if key not in memory.scored:
            if len(memory.scored) >= 1 << 16:
                memory.scored.clear()
            neighbours = memory.neighbours.get(word)
            if neighbours is None:
                neighbours = memory.neighbours[word] = data.neighbours(word, lex, speller(ctx.services).common_if_read)
            memory.scored[key] = _best_reading(model, word, neighbours, left, right, data.compounds, lex)
        best = memory.scored[key]
        if best is None:
            continue
        intended, gain, kind = best
        if gain < {"weak": FUNCTION_ONLY_MARGIN, "both": BOTH_MARGIN}.get(kind, WARNING_MARGIN):
            continue
        severity = Severity.ERROR if kind == "content" and gain >= ERROR_MARGIN else Severity.WARNING
        yield _typo_hit(doc, m, intended, left, data, severity)


def _content(word: str | None, lex: Any = None) -> bool:
    return word is not None and len(word) >= 3 and word not in _FUNCTION_WORDS and (lex is None or word in lex)


def _best_reading(model: Any, word: str, neighbours: tuple[tuple[str, float], ...], left: str | None,
                  right: str | None, compounds: dict[str, frozenset[str]] | None = None,
                  lex: Any = None) -> tuple[str, float, str] | None:
    """The innocent reading likeliest over the written word, how much likelier (log), and the
    kind of evidence: 'content' where a content word beside it is counted with it ('pubic
    transport'), 'both' where both neighbours are counted with it and neither with the written
    word ('is porn to'), else 'weak' (function words alone weigh how common each word is).

    A compound-forming word ('prone') joins any content word before it when one of the nouns
    such compounds go before follows ('terrorism porn regions'); 'revenge porn laws' is not one."""
    mine, mine_seen = model.reading(word, left, right)
    if mine == float("-inf"):
        return None  # a word the counts lack (a newsroom's own): no reading to weigh against
    joins = _content(left, lex) and right is not None
    best = None
    for other, cost in neighbours:
        compound = joins and right in (compounds or {}).get(other, ())
        score, seen = model.reading(other, left, right, compound=compound)
        if not any(seen):
            continue  # neither neighbour is counted with the innocent word: no evidence for it
        silent = sum(1 for a, b in zip(mine_seen, seen) if not (a or b))
        gain = score - mine - ONE_SIDED * silent - TWO_SLIPS * (cost - 1)
        if best is None or gain > best[1]:
            if any(s and _content(w) for s, w in zip(seen, (left, right))):
                kind = "content"
            elif all(seen):
                kind = "both"
            else:
                kind = "weak"
            best = (other, gain, kind)
    return best


def _typo_hit(doc: Document, m: Any, intended: str, left: str | None, data: OffensiveWords,
              severity: Severity) -> Hit:
    text = m.group()
    if text[:1].isupper():
        intended = intended[:1].upper() + intended[1:]
    start, shown, replacement = m.start(), text, intended
    if intended.lower() in data.compounds and left is not None and left not in _FUNCTION_WORDS and len(left) >= 3:
        before_m = _WORD_BEFORE.search(doc.prose, max(0, m.start() - 60), m.start())
        if before_m is not None and "\n" not in doc.prose[before_m.end(1) : m.start()]:
            start = before_m.start(1)
            shown = f"{before_m.group(1)} {text}"
            replacement = f"{before_m.group(1)}-{intended}"  # 'terrorism porn' -> 'terrorism-prone'
    message = f"'{shown}' looks like a typo for '{replacement}'; as written it reads as an obscenity"
    return Hit(start, m.end(), message, (replacement,), ((start, m.end(), replacement),), severity=severity)


# ---------------------------------------------------------------- doubled words

# The lookahead after the first word adds nothing the next group does not require, but it
# fails in one step where a word is followed by punctuation: the scan runs about 17 % faster.
_DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+)(?=[ \t\n])([ \t]+|[ \t]*\n[ \t]*)(\1)(?![\w'’-])", re.IGNORECASE)
# Repetitions English allows: "had had", "that that", "is is" (what it is is), reduplication.
_ALLOWED = frozenset(
    """had that is do does did can bye ha haha ho no so now well tut very knock chop there far
    long many much more really too yes yeah go come run hip pom boo hush mm hmm oh ah ooh wait
    blah yada cha ta tom murmur bora pago baden sing walla dum dee la na ding dong tick""".split()
) | frozenset(  # a number word times itself: 'a million million', '1.3 quadrillion quadrillion'
    "hundred thousand million billion trillion quadrillion quintillion sextillion zillion gazillion".split()
)


# Function words that are never given names: a capitalised doubled pair of one of these ("The
# the", "And and") is a slip; any other capitalised word is a name until shown otherwise ("Will
# will chair", "May may", "Bill bill").
_VERB_FUNCTION_WORDS = frozenset(
    "am is are was were be been being do does did doing have has had having will would shall "
    "should can could may might must".split()
)
_NEVER_NAMES = _FUNCTION_WORDS - _VERB_FUNCTION_WORDS


class DoubledWordRule:
    meta = RuleMeta(
        id="typos.doubled-word",
        summary="The same word twice in a row ('the the')",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports a word written twice in a row, also across a line break, in lowercase or "
            "with only the first capitalised (a sentence start) where that word is an article, "
            "pronoun, preposition or conjunction ('The the'): any other capitalised word is a name "
            "until shown otherwise ('Will will chair the meeting'). Repetitions English allows are "
            "left alone: 'had had', 'that that', 'is is' (what it is is), 'do do', 'very very', "
            "'no no', 'bye bye', a number word times itself ('a million million'), names such as "
            "'Duran Duran' (both capitalised), and a pair that is the whole of a quotation, set "
            "off as a term ('it is “done done.”').",
            why="A doubled word is the commonest slip of editing: a sentence rewritten in place "
            "keeps a word from both versions, and the eye reads over it. The BBC corpus has 17, all "
            "real ('the the', 'could could').",
            example="He was taken to the the hospital.",
            instead="He was taken to the hospital.",
            fix="Safe: deleting the second word and the space before it changes nothing else.",
        ),
        fixable=True,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        lex = None
        for m in _doubled(doc):
            lex = lex or speller(ctx.services).lexicon
            first, second = m.group(1), m.group(3)
            if first.lower() in _ALLOWED or len(first) == 1 and first.lower() not in ("a",):
                continue
            if first.lower() not in lex:
                continue  # 'biasa biasa': reduplication in another language, or a name
            if not second.islower() or not (first.islower() or first[:1].isupper() and first[1:].islower()):
                continue
            if not first.islower() and first.lower() not in _NEVER_NAMES:
                continue  # "Will will chair": a name until shown otherwise
            if doc.block_at(m.start()) is not doc.block_at(m.end() - 1):
                continue
            if _quoted_term(doc.prose, m.start(), m.end()):
                continue  # '“done done”': the doubling set off in quotation marks is the term
            yield Hit(
                m.start(), m.end(), f"'{first}' is written twice", (first,),
                ((m.end(1), m.end(3), ""),), fix_safe=True, fix_title=f"Delete the repeated '{m.group(3)}'",
            )


_OPENING_QUOTES = frozenset('"“‘\'«')
_CLOSING_QUOTES = frozenset('"”’\'»')


def _quoted_term(prose: str, start: int, end: int) -> bool:
    """Whether a doubled pair is the whole of a quotation: '“done done”', 'it is “done done.”'.
    A writer who sets the repetition off as a term wrote it twice on purpose."""
    if start == 0 or prose[start - 1] not in _OPENING_QUOTES:
        return False
    after = prose[end : end + 2]
    return after[:1] in _CLOSING_QUOTES or (after[:1] in ".,!?;:" and after[1:2] in _CLOSING_QUOTES)


def _doubled(doc: Document) -> Iterator[re.Match[str]]:
    """What `_DOUBLED.finditer(doc.prose)` finds, tried only where the document's words (one
    shared tokenisation) show a word equal to the next: C-speed list work instead of a
    backreference tried at every character.

    Every match of `_DOUBLED` is such a pair (its first word starts a token and ends at
    the space; its second is the whole next token), so the regex anchored at each pair's
    first word decides exactly as the scan did; a pair inside the previous match ('the the
    the') is skipped, as the scan's next try starts after it.
    """
    if not doc.aligned:  # lowercasing changed lengths: token offsets are not prose offsets
        yield from _DOUBLED.finditer(doc.prose)
        return
    tokens = doc.tokens
    words, prose, end = tokens.words, doc.prose, 0
    for i in compress(count(), map(eq, words, islice(words, 1, None))):
        start = tokens.starts[i]
        if start < end:
            continue
        m = _DOUBLED.match(prose, start)
        if m is not None:
            end = m.end()
            yield m


def rules() -> list[object]:
    from .realword import RealWordRule

    return [FalseVerbFormRule(), OffensiveTypoRule(), DoubledWordRule(), RealWordRule()]
