"""The grammar pack: LanguageTool's matches as copylint findings (`grammar.<LT_RULE_ID>`).

LanguageTool comes from a server named in config (`grammar: {server: URL}` or
`--languagetool-server`), the public API only when asked by name (`server: public`), or a
LanguageTool already installed for language-tool-python (`local: true`). With none, the
pack says once that it was skipped: unpublished copy never leaves the building by default.
"""

from __future__ import annotations

import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..document import PLACEHOLDER, Document
from ..yamlfile import FileError
from ..findings import Severity
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc

RULE_ID = "grammar.languagetool"
# Stands in LanguageTool's text for code and URLs (the prose's PLACEHOLDER): one letter, so
# offsets stay the same, read as a name; matches touching it are dropped (see _near_placeholder).
STAND_IN = "X"
LEVELS = ("error", "warning", "suggestion", "off")
NO_SERVER = "no LanguageTool server configured; set grammar.server or --languagetool-server"


def _levels(upper: bool) -> Any:
    def clean(value: dict) -> dict:
        out = {}
        for k, v in value.items():
            level = "off" if v is False else str(v).strip().lower()  # YAML reads a bare off as false
            if not isinstance(k, str) or level not in LEVELS:
                raise ValueError(f"maps names to one of {', '.join(LEVELS)}; got {k!r}: {v!r}")
            out[k.upper() if upper else k.lower()] = level
        return out

    return clean


def _positive(value: Any) -> Any:
    if value <= 0:
        raise ValueError("must be more than 0")
    return value


