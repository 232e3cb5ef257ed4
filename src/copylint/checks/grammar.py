"""The grammar pack: LanguageTool's matches as copylint findings (`grammar.<LT_RULE_ID>`).

LanguageTool comes from a server named in config (`grammar: {server: URL}` or
`--languagetool-server`), the public API only when asked by name (`server: public`), or a
LanguageTool already installed for language-tool-python (`local: true`). With none, the
pack says once that it was skipped: unpublished copy never leaves the building by default.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

from ..document import PLACEHOLDER, Document
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
            level = str(v).strip().lower()
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


def _server(value: str) -> str:
    return value.strip()


OPTIONS = (
    Option("server", "", "LanguageTool server URL (self-hosted), or `public` for languagetool.org's API "
           "(sends the copy outside). `${VAR}` reads an environment variable.", str, _server, outside="server"),
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
    Option("timeout", 10.0, "Seconds to wait for one answer.", float, _positive),
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
    why="Dictionaries and patterns cannot see agreement (\"officials have stepped up its efforts\") or a "
    "missing possessive; LanguageTool's grammar rules can.",
    example="Local officials have already stepped up its efforts.",
    instead="Local officials have already stepped up their efforts.",
    options="`server` (URL, or `public` by name only), `local`, `language`, `picky`, `enabled_rules`, "
    "`disabled_rules`, `enabled_categories`, `disabled_categories`, `enabled_only`, `rule_severity`, "
    "`category_severity`, `issue_severity`, `keep_typos`, `timeout`, `cache`, `cache_dir`, `concurrency`, "
    "`keep_alive`. "
    "Set them under `grammar:` in `.copylint.yaml`. Precision first: every match is a suggestion "
    "(one level lower in quoted speech, where a level is raised) until you map it higher, because "
    "LanguageTool's false-positive rate on clean news depends on its version and rules and could "
    "not be measured against a real LanguageTool here (no server or jar on the build machine). "
    "Measure yours on clean copy, then raise what holds up, e.g. `issue_severity: {grammar: "
    "warning}`, and switch noisy rules `off`. Spelling and repeated-word matches are left to the "
    "spelling pack and typos.doubled-word (same spans, one finding); matches touching code or a "
    "URL are dropped. See docs/grammar.md for setting up a server.",
    fix="LanguageTool's first replacement is offered as an unsafe fix: `--fix` never applies it.",
)


class LanguageToolRule:
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

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        opts = ctx.options
        source, why = _source(opts)
        if source is None:
            ctx.unavailable(RULE_ID, why)
            return []
        from . import grammar_cache as cache  # hashlib, json: not needed when no server is set

        if not doc.prose.strip():
            return []
        text = doc.prose.replace(PLACEHOLDER, STAND_IN)
        request = _request(opts)
        folder = cache.cache_dir(opts["cache_dir"], ctx.config_dir) if opts["cache"] else ""
        digest = cache.key(source, request, text) if folder else ""
        matches = cache.load(folder, digest) if folder else None
        if matches is None:
            matches = _ask(source, request, text, doc.path, ctx)
            if matches is None:
                return []
            if folder:
                cache.store(folder, digest, matches)
        return _hits(doc, matches, opts)


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


def _ask(source: Any, request: Any, text: str, path: str, ctx: RuleContext) -> list[Any] | None:
    """LanguageTool's matches, or None after saying why (once a run, or for this file)."""
    from .grammar_client import LTError, connection, request_slot

    opts = ctx.options
    keep_alive = opts["keep_alive"] if isinstance(opts["keep_alive"], bool) else source.url.startswith("https:")
    conn = connection(source, request.language, float(opts["timeout"]), keep_alive)
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


def _source(opts: Mapping[str, Any]) -> tuple[Any, str]:
    if not opts["server"] and not opts["local"]:
        return None, NO_SERVER  # the default: nothing more to import
    from .grammar_client import PUBLIC_API, PUBLIC_NAMES, Source

    server = os.path.expandvars(opts["server"]).strip()
    if "$" in server:
        return None, f"grammar.server names an unset environment variable ({opts['server']})"
    if server.lower() in PUBLIC_NAMES:
        return Source("public", PUBLIC_API), ""
    if server:
        return Source("server", server), ""
    if opts["local"]:
        return Source("local"), ""
    return None, NO_SERVER


def _severity(rule: str, category: str, issue: str, opts: Mapping[str, Any]) -> Severity | None:
    for table, name in ((opts["rule_severity"], rule), (opts["category_severity"], category),
                        (opts["issue_severity"], issue.lower())):
        if name in table:
            level = table[name]
            return None if level == "off" else Severity.parse(level)
    return Severity.SUGGESTION


def _owned_elsewhere(rule: str, category: str) -> bool:
    return category == "TYPOS" or rule.startswith("MORFOLOGIK_RULE") or rule in _REPEAT_RULES


_REPEAT_RULES = frozenset({"ENGLISH_WORD_REPEAT_RULE"})


def _near_placeholder(prose: str, start: int, end: int) -> bool:
    """A match on or beside code or a URL judges the stand-in, not the writer's words."""
    return PLACEHOLDER in prose[max(0, start - 2) : end + 2]


def _hits(doc: Document, matches: Iterable[Any], opts: Mapping[str, Any]) -> list[Hit]:
    out = []
    for m in matches:
        if not opts["keep_typos"] and _owned_elsewhere(m.rule, m.category):
            continue  # same spans as the spelling pack or typos.doubled-word: one finding
        start, end = m.start, max(m.end, m.start + 1)
        if end > len(doc.prose) or _near_placeholder(doc.prose, start, end):
            continue
        severity = _severity(m.rule.upper(), m.category.upper(), m.issue, opts)
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
