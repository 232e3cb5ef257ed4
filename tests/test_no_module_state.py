"""No module-level mutable state: a language server or a Spark executor lives for hours.

Every module of the package is imported and its globals inspected: a function wrapped
in `functools.lru_cache`/`cache` (it has `cache_info`), or a module-level dict, list or
set that is named like a variable or a cache, is state with no owner and no
invalidation. What a long-lived process needs goes in the Session (session.py) or the
services it lends rules (services.py).
"""

from __future__ import annotations

import importlib
import pkgutil

import copylint

# Caches still at module level, in modules other helpers own (checks, readers); each
# holds data read once from files shipped inside the package, never a user's file.
# Remove an entry when its cache moves to the Session.
KNOWN = {
    "copylint.checks.grammar_client", "copylint.checks.moderation", "copylint.checks.realword",
    "copylint.checks.style",
    "copylint.formats.markdown",
}
# Modules the Session work owns: these must hold no such state at all.
OWNED = (
    "copylint.session", "copylint.services", "copylint.linter", "copylint.registry", "copylint.config",
    "copylint.declarative", "copylint.formats", "copylint.testing", "copylint.findings", "copylint.rule",
    "copylint.walk", "copylint.cli", "copylint.directives", "copylint.document", "copylint.fixer",
)


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


def test_no_module_level_caches_or_mutable_globals():
    problems = {}
    for module in _modules():
        found = _state(module)
        if found and module.__name__ not in KNOWN:
            problems[module.__name__] = found
    assert problems == {}


def test_the_session_modules_hold_no_state_even_as_constants_named_cache():
    for module in _modules():
        if module.__name__.startswith(OWNED) and module.__name__ not in KNOWN:
            assert _state(module) == [], module.__name__


def test_the_check_itself_finds_a_cache(tmp_path):
    import functools
    import types

    fake = types.ModuleType("copylint.fake")
    exec("import functools\n@functools.lru_cache(maxsize=None)\ndef f(x):\n    return x\n_CONFIG_CACHE = {}\nseen = set()\n"
         "EXTENSIONS = {'.md': 'markdown'}\n", fake.__dict__)
    assert _state(fake) == ["f (lru_cache)", "_CONFIG_CACHE (dict)", "seen (set)"]
    del functools