def _keep_alive(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() != "auto":
        raise ValueError("takes true, false or auto")
    return value if isinstance(value, bool) else "auto"


# `${NAME}` is read from the environment only for these names: a config is data, and a pull
# request's config naming ${AWS_SECRET_ACCESS_KEY} must not send its value to a host it chose.
ENV_PREFIXES = ("COPYLINT_", "LANGUAGETOOL_")
_ENV_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _server(value: str) -> str:
    value = value.strip()
    if "$" not in value:
        return value
    m = _ENV_REF_RE.fullmatch(value)
    if m is None:
        raise ValueError("takes a URL, `public`, or a whole `${NAME}`; environment variables are not "
                         "expanded inside a URL")
    if not m.group(1).startswith(ENV_PREFIXES):
        raise ValueError(f"reads only variables named COPYLINT_* or LANGUAGETOOL_* (a config must not "
                         f"send other variables to a server); got ${{{m.group(1)}}}")
    return value


def _megabytes(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError("must be a number of megabytes above 0")
    return float(value)


def _profile_name(value: str) -> str:
    return value.strip() or "none"


OPTIONS = (
    Option("server", "", "LanguageTool server URL (self-hosted), or `public` for languagetool.org's API "
           "(sends the copy outside), or `${NAME}` to read the URL from an environment variable named "
           "COPYLINT_* or LANGUAGETOOL_* (no other variable is read).", str, _server, outside="server"),
    Option("local", False, "Use a LanguageTool already installed for language-tool-python (Java 17+; "
           "found in its cache or LTP_PATH; never downloaded).", bool, outside="program"),
    Option("language", "en-US", "Language variant: en-US, en-GB, en-AU, ... (or auto).", str),
    Option("picky", False, "LanguageTool's picky mode: more style rules.", bool),
    Option("enabled_rules", [], "LanguageTool rule ids to switch on.", list),
    Option("disabled_rules", [], "LanguageTool rule ids to switch off.", list),
    Option("enabled_categories", [], "LanguageTool category ids to switch on.", list),
    Option("disabled_categories", [], "LanguageTool category ids to switch off.", list),
    Option("enabled_only", False, "Only the enabled rules and categories.", bool),
    Option("rule_severity", {}, "LanguageTool rule id → error, warning, suggestion or off.", dict, _levels(True)),
    Option("category_severity", {}, "LanguageTool category id → level or off.", dict, _levels(True)),
    Option("issue_severity", {}, "LanguageTool issue type (grammar, style, ...) → level or off; anything "
           "unmapped is a suggestion, e.g. {grammar: warning} once measured on your copy.", dict, _levels(False)),
    Option("keep_typos", False, "Keep LanguageTool's spelling and repeated-word matches (TYPOS, "
           "MORFOLOGIK_RULE_*, ENGLISH_WORD_REPEAT_RULE); by default the spelling pack and "
           "typos.doubled-word report those spans and these are dropped.", bool),
    Option("profile", "news", "Which LanguageTool rules report at which level: `news` (measured on news "
           "copy, rules/grammar/data/news.yml), `none` (every match a suggestion), or a YAML file of the "
           "same shape (relative to the config). rule_severity, category_severity and issue_severity "
           "override it.", str, _profile_name, outside="file", builtin_values=("news", "none")),
    Option("timeout", 10.0, "Seconds for one request in all (connect, send, wait and read), however "
           "slowly the server answers.", float, _positive),
    Option("max_answer_mb", 10.0, "Largest answer read, in megabytes; a larger one is refused with a "
           "message and the file is reported as not checked.", (int, float), _megabytes),
    Option("cache", True, "Keep answers on disk by the hash of the prose and settings.", bool, outside="folder"),
    Option("cache_dir", "", "Cache folder (relative to the config); default .copylint_cache/ beside "
           "the config, else $XDG_CACHE_HOME/copylint.", str, outside="folder"),
    Option("concurrency", 4, "Requests in flight to one server at once, across worker processes.", int, _positive),
    Option("keep_alive", "auto", "Reuse one connection per worker process: true, false, or auto (for https "
           "only: LanguageTool's own JDK server stalls ~40 ms per kept-alive answer unless started with "
           "-Dsun.net.httpserver.nodelay=true).", (bool, str), _keep_alive),
)

DOC = make_doc(
    what="Sends each document's prose (not code, URLs or markup) to LanguageTool in one request and "
    "reports its matches as `grammar.<RULE_ID>`, e.g. `grammar.EN_A_VS_AN`, with LanguageTool's message "
    "and replacements. Nothing is sent unless a server is configured; without one the pack is skipped "
    "with one line saying so.",
    why="Dictionaries and patterns cannot see a wrong verb form (\"has went\"), it's for its, or a/an "
    "before a sound rather than a letter; LanguageTool's grammar rules can. (It misses some agreement "
    "slips, e.g. \"officials have stepped up its efforts\": see docs/grammar.md.)",
    example="The mayor has went to the meeting twice.",
    instead="The mayor has gone to the meeting twice.",
    options="`server` (URL, or `public` by name only), `local`, `language`, `picky`, `enabled_rules`, "
    "`disabled_rules`, `enabled_categories`, `disabled_categories`, `enabled_only`, `rule_severity`, "
    "`category_severity`, `issue_severity`, `profile`, `keep_typos`, `timeout`, `max_answer_mb`, `cache`, "
    "`cache_dir`, `concurrency`, `keep_alive`. "
    "Set them under `grammar:` in `.copylint.yaml`. Levels come from the news profile "
    "(rules/grammar/data/news.yml), measured with LanguageTool 6.8 on 800 BBC articles and 159 "
    "other publishers' articles: the rules that were right on edited copy (a/an, it's/its, has went, "
    "a space before a comma) are warnings, rules that were mostly wrong or are house style (comma "
    "advice, unpaired quotes over paragraphs, -ize spelling, British team plurals) are off, the rest "
    "suggestions; one level lower in quoted speech. Change any of it with `rule_severity`, "
    "`category_severity` or your own `profile` file. Spelling and repeated-word matches are left to "
    "the spelling pack and typos.doubled-word, and where a copylint rule reports the same words its "
    "finding is the one shown; matches touching code or a URL are dropped. See docs/grammar.md for "
    "starting a server (scripts/languagetool.py) and the measured table.",
    fix="LanguageTool's first replacement is offered as an unsafe fix: `--fix` never applies it.",
)


class LanguageToolRule:
    """The grammar pack's one rule. It keeps no state: its connections (with their backoff) and
    the loaded profile are the session's services (`ctx.services`)."""

    meta = RuleMeta(
        id=RULE_ID,
        summary="Grammar problems found by LanguageTool (needs a configured server)",
        severity=Severity.WARNING,
        doc=DOC,
        link="https://languagetool.org/",
        options=OPTIONS,
        fixable=True,
        sub_ids=True,
    )

    def load_data(self, ctx: RuleContext) -> tuple[str, ...]:
        """At config load: a profile file the config names (not `news` or `none`), checked."""
        name = ctx.options.get("profile", "news")
        if name in ("news", "none"):
            return ()
        _profile(name, ctx)
        return (_profile_path(name, ctx.config_dir),)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        opts = ctx.options
        source, why = _source(opts)
        if source is None:
            ctx.unavailable(RULE_ID, why)
            return []
        from . import grammar_cache as cache  # hashlib, json: not needed when no server is set

        try:
            profile = _profile(opts["profile"], ctx)
        except FileError as exc:
            ctx.unavailable(RULE_ID, str(exc))
            return []
        if not doc.prose.strip():
            return []
        text = doc.prose.replace(PLACEHOLDER, STAND_IN)
        request = _request(opts)
        folder = cache.cache_dir(opts["cache_dir"], ctx.config_dir) if opts["cache"] else ""
        digest = cache.key(source, request, text) if folder else ""
        matches = cache.load(folder, digest) if folder else None
        if matches is None:
            matches = self._ask(source, request, text, doc.path, ctx)
            if matches is None:
                return []
            if folder:
                cache.store(folder, digest, matches)
        return _hits(doc, matches, opts, profile)

    def _ask(self, source: Any, request: Any, text: str, path: str, ctx: RuleContext) -> list[Any] | None:
        """LanguageTool's matches, or None after saying why (once a run, or for this file)."""
        from .grammar_client import LTError, Settings, request_slot

        opts = ctx.options
        keep_alive = opts["keep_alive"] if isinstance(opts["keep_alive"], bool) else source.url.startswith("https:")
        settings = Settings(source, request.language, float(opts["timeout"]), keep_alive,
                            int(opts["max_answer_mb"] * 1_000_000))
        from .grammar_client import Connection

        conn = ctx.services.get(("grammar.languagetool", settings), lambda: Connection(settings))
        if not conn.connect():
            ctx.unavailable(RULE_ID, conn.error)
            return None
        try:
            with request_slot(source.url, opts["concurrency"]):
                return conn.check(text, request)
        except LTError as exc:
            # this file only; the other rules' findings stay, and as when the server is not there
            # at all the exit code is kept unless grammar is required
            ctx.skipped(RULE_ID, path, f"grammar not checked: {source.label}: {exc}")
            return None


@dataclass(frozen=True)
class Profile:
    """Levels for LanguageTool's rules by id, then by category, then a default (data, not code)."""

    rules: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    default: str = "suggestion"

    @classmethod
    def load(cls, path: str) -> Profile:
        from ..yamlfile import LDict, load_file

        data = load_file(path)
        if not isinstance(data, dict):
            raise FileError(path, None, "a grammar profile is a mapping with rules, categories and default")
        unknown = set(data) - {"rules", "categories", "default", "languagetool", "about"}
        if unknown:
            key = sorted(unknown)[0]
            raise FileError(path, data.line_of(key) if isinstance(data, LDict) else None, f"unknown key {key!r}")
        tables = {}
        for key in ("rules", "categories"):
            table = data.get(key) or {}
            if not isinstance(table, dict):
                raise FileError(path, data.line_of(key) if isinstance(data, LDict) else None, f"{key}: a mapping")
            try:
                tables[key] = _levels(True)(dict(table))
            except ValueError as exc:
                raise FileError(path, data.line_of(key) if isinstance(data, LDict) else None, f"{key}: {exc}") from None
        raw = data.get("default", "suggestion")
        default = "off" if raw is False else str(raw).lower()
        if default not in LEVELS:
            raise FileError(path, data.line_of("default") if isinstance(data, LDict) else None,
                            f"default: one of {', '.join(LEVELS)}")
        return cls(tables["rules"], tables["categories"], default)

    def level(self, rule: str, category: str) -> str:
        return self.rules.get(rule) or self.categories.get(category) or self.default


def _profile(name: str, ctx: RuleContext) -> Profile:
    """The profile in force: read once per session, again when its file changes."""
    if name == "none":
        return Profile()
    path = _profile_path(name, ctx.config_dir)
    try:
        return ctx.services.file(path, Profile.load, key="grammar.profile")
    except OSError:
        raise FileError(path, None, f"grammar profile {name!r} not found") from None


def _profile_path(name: str, config_dir: str) -> str:
    if name == "news":
        from ..registry import builtin_rules_dir

        return os.path.join(builtin_rules_dir(), "grammar", "data", "news.yml")
    return os.path.join(config_dir, os.path.expanduser(name))


def _request(opts: Mapping[str, Any]) -> Any:
    from .grammar_client import Request

    return Request(
        language=opts["language"],
        picky=opts["picky"],
        enabled_rules=tuple(sorted(opts["enabled_rules"])),
        disabled_rules=tuple(sorted(opts["disabled_rules"])),
        enabled_categories=tuple(sorted(opts["enabled_categories"])),
        disabled_categories=tuple(sorted(opts["disabled_categories"])),
        enabled_only=opts["enabled_only"],
    )


def _source(opts: Mapping[str, Any]) -> tuple[Any, str]:
    if not opts["server"] and not opts["local"]:
        return None, NO_SERVER  # the default: nothing more to import
    from .grammar_client import PUBLIC_API, PUBLIC_NAMES, Source

    server = opts["server"].strip()
    ref = _ENV_REF_RE.fullmatch(server)
    if ref is not None:  # a whole ${COPYLINT_*} or ${LANGUAGETOOL_*}: the validator let no other through
        name = ref.group(1)
        if not name.startswith(ENV_PREFIXES):
            return None, f"grammar.server may read only COPYLINT_* or LANGUAGETOOL_* variables, not {name}"
        server = os.environ.get(name, "").strip()
        if not server:
            return None, f"grammar.server names the environment variable {name}, which is not set"
    if server.lower() in PUBLIC_NAMES:
        return Source("public", PUBLIC_API), ""
    if server:
        return Source("server", server), ""
    if opts["local"]:
        return Source("local"), ""
    return None, NO_SERVER


def _severity(rule: str, category: str, issue: str, opts: Mapping[str, Any], profile: Profile) -> Severity | None:
    """The config's own settings first (rule, category, issue type), then the profile."""
    level = None
    for table, name in ((opts["rule_severity"], rule), (opts["category_severity"], category),
                        (opts["issue_severity"], issue.lower())):
        if name in table:
            level = table[name]
            break
    level = level or profile.level(rule, category)
    return None if level == "off" else Severity.parse(level)


def _owned_elsewhere(rule: str, category: str) -> bool:
    """Spelling and repeated words: the spelling pack and typos.doubled-word report those spans.

    Only the dictionary rules: LanguageTool's TYPOS category also holds confusions such as
    it's/its and "could of", which stay (and yield to a copylint finding on the same words).
    """
    return rule.startswith(("MORFOLOGIK_RULE", "HUNSPELL_RULE", "SPELLING_RULE")) or rule in _REPEAT_RULES


_REPEAT_RULES = frozenset({"ENGLISH_WORD_REPEAT_RULE"})
_CURRENCY_RE = re.compile(r"\s*[$£€¥₹]")


def _misread(rule: str, prose: str, end: int) -> bool:
    """Matches LanguageTool gets wrong by construction, measured on news copy.

    EN_A_VS_AN reads a currency sign as its letter: "an $11bn fraud" ("an eleven") is right,
    and 5 of its 18 matches on the BBC were these.
    """
    return rule == "EN_A_VS_AN" and _CURRENCY_RE.match(prose, end) is not None


def _near_placeholder(prose: str, start: int, end: int) -> bool:
    """A match on or beside code or a URL judges the stand-in, not the writer's words."""
    return PLACEHOLDER in prose[max(0, start - 2) : end + 2]


def _hits(doc: Document, matches: Iterable[Any], opts: Mapping[str, Any], profile: Profile) -> list[Hit]:
    out = []
    for m in matches:
        if not opts["keep_typos"] and _owned_elsewhere(m.rule, m.category):
            continue  # same spans as the spelling pack or typos.doubled-word: one finding
        start, end = m.start, max(m.end, m.start + 1)
        if end > len(doc.prose) or _near_placeholder(doc.prose, start, end) or _misread(m.rule, doc.prose, end):
            continue
        severity = _severity(m.rule.upper(), m.category.upper(), m.issue, opts, profile)
        if severity is None:
            continue
        suggestions = tuple(r for r in m.replacements[:3] if r != doc.prose[start:end])
        fix = ((start, end, suggestions[0]),) if suggestions else ()
        sub_id = "".join(c if c.isalnum() or c in "_-" else "_" for c in m.rule) or "UNKNOWN"
        out.append(Hit(
            start, end, m.message or "LanguageTool reports a problem here", suggestions, fix,
            fix_safe=False, severity=severity, demote=1 if doc.in_quote(start, end) else 0,
            rule=f"grammar.{sub_id}",
        ))
    return out


def rules() -> list[object]:
    return [LanguageToolRule()]
