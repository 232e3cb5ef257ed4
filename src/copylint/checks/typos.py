"""The typos pack: real words in the wrong place, which a dictionary cannot see.

- `typos.false-verb-form`: a regular -ed form English does not have ('laxed', 'heared').
- `typos.offensive-typo`: a profane or sexual word one edit from the word the context wants
  ('terrorism porn regions', 'pubic transport'), from the cues in `rules/typos/data/offensive-typos.yml`.
- `typos.doubled-word`: 'the the', sparing repetitions English allows ('had had', 'that that').

Fixed-phrase confusions ('wreck havoc', 'free reign') are YAML rules beside the data folder.
"""

from __future__ import annotations

import os
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
    return ctx.data_files("typos", "offensive-typos.yml"), ctx.services


def offensive_words(ctx: RuleContext | None = None) -> frozenset[str]:
    """The words the cue files cover, read without parsing the YAML: most articles have none."""
    paths, services = _cue_files(ctx)
    out: frozenset[str] = frozenset()
    for path in paths:
        out |= services.file(path, context.words, key="typos.cue-words")
    return out


def offensive_cues(ctx: RuleContext | None = None) -> tuple[Cue, ...]:
    """The cues (the `context` kind) of the pack's data file and of the config's pack folders."""
    paths, services = _cue_files(ctx)
    return tuple(cue for path in paths for cue in services.file(path, context.load, key="typos.cues"))


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
            what="Reports a profane or sexual word that is one edit from an innocent word when the "
            "words around it call for the innocent one: 'porn' between a noun that forms '-prone' "
            "compounds and a plural noun ('terrorism porn regions' -> 'terrorism-prone'), 'porn to' "
            "after 'is' or 'more' ('prone to'), 'pubic' before anything but an anatomical word "
            "('pubic transport' -> 'public'), 'anal report' -> 'annual', 'general erection' -> "
            "'election', 'horny issue' -> 'thorny', and more. For the words that are confusion "
            "sets of `typos.real-word` (public/pubic, annual/anal, election/erection) the same "
            "bigram model decides, with a wider margin (6.0, a factor of 400) than the warning "
            "rule's, and twice that where only function words stand beside the word ('an "
            "erection as a means' is left alone: the bigrams then weigh how common each word is, "
            "not the context); the other cues are data (`rules/typos/data/offensive-typos.yml`). The real "
            "phrase is left alone: 'pubic hair', 'anal cancer', 'the erection of a fence', "
            "'disaster porn' as media criticism, 'cock-up' and British swearing in quotes.",
            why="An obscene typo is the most damaging slip a newsroom can publish: it is "
            "screenshotted and shared, and a spell checker passes it because the word exists. The "
            "cues are narrow because every finding is an error: none on the BBC corpus (checked by a "
            "test).",
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


# ---------------------------------------------------------------- doubled words

# The lookahead after the first word adds nothing the next group does not require, but it
# fails in one step where a word is followed by punctuation: the scan runs about 17 % faster.
_DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+)(?=[ \t\n])([ \t]+|[ \t]*\n[ \t]*)(\1)(?![\w'’-])", re.IGNORECASE)
# Repetitions English allows: "had had", "that that", "is is" (what it is is), reduplication.
_ALLOWED = frozenset(
    """had that is do does did can bye ha haha ho no so now well tut very knock chop there far
    long many much more really too yes yeah go come run hip pom boo hush mm hmm oh ah ooh wait
    blah yada cha ta tom murmur bora pago baden sing walla dum dee la na ding dong tick""".split()
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
            "'no no', 'bye bye', names such as 'Duran Duran' (both capitalised), and a pair that is "
            "the whole of a quotation, set off as a term ('it is “done done.”').",
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
