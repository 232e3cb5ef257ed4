"""What a compiled core would add: copylint's hot primitives in Rust (native/), measured beside Python.

    .venv/bin/python bench/native_core.py                  # build native/ (maturin, cargo -j1), measure over BBC
    .venv/bin/python bench/native_core.py --whole          # also time `copylint --jobs 2` over the corpus
    .venv/bin/python bench/native_core.py --corpus DIR     # another corpus (every .txt/.md/.html file in it)

It builds native/ with maturin (from PyPI; crates from crates.io) into native/target (gitignored;
a second run reuses it), unpacks the wheel into a temporary folder and imports it from there:
nothing is installed and copylint never imports it. Then, for each primitive, over the same
inputs taken from the corpus, it runs copylint's own Python path and the compiled one, asserts
that their answers are equal, and prints the CPU seconds of each (the best of --repeat runs):

- tokens: `Document.tokens` (`Words`: the words and their starts) and `Document.word_set`;
- dictionary classes: the words of each article's word set that the dictionary lacks
  (`spelling.WordClasses`, warm and cold, and one marisa-trie look-up a word);
- searches: `suggest.neighbours` and `suggest.two_edits` for exactly the words the spelling and
  typos rules search over the corpus, and realword's bigram look-ups for exactly the pairs they
  ask about (both recorded while the rules run);
- line patterns: `boilerplate._classify_lines` with the strong and weak alternations matched by
  one anchored Rust regex set a kind (`translate`: patterns with look-arounds matched without
  them, and the few lines they fit confirmed by Python's pattern);
- pattern entries: the declarative engine's regex entries (`Engine._run_patterns`), one Rust
  regex-set pass picking the entries Python's `regex` then scans;
- needles: the engine's prefilter texts (`multimatch.Needles.found`), Aho-Corasick.

Where google-re2 is installed, RE2 sets are measured beside Rust's for the same technique. It
prints what each process pays once (compiling the sets, reading the lexicon) apart, and from
the savings estimates the whole run's CPU-s per MB and MB/s (with --whole, which also times
`copylint --jobs N --no-cache` over the corpus). Nothing is asserted about time; see
docs/native.md for the figures and the recommendation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
NATIVE = ROOT / "native"
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))
# -- building


def build(jobs: int, again: bool = True) -> Any:
    """Build native/ with maturin into native/target and import the module from a temporary folder
    (with `again` False, the wheel an earlier run built, where there is one)."""
    out = NATIVE / "target" / "bench-wheels"
    if not again and any(out.glob("*.whl")):
        return _imported(next(out.glob("*.whl")), "built earlier")
    env = dict(os.environ, CARGO_TARGET_DIR=str(NATIVE / "target"), CARGO_BUILD_JOBS=str(jobs))
    maturin = Path(sys.executable).with_name("maturin")
    if not maturin.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "maturin>=1.5,<2"], check=True)
    for old in out.glob("*.whl"):
        old.unlink()
    started = time.perf_counter()
    subprocess.run([str(maturin), "build", "--release", "-q", "-i", sys.executable, "--out", str(out),
                    "--manifest-path", str(NATIVE / "Cargo.toml")], check=True, env=env)
    return _imported(next(out.glob("*.whl")), f"built in {time.perf_counter() - started:.1f} s (cargo -j{jobs})")


def _imported(wheel: Path, how: str) -> Any:
    folder = tempfile.mkdtemp(prefix="copylint-native-")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(folder)
    sys.path.insert(0, folder)
    import copylint_native

    print(f"{wheel.name}: {how}; imported from {folder}")
    return copylint_native


# -- the corpus, read as copylint reads it


def documents(corpus: Path, limit: int = 0) -> tuple[list[Any], int]:
    from copylint import linter
    from copylint.textio import ReadError, read_path

    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md", ".html", ".htm"))
    if limit:
        files = files[:: max(1, len(files) // limit)][:limit]
    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=("all",), ignore=("grammar",))
    fc = linter.config_for(str(files[0]), options)
    docs, size = [], 0
    for path in files:
        try:
            docs.append(linter._document(str(path), read_path(str(path)), fc.config))
        except ReadError:
            continue
        size += path.stat().st_size
    return docs, size


def cpu(fn: Callable[[Any], Any], inputs: list[Any], repeat: int) -> float:
    """The least CPU time of `repeat` runs of `fn` over the inputs (each answer dropped at once,
    as a run drops a document's once its findings are out)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        for x in inputs:
            fn(x)
        times.append(time.process_time() - start)
    return min(times)


def compare(table: "Table", label: str, inputs: list[Any], python: Callable[[Any], Any], native: Callable[[Any], Any],
            repeat: int, note: str = "", counted: bool = True) -> list[Any]:
    """Assert both sides' answers equal on every input, then time each side; the Python answers."""
    answers = []
    for x in inputs:
        a, b = python(x), native(x)
        if a != b:
            raise AssertionError(f"{label}: the answers differ on {str(x)[:80]!r}: {str(a)[:200]} != {str(b)[:200]}")
        answers.append(a)
    table.add(label, cpu(python, inputs, repeat), cpu(native, inputs, repeat), note, counted)
    return answers


class Table:
    def __init__(self, docs: int, mb: float) -> None:
        self.docs, self.mb, self.rows = docs, mb, []
        self.setups: list[tuple[str, float, float | None]] = []

    def add(self, name: str, python: float, native: float, note: str = "", counted: bool = True) -> None:
        self.rows.append((name, python, native, note, counted))
        print(f"  {name:<44} {python:7.3f} s  {native:7.3f} s  {python / max(native, 1e-9):6.1f}x  "
              f"{(python - native) / self.mb:7.4f} CPU-s/MB saved  {note}", flush=True)

    def setup(self, name: str, fn: Callable[[], Any], python: float | None = None) -> Any:
        """Build a native object, and note its one-off cost (each worker process pays it once)."""
        start = time.process_time()
        made = fn()
        self.setups.append((name, time.process_time() - start, python))
        return made

    def saved(self) -> float:
        """What compiling would save: the primitives Rust does faster (where Python's path is the
        faster one, as for the dictionary's classes, a compiled core would keep it)."""
        return sum(max(p - n, 0.0) for _name, p, n, _note, counted in self.rows if counted)


# -- the primitives


def word_chars(native: Any) -> Any:
    """Which code points `str.isalnum()` holds, for the Rust tokeniser (Python's `[^\\W_]` exactly)."""
    return native.WordChars(bytes(chr(i).isalnum() for i in range(0x110000)))


def tokens(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    from copylint.document import Words

    lowers = [d.lower for d in docs]
    chars = table.setup("tokens: Python's letters for Rust (a bitmap of str.isalnum)", lambda: word_chars(native))
    tokenize = native.tokenize
    count = sum(len(d.tokens.words) for d in docs)

    def python(lower: str) -> tuple[list[str], None, frozenset[str]]:
        words = Words.of(lower).words
        return words, None, frozenset(words)

    def python_starts(lower: str) -> tuple[list[str], list[int], frozenset[str]]:
        w = Words.of(lower)
        return w.words, list(w.starts), frozenset(w.words)

    compare(table, "tokens + word set", lowers, python, lambda lw: tokenize(chars, lw, False), repeat,
            f"{count:,} tokens")
    compare(table, "tokens + starts + word set", lowers, python_starts, lambda lw: tokenize(chars, lw, True), repeat,
            "(starts: only where a rule asks)", counted=False)


def dictionary(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    from copylint.checks import spelling

    sp = spelling.Speller()
    from copylint.checks.lexicon import Lexicon

    start = time.process_time()
    Lexicon.load(sp.folder)
    opened = time.process_time() - start
    lexicon = table.setup("dictionary: lexicon.txt read into hash sets", lambda: native.Lexicon(
        os.path.join(sp.folder, "lexicon.txt")), opened)
    sets = [d.word_set for d in docs]
    held = sp.lexicon.words
    cold = cpu(lambda classes: [classes(ws).unknown for ws in sets], [spelling.WordClasses(spelling.Speller())], 1)
    marisa = cpu(lambda ws: frozenset(w for w in ws if w not in held), sets, repeat)
    warm = spelling.WordClasses(sp)
    for ws in sets:
        warm(ws)  # learned: the archive's steady state
    # WordClasses leaves out the forms not in the dictionary that no rule reads (a word's
    # possessive, two letters: see `WordClasses._learn`); the compiled side lists every word the
    # dictionary lacks, so the same forms are taken from its answer (one C-level difference)
    unread = frozenset(w for ws in sets for w in ws if w not in held) - frozenset(
        w for ws in sets for w in warm(ws).unknown)
    unknown = compare(table, "dictionary: unknown words (WordClasses, warm)", sets, lambda ws: warm(ws).unknown,
                      lambda ws: lexicon.unknown(ws) - unread, repeat, "")
    table.rows[-1] = table.rows[-1][:3] + (f"{sum(map(len, unknown)):,} unknown of {sum(map(len, sets)):,}; "
                                           f"WordClasses cold {cold:.3f} s (variants too), a marisa look-up a word "
                                           f"{marisa:.3f} s",) + table.rows[-1][4:]
    print(f"  {'':<44} {table.rows[-1][3]}")


def searches(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    """suggest.neighbours and two_edits for the words the rules search, and realword's bigram
    look-ups for the pairs they ask about (each recorded in a real run of the spelling.* and
    typos.* rules over the corpus)."""
    from copylint import linter
    from copylint.checks import realword, spelling, suggest
    from copylint.rule import RuleContext
    from copylint.services import Services

    asked: dict[str, list[str]] = {"neighbours": [], "two_edits": []}
    spent = {"neighbours": 0.0, "two_edits": 0.0}
    originals = {name: getattr(suggest, name) for name in asked}

    def recording(name: str) -> Callable[[str, Any], set[str]]:
        def run(word: str, lex: Any) -> set[str]:
            asked[name].append(word)
            start = time.process_time()
            try:
                return originals[name](word, lex)
            finally:
                spent[name] += time.process_time() - start
        return run

    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=("all",), ignore=("grammar",))
    fc = linter.config_for(docs[0].path, options)
    selected = [s for s in fc.selection("article.txt", ("all",), ("grammar",))
                if s.rule.meta.id.startswith(("spelling.", "typos."))]
    services, notices = Services(), linter.Notices()
    services.begin_call()
    for name in asked:
        setattr(suggest, name, recording(name))
    look_up = realword.Bigrams._look_up
    pairs: list[tuple[Any, bytes]] = []
    pair_time = [0.0]

    def recorded_look_up(self: Any, key: bytes) -> int:
        pairs.append((self, key))
        start = time.process_time()
        try:
            return look_up(self, key)
        finally:
            pair_time[0] += time.process_time() - start

    realword.Bigrams._look_up = recorded_look_up  # type: ignore[method-assign]
    try:
        for doc in docs:
            for sel in selected:
                ctx = RuleContext(options=sel.options, as_of=dt.date.today(), config_dir=fc.config.root,
                                  notices=notices, known_rules=frozenset(fc.catalog.rules), path=doc.path,
                                  services=services, packs=fc.config.packs)
                list(sel.rule.check(doc, ctx))
    finally:
        for name, fn in originals.items():
            setattr(suggest, name, fn)
        realword.Bigrams._look_up = look_up  # type: ignore[method-assign]
    lex = spelling.speller(services).lexicon
    compiled_lex = native.Lexicon(os.path.join(spelling.Speller().folder, "lexicon.txt"))
    for name in ("neighbours", "two_edits"):
        fn = originals[name]
        compare(table, f"suggest.{name} ({len(asked[name]):,} words)", asked[name], lambda w: fn(w, lex),
                getattr(compiled_lex, name), repeat, f"{spent[name]:.3f} s of it inside the rules' run")
    own = {id(b): native.Bigrams(b._data) for b, _key in pairs}
    compare(table, f"realword bigram look-ups ({len(pairs):,})", pairs, lambda bk: look_up(*bk),
            lambda bk: own[id(bk[0])].look_up(bk[1]), repeat, f"{pair_time[0]:.3f} s of it inside the rules' run; "
            f"{len(own)} count files")


# Python's classes spelt out: `re`'s \w is str.isalnum() or '_' (letters and numbers), \d the
# decimal digits, \s str.isspace() (the separators \x1c-\x1f and \x85 too). Rust's \w adds the
# combining marks and its \s lacks the separators; RE2's are ASCII only. On ASCII text (the
# `ascii` flavour) Rust's agree with Python's but for the separators.
_SPACE = r"\t-\r\x1c-\x20\x85\p{Z}"
_UNICODE_CLASSES = {"w": r"\p{L}\p{N}_", "W": r"[^\p{L}\p{N}_]", "d": r"\p{Nd}", "D": r"[^\p{Nd}]",
                    "s": _SPACE, "S": f"[^{_SPACE}]"}
_ASCII_CLASSES = {"s": r"\s\x1c-\x1f", "S": r"[^\s\x1c-\x1f]"}


def translate(pattern: str, flavour: str = "rust") -> tuple[str, bool]:
    """A Python pattern in Rust's `regex` syntax (or RE2's: `flavour` "re2") that fits at least
    wherever the original fits: look-arounds left out, `^` and `$` at any line's start and end,
    word boundaries left out (but for ASCII text), `\w`, `\d`, `\s` and their opposites as
    Python reads them. `flavour` "ascii": for ASCII text only, each non-ASCII character a byte
    that ASCII text never holds. Also whether anything was left out or widened (then a match is
    to be confirmed by the original). ValueError where the flavour cannot say it."""
    from copylint.multimatch import _skip_class

    out, i, n, widened = [], 0, len(pattern), False
    ascii = flavour == "ascii"
    classes = _ASCII_CLASSES if ascii else _UNICODE_CLASSES

    def char(c: str) -> str:
        return c if c.isascii() or not ascii else r"\xFF"

    def in_class(e: str) -> str:
        one = classes[e]
        if one.startswith("[") and flavour == "re2":
            raise ValueError("RE2 has no class inside a class")
        return one

    def skip_group(j: int) -> int:  # the index after the group that opens at pattern[j]
        depth = 0
        while j < n:
            c = pattern[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                j = class_end(j)
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        raise ValueError("unbalanced group")

    def class_end(j: int) -> int:  # the index after the class that opens at pattern[j]
        return _skip_class(pattern, j)

    while i < n:
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1]
            if e in classes:
                one = classes[e]
                out.append(one if one.startswith("[") else f"[{one}]")
            elif e == "Z":
                out.append(r"\z")
            elif e in "bB" and not ascii:
                widened = True  # Rust's word boundary is drawn with its own \w
            elif not e.isascii():
                out.append(char(e))
            else:
                out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            end = class_end(i)
            body = pattern[i + 1 : end - 1]
            negated = body.startswith("^")
            if negated:
                body = body[1:]
            # Rust reads '[' inside a class as a nested class and '&&', '~~', '--' as set operations
            fixed, k = [], 0
            while k < len(body):
                if body[k] == "\\":
                    e = body[k + 1]
                    fixed.append(in_class(e) if e in classes else char(e) if not e.isascii() else body[k : k + 2])
                    k += 2
                    continue
                fixed.append("\\" + body[k] if body[k] in "[&~" else char(body[k]))
                k += 1
            out.append("[" + ("^" if negated else "") + "".join(fixed) + "]")
            i = end
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = skip_group(i)
            widened = True
        elif c in "^$":
            out.append(f"(?m:{c})")  # Python's `$` also fits before a final line break
            i += 1
        else:
            out.append(char(c))
            i += 1
    return "".join(out), widened


def line_patterns(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    from copylint import fastre as re
    from copylint.checks import boilerplate as bp

    found = bp.line_set()
    strong, contains, weak, names, gates = found.classifier
    longest = max(p.max_words for p in found.patterns.values())
    exact: dict[tuple[str, int], Any] = {}  # (kind, rule) -> the original pattern, where look-arounds were left out
    sets: dict[str, list[tuple[int, str, str]]] = {"strong": [], "weak": []}
    for i, p in enumerate(found.patterns.values()):
        for kind in sets:
            source = getattr(p, kind)
            if source:
                rust, widened = translate(source)
                ascii, _ = translate(source, "ascii")
                sets[kind].append((i, rust, ascii))
                if widened:
                    exact[(kind, i)] = re.compile(source, re.IGNORECASE)
    table.setup("line patterns: two regex sets compiled (ASCII)",
                lambda: native.LineSet(sets["strong"], sets["weak"]), _compile_time((strong.whole(), contains, weak)))
    compiled = table.setup("line patterns: the Unicode sets, at the first line not ASCII",
                           lambda: native.LineSet(sets["strong"], sets["weak"], eager=True))
    table.setups[-1] = (table.setups[-1][0], table.setups[-1][1] - table.setups[-2][1], None)
    warm_up = cpu(compiled.classify, [[line.norm for line in bp.standalone_lines(d)] for d in docs[:200]], 1)
    table.setups.append(("line patterns: their lazy DFA's states, first 200 articles", warm_up, None))

    def first(kind: str, bits: int, norm: str) -> int | None:
        rule = 0
        while bits:
            if bits & 1:
                original = exact.get((kind, rule))
                if original is None or original.fullmatch(norm) is not None:
                    return rule
            bits >>= 1
            rule += 1
        return None

    def classify(doc: Any, sets: Callable[[list[str]], tuple[list[int], list[int]]] = compiled.classify
                 ) -> list[tuple[int, str, bool]]:
        """`boilerplate._classify_lines`, its two fullmatch calls a line answered by a regex set (Rust's)."""
        out: list[tuple[int, str, bool]] = []
        lines = bp.standalone_lines(doc)
        strong_bits, weak_bits = sets([line.norm if line.words <= longest else "" for line in lines])
        for i, line in enumerate(lines):
            if line.words > longest or bp._label_value(lines, i, bool(out) and out[-1][0] == i - 1):
                continue
            rule = first("strong", strong_bits[i], line.norm) if strong_bits[i] else None
            is_weak = False
            if rule is None:
                low = line.norm.lower()
                if gates.found(low) and not bp._QUOTE_MARKS.intersection(line.norm):
                    m = contains.search(line.norm)
                    rule = None if m is None else int(m.lastgroup[1:])
            if rule is None and not line.heading:
                rule = first("weak", weak_bits[i], line.norm) if weak_bits[i] else None
                is_weak = True
            if rule is None and not line.heading and bp._link_separated(line.norm):
                rule = bp._link_row(line.norm, strong)
                is_weak = False
            if rule is not None:
                out.append((i, names[rule], is_weak))
        return out

    for doc in docs:
        bp.standalone_lines(doc)  # both sides read the same lines, found before the clock starts
    fits = compare(table, "boilerplate line patterns", docs, lambda d: bp._classify_lines(d, found), classify, repeat)
    lines = sum(len(bp.standalone_lines(d)) for d in docs)
    note = f"{lines:,} lines, {sum(map(len, fits)):,} fit; {len(exact)} patterns with look-arounds confirmed by Python"
    table.rows[-1] = table.rows[-1][:3] + (note,) + table.rows[-1][4:]
    print(f"  {'':<44} {note}")
    # the matching alone: Python's two alternations against the regex sets (Rust's; RE2's where installed)
    norms = [[line.norm for line in bp.standalone_lines(d) if line.words <= longest] for d in docs]

    def python_matching(ns: list[str]) -> list[Any]:
        return [(strong.first(x), None if x is None else weak.fullmatch(x)) for x in ns]

    note = ""
    re2_sets = _re2_line_sets(sets)
    if re2_sets is not None:
        assert [classify(d, re2_sets) for d in docs] == fits, "RE2's classified lines differ"
        note = f"RE2 FullMatchSet (google-re2) {cpu(re2_sets, norms, repeat):.3f} s, lines classified the same"
    table.add("  of which: the matching alone", cpu(python_matching, norms, repeat), cpu(compiled.classify, norms, repeat),
              note, counted=False)


def _compile_time(patterns: Any) -> float:
    """CPU seconds to compile these patterns with Python's `re` (none kept from before)."""
    import re as stdlib_re

    stdlib_re.purge()
    start = time.process_time()
    for p in patterns:
        stdlib_re.compile(p.pattern, p.flags)
    return time.process_time() - start


def _re2_line_sets(sets: dict[str, list[tuple[int, str, str]]]) -> Callable[[list[str]], tuple[list[int], list[int]]] | None:
    """The line patterns as two RE2 FullMatchSets (google-re2), where it is installed."""
    try:
        import re2
    except ImportError:
        return None
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 1 << 30  # the Unicode classes under bounded repeats make large programs
    built = {}
    start = time.process_time()
    for kind, patterns in sets.items():
        one, rules = re2.Set.FullMatchSet(options), []
        for rule, _rust, _ascii in patterns:
            one.Add(translate(_python_source(rule, kind), "re2")[0])
            rules.append(rule)
        one.Compile()
        built[kind] = (one, rules)
    print(f"  {'':<44} (RE2's two sets compiled in {time.process_time() - start:.3f} s)")

    def bits(match: Any, rules: list[int], line: str) -> int:
        found = match(line) if line else None
        return sum(1 << rules[j] for j in found) if found else 0

    (sm, sr), (wm, wr) = (built["strong"][0].Match, built["strong"][1]), (built["weak"][0].Match, built["weak"][1])
    return lambda lines: ([bits(sm, sr, x) for x in lines], [bits(wm, wr, x) for x in lines])


def _python_source(rule: int, kind: str) -> str:
    from copylint.checks import boilerplate as bp

    return getattr(list(bp.line_set().patterns.values())[rule], kind)


def engine_of(docs: list[Any]) -> Any:
    from copylint import linter
    from copylint.declarative import DeclarativeRule
    from copylint.declarative.engine import compile_engine

    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=("all",), ignore=("grammar",))
    fc = linter.config_for(docs[0].path, options)
    return compile_engine(tuple(s.rule for s in fc.selection("article.txt", ("all",), ("grammar",))
                                if isinstance(s.rule, DeclarativeRule)))


def needles(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    engine = engine_of(docs)
    exact, lower = engine._needles_exact, engine._needles_lower
    own_exact, own_lower = native.Needles(sorted(exact.strings)), native.Needles(sorted(lower.strings))
    pairs = [(d.prose, d.lower) for d in docs]
    note = f"{len(exact.strings) + len(lower.strings)} texts in 2 sets"
    auto_e, auto_l = exact._compiled(), lower._compiled()
    if auto_e and auto_l:
        note += "; multimatch's automaton on every article {:.3f} s".format(cpu(
            lambda pl: (auto_e(pl[0]), auto_l(pl[1])), pairs, repeat))
    compare(table, "  of which: prefilter needles (Aho-Corasick)", pairs,
            lambda pl: (exact.found(pl[0]), lower.found(pl[1])),
            lambda pl: (own_exact.found(pl[0]), own_lower.found(pl[1])), repeat, note, counted=False)


def pattern_entries(native: Any, docs: list[Any], table: Table, repeat: int) -> None:
    """The engine's regex entries (`Engine._run_patterns`): the needles and the scans of the entries
    they let through, against one Rust regex-set pass that says which entries may match, and
    Python's `regex` scans for those only."""
    from copylint.declarative import engine as eng

    engine = engine_of(docs)
    always, ok, rust = [], [], []
    for i, (rule, entry, (body, flags)) in enumerate(engine._patterns):
        inline = "(?i)" if flags & engine._regex.IGNORECASE else ""
        unicode, ascii = (inline + translate(body, a)[0] for a in ("rust", "ascii"))
        if native.pattern_error(unicode, False) or native.pattern_error(ascii, True):
            always.append(i)  # Rust cannot read it: Python scans it on every document
        else:
            ok.append(i)
            rust.append((unicode, ascii))
    pset = table.setup("engine: the regex set compiled", lambda: native.PatternSet(rust))

    def scan(doc: Any, matches: Callable[[str], Any] = pset.matches, ok: list[int] = ok,
             always: list[int] = always) -> list[Any]:
        maybe = sorted({ok[j] for j in matches(doc.prose) or ()}.union(always))
        found: list[Any] = []
        if not maybe:
            return found
        prose = doc.prose
        limit = eng.regex_timeout(len(prose))
        deadline = time.monotonic() + limit
        with eng._alarm(limit) as exact:  # the same guard as the engine's: Python's regex still runs
            for i in maybe:
                rule, entry, key = engine._patterns[i]
                compiled = engine._compiled.get(i)
                if compiled is None:
                    compiled = engine._compiled[i] = engine._regex.compile(*key)
                for own in compiled.finditer(prose, timeout=None if exact else deadline - time.monotonic()):
                    if own.end() == own.start():
                        continue
                    hit = engine._hit(doc, rule, entry, own)
                    if hit is not None:
                        found.append((rule, hit))
        return found

    hits = compare(table, "engine: regex entries (needles + scans)", docs, lambda d: list(engine._run_patterns(d)),
                   scan, repeat)
    ran = sum(len({ok[j] for j in pset.matches(d.prose)}) + len(always) for d in docs)
    note = (f"{len(engine._patterns)} entries, {len(always)} Rust cannot read; {ran / len(docs):.2f} scanned an "
            f"article; {sum(map(len, hits))} hits")
    table.rows[-1] = table.rows[-1][:3] + (note,) + table.rows[-1][4:]
    print(f"  {'':<44} {note}")
    whole = cpu(lambda d: list(engine.run(d)), docs, repeat)
    print(f"  {'':<44} (the whole engine, literals too: {whole:.3f} s)")
    try:
        import re2
    except ImportError:
        return
    options = re2.Options()
    options.max_mem = 1 << 30
    search, re2_ok, re2_always = re2.Set.SearchSet(options), [], []
    for i, (rule, entry, (body, flags)) in enumerate(engine._patterns):
        try:
            pattern = ("(?i)" if flags & engine._regex.IGNORECASE else "") + translate(body, "re2")[0]
            search.Add(pattern)
            re2_ok.append(i)
        except (ValueError, re2.error):
            re2_always.append(i)
    start = time.process_time()
    search.Compile()
    compiled_in = time.process_time() - start
    assert [scan(d, search.Match, re2_ok, re2_always) for d in docs] == hits, "RE2's hits differ"
    print(f"  {'':<44} (RE2 SearchSet instead: {cpu(lambda d: scan(d, search.Match, re2_ok, re2_always), docs, repeat):.3f} s, "
          f"the same hits; {len(re2_always)} entries RE2 cannot read; compiled in {compiled_in:.3f} s)")


# -- the whole run


def whole_run(corpus: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (with the workers) of `copylint --jobs N --no-cache` over the corpus, every offline rule."""
    import resource

    cmd = [str(Path(sys.executable).with_name("copylint")), "--no-cache", "--jobs", str(jobs),
           "--select", "all", "--ignore", "grammar", str(corpus)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


STEPS = (tokens, dictionary, searches, line_patterns, pattern_entries, needles)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "bbc-news")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the least CPU time is shown")
    ap.add_argument("--cargo-jobs", type=int, default=1)
    ap.add_argument("--no-build", action="store_true", help="use the wheel an earlier run built")
    ap.add_argument("--whole", action="store_true", help="also time the whole run (copylint --jobs 2)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=0, help="at most this many files, spread over the corpus")
    ap.add_argument("--only", default="", help="comma-separated steps: " + ",".join(s.__name__ for s in STEPS))
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"native_core: no corpus at {args.corpus} (set COPYLINT_SHARED or --corpus)")
    native = build(args.cargo_jobs, not args.no_build)
    docs, size = documents(args.corpus, args.limit)
    gc.collect()
    gc.freeze()  # the corpus held in memory is no garbage: collections need not walk it (a run holds one document)
    mb = size / 1e6
    print(f"{args.corpus}: {len(docs)} documents, {mb:.2f} MB; CPU seconds over all of them, best of {args.repeat}")
    print(f"  {'primitive':<44} {'Python':>9}  {'Rust':>9}  {'ratio':>7}")
    table = Table(len(docs), mb)
    for step in STEPS:
        if args.only and step.__name__ not in args.only.split(","):
            continue
        step(native, docs, table, args.repeat)
    saved = table.saved() / mb
    print("one-off costs in each process (CPU seconds): native [Python's own, where it has one]")
    for name, spent, python in table.setups:
        print(f"  {name:<60} {spent:7.3f} s" + (f"   [{python:.3f} s]" if python is not None else ""))
    setup = sum(spent - (python or 0.0) for _name, spent, python in table.setups)
    print(f"  every answer equal on both sides; saved in all: {saved:.4f} CPU-s/MB "
          f"({table.saved() / len(docs) * 1000:.3f} ms an article)")
    print(f"  in all {setup:.3f} s more than Python's a process: over this corpus with --jobs {args.jobs}, "
          f"{setup * args.jobs / mb:.4f} CPU-s/MB (nothing over a big archive)")
    if args.whole:
        wall, spent = whole_run(args.corpus, args.jobs)
        base = spent / mb
        after = base - saved
        # MB/s grows as CPU-s/MB falls, the cores kept as busy as now
        print(f"whole run, copylint --jobs {args.jobs} --no-cache, every offline rule: {mb / wall:.2f} MB/s "
              f"({wall:.2f} s wall, load {os.getloadavg()[0]:.1f}), {base:.3f} CPU-s/MB")
        print(f"  with these primitives compiled (estimate): {after:.3f} CPU-s/MB ({base / after:.2f}x): "
              f"{mb / wall * base / after:.2f} MB/s at this run's use of the cores; "
              f"CPU-bound on {args.jobs} cores {args.jobs / base:.2f} -> {args.jobs / after:.2f} MB/s; "
              f"with the one-off costs over this corpus {base - saved + setup * args.jobs / mb:.3f} CPU-s/MB")


if __name__ == "__main__":
    main()
