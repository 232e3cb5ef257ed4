"""No module-level mutable state: a language server or a Spark executor lives for hours.

State with no owner and no invalidation can hide in a module in several ways; each is
checked here, over every module of the package:

- by its name: a function wrapped in `functools.lru_cache`/`cache` (it has `cache_info`),
  or a module-level dict, list or set that is named like a variable or a cache;
- in the source: `lru_cache`/`functools.cache` anywhere (on a method, or made inline
  inside a function, is one cache for every caller too), and `global` rebinding a name;
- by what linting does: everything reachable from a module's globals (containers, the
  attributes of objects and classes defined here, functions' defaults, attributes and
  closures) is fingerprinted, articles in every format are linted through two Sessions,
  and nothing may have changed. This catches a memo under any name ("WORDS = {}" filled
  on first use, an attribute set lazily on a module-level object).

What a long-lived process needs goes in the Session (session.py) or the services it
lends rules (services.py: `get`, `file`, `files`, `memo`), or on the Document for one
document (`doc.analysis`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
from pathlib import Path

import copylint

# Process-wide memos of pure functions, which cannot go stale (as `re`'s own cache): the
# matcher code of a pattern by (pattern, flags, Python build), fastre.py; the signature of the
# copylint code this process runs, prepared.py; the code of a dataclass method by its source
# text, methodcode.py. Their contents grow while linting, by design.
PURE = {"copylint.fastre.STORE", "copylint.prepared._Code", "copylint.methodcode.STORE"}
# Modules the Session work owns: these must hold no such state at all.
OWNED = (
    "copylint.session", "copylint.services", "copylint.linter", "copylint.registry", "copylint.config",
    "copylint.declarative", "copylint.formats", "copylint.testing", "copylint.findings", "copylint.rule",
    "copylint.walk", "copylint.cli", "copylint.directives", "copylint.document", "copylint.fixer",
)
_CACHE_DECORATORS = {"lru_cache", "cache"}


def _modules():
    for info in pkgutil.walk_packages(copylint.__path__, "copylint."):
        if info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra (docx, pygls, pyspark) not installed
            continue


def _state(module) -> list[str]:
    found = []
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) == module.__name__ and hasattr(value, "cache_info"):
            found.append(f"{name} (lru_cache)")
        elif isinstance(value, (dict, list, set)) and not name.startswith("__"):
            constant = name.isupper() or name.lstrip("_").isupper()
            if not constant or "CACHE" in name.upper() or "SEEN" in name.upper():
                found.append(f"{name} ({type(value).__name__})")
    return found


def _source_problems(source: str) -> list[str]:
    """`lru_cache`/`cache` from functools, used anywhere, and `global` statements."""
    found = []
    cache_names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "functools":
            cache_names |= {a.asname or a.name for a in node.names if a.name in _CACHE_DECORATORS}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in cache_names and isinstance(node.ctx, ast.Load):
            found.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in _CACHE_DECORATORS and \
                isinstance(node.value, ast.Name) and node.value.id == "functools":
            found.append(f"line {node.lineno}: functools.{node.attr}")
        elif isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
    return sorted(found, key=lambda f: int(f.split(":")[0].split()[1]))


def _ours(obj) -> bool:
    """Defined in copylint."""
    if isinstance(obj, (type, types.FunctionType)) or hasattr(obj, "cache_info"):
        name = getattr(obj, "__module__", None) or ""
    else:
        name = getattr(type(obj), "__module__", "") or ""
    return name.startswith("copylint")


_ATOMS = (str, bytes, int, float, complex, bool, type(None), range, types.ModuleType)


def _fingerprint(roots: dict[str, object]) -> dict[str, object]:
    """Path -> a signature of every mutable thing reachable from `roots` (keys and lengths of
    containers, the identity of each attribute of an object or class defined here)."""
    out: dict[str, object] = {}
    seen: set[int] = set()
    stack = [(path, value, 0) for path, value in roots.items()]
    while stack:
        path, obj, depth = stack.pop()
        if isinstance(obj, _ATOMS) or id(obj) in seen or depth > 8:
            continue
        seen.add(id(obj))
        children: list[tuple[str, object]] = []
        if isinstance(obj, dict):
            out[path] = ("dict", len(obj), frozenset(map(repr, obj)) if len(obj) < 5000 else len(obj))
            children = [(f"{path}[{k!r}]", v) for k, v in obj.items()]
        elif isinstance(obj, (list, set, bytearray)):
            out[path] = (type(obj).__name__, len(obj))
            children = [(f"{path}[{i}]", v) for i, v in enumerate(obj)] if isinstance(obj, list) else []
        elif isinstance(obj, (tuple, frozenset)):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(obj)]
        elif hasattr(obj, "cache_info") and _ours(obj):
            out[path] = ("lru_cache", obj.cache_info().currsize)
        elif isinstance(obj, types.FunctionType) and _ours(obj):
            if obj.__defaults__:
                children.append((f"{path}.__defaults__", obj.__defaults__))
            if obj.__kwdefaults__:
                children.append((f"{path}.__kwdefaults__", obj.__kwdefaults__))
            if obj.__dict__:
                children.append((f"{path}.__dict__", obj.__dict__))
            for i, cell in enumerate(obj.__closure__ or ()):
                try:
                    children.append((f"{path}.<closure {i}>", cell.cell_contents))
                except ValueError:  # an empty cell
                    pass
        elif isinstance(obj, type) and _ours(obj):
            attrs = {k: v for k, v in vars(obj).items() if not k.startswith("__")}
            out[path] = ("class", tuple(sorted((k, id(v)) for k, v in attrs.items())))
            children = [(f"{path}.{k}", v) for k, v in attrs.items()]
        elif _ours(obj):
            attrs = dict(getattr(obj, "__dict__", {}))
            for slot in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, slot):
                    attrs[slot] = getattr(obj, slot)
            out[path] = ("object", tuple(sorted((k, id(v)) for k, v in attrs.items())))
            children = [(f"{path}.{k}", v) for k, v in attrs.items()]
        stack.extend((p, v, depth + 1) for p, v in children)
    return out


def _module_roots() -> dict[str, object]:
    roots: dict[str, object] = {}
    for module in _modules():
        for name, value in vars(module).items():
            if not name.startswith("__") and f"{module.__name__}.{name}" not in PURE:
                roots[f"{module.__name__}.{name}"] = value
    return roots


def _lint_every_way(tmp_path: Path) -> None:
    """Articles in every text format, through the Python API, a fix, and a folder walk."""
    from copylint import Session

    shipped = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "seed-article.txt"
    seed = shipped.read_text(encoding="utf-8") if shipped.is_file() else (
        "Updated 8:49 am EDT January 23, 2008\n\nMake CT Your Homepage\n\nThe rules were laxed in "
        "terrorism porn regions, and local officials defended its efforts.\n\nLike Us on Facebook\n")
    markdown = ("---\ntitle: Council Approves New Budget For Schools\ndate: 2020-01-02\n---\n\n"
                "# Council Approves New Budget For Schools\n\n## Parents welcome the extra funding\n\n"
                "Their is a plan, the the mayor said. It's officials said its efforts would be laxed.\n\n"
                "Like us on Facebook\n\nThe fuck-up was pubic transport's fault, TK.\n")
    html = ("<html><body><h1>A Headline Here For Everyone</h1><p>He saw the the fire on Monday.It was "
            "big .</p><p>Share this article</p><p>(Photo: Getty Images)</p></body></html>\n")
    (tmp_path / "seed.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "story.md").write_text(markdown, encoding="utf-8")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    for _ in range(2):  # two sessions: the second must not find anything left by the first
        session = Session()
        assert session.lint_text(seed, filename="seed.txt")
        session.lint_text(markdown, filename="story.md")
        session.lint_text(html, filename="page.html")
        session.fix_text(markdown, filename="story.md")
        session.lint_text(markdown, config={"enable": ["moderation.profanity-maybe"],
                                            "rules": {"typos.real-word": {"sets": ["all"]}}})
        outcome = session.lint_paths([str(tmp_path)])
        assert outcome.findings


# --------------------------------------------------------------------------- the checks


def test_no_module_level_caches_or_mutable_globals():
    problems = {}
    for module in _modules():
        found = _state(module)
        if found:
            problems[module.__name__] = found
    assert problems == {}


def test_the_session_modules_hold_no_state_even_as_constants_named_cache():
    for module in _modules():
        if module.__name__.startswith(OWNED):
            assert _state(module) == [], module.__name__


def test_no_cache_decorator_or_global_statement_in_the_source():
    problems = {}
    for module in _modules():
        found = _source_problems(inspect.getsource(module))
        if found:
            problems[module.__name__] = found
    assert problems == {}


def test_linting_changes_nothing_reachable_from_a_module(tmp_path):
    roots = _module_roots()
    before = _fingerprint(roots)
    _lint_every_way(tmp_path)
    roots = _module_roots()  # modules imported while linting (a reader, a rule pack) are looked at too
    after = _fingerprint(roots)
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    assert changed == []


# --------------------------------------------------------------------------- self-tests


def _fake(source: str) -> types.ModuleType:
    fake = types.ModuleType("copylint.fake")
    exec(source, fake.__dict__)
    return fake


def test_the_check_itself_finds_a_cache(tmp_path):
    fake = _fake("import functools\n@functools.lru_cache(maxsize=None)\ndef f(x):\n    return x\n_CONFIG_CACHE = {}\n"
                 "seen = set()\nEXTENSIONS = {'.md': 'markdown'}\n")
    assert _state(fake) == ["f (lru_cache)", "_CONFIG_CACHE (dict)", "seen (set)"]


def test_the_source_check_finds_inline_and_method_caches_and_globals():
    source = ("from functools import lru_cache as memo\nimport functools\n\nclass R:\n    @functools.cache\n"
              "    def words(self):\n        return 1\n\ndef check(doc):\n    common = memo(maxsize=1)(lambda: doc)\n"
              "    return common()\n\n_PARSER = None\n\ndef parser():\n    global _PARSER\n    return _PARSER\n")
    assert _source_problems(source) == ["line 5: functools.cache", "line 10: memo", "line 16: global _PARSER"]
    assert _source_problems("from functools import partial, reduce\nx = partial(max, 1)\n") == []


def test_the_run_check_finds_memos_under_any_name():
    fake = _fake(
        "class Holder:\n    def __init__(self):\n        self.parser = None\n"
        "HOLDER = Holder()\nWORDS = {}\n"
        "def lookup(word, _memo={}):\n    _memo.setdefault(word, len(word))\n    WORDS.setdefault(word, 1)\n"
        "    if HOLDER.parser is None:\n        HOLDER.parser = object()\n"
        "class Rule:\n    table = {}\n    def check(self):\n        Rule.table['x'] = 1\n"
        "def outer():\n    seen = {}\n    def inner(k):\n        seen[k] = 1\n    return inner\nINNER = outer()\n"
    )
    roots = {f"copylint.fake.{k}": v for k, v in vars(fake).items() if not k.startswith("__")}
    before = _fingerprint(roots)
    fake.lookup("cat")
    fake.Rule().check()
    fake.INNER("k")
    after = _fingerprint(roots)
    changed = sorted(p for p in before if before[p] != after.get(p))
    assert changed == ["copylint.fake.HOLDER", "copylint.fake.INNER.<closure 0>", "copylint.fake.Rule.table",
                       "copylint.fake.WORDS", "copylint.fake.lookup.__defaults__[0]"]
    # an unchanged constant table is not state
    assert before["copylint.fake.Rule"] == after["copylint.fake.Rule"]
