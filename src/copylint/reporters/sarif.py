"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns are code points (`columnKind: unicodeCodePoints`), 1-based, with an exclusive end,
as SARIF defines them. URIs are relative to the current directory under `SRCROOT`.
`partialFingerprints` reuse the baseline fingerprints, so alerts survive line shifts.
A run with more than 5,000 results (what GitHub code scanning shows of a run) lists the most
severe first and says so in a tool notification.
"""

from __future__ import annotations

import os
import re
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..baseline import fingerprints, repo_path
from ..findings import Report, Severity
from . import ReportOptions, write_json
from .locate import locator

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/copylint/"
FINGERPRINT_KEY = "copylintFingerprint/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
_RANK = {"error": 0, "warning": 1, "note": 2}
GITHUB_SHOWN_RESULTS = 5000  # GitHub code scanning shows this many results of a run, by severity


def _name(rule_id: str) -> str:
    """A readable identifier: `stamps.stale-date` → `StampsStaleDate`."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", rule_id) if p)


def _what(doc: str, fallback: str) -> str:
    """The body of the doc's 'What it does' section, else the summary."""
    m = re.search(r"^## What it does\s*\n(.*?)(?=^## |\Z)", doc or "", re.S | re.M)
    text = m.group(1).strip() if m else ""
    return text or fallback


def _descriptor(meta: Any) -> dict[str, Any]:
    summary = meta.summary or meta.id
    doc = meta.doc or summary
    out: dict[str, Any] = {
        "id": meta.id,
        "name": _name(meta.id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _what(doc, summary)},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": {"tags": [meta.pack]},
    }
    if meta.link:
        out["helpUri"] = meta.link
    return out


def _uri(path: str, root: str) -> tuple[str, str | None]:
    rel = repo_path(path, root)
    # a file name that is not UTF-8: its own bytes percent-encoded (caf%E9.md), as a URI carries them
    if rel.startswith("/"):
        return "file://" + quote(rel, errors="surrogateescape"), None
    return quote(rel, errors="surrogateescape"), "SRCROOT"


def _artifact(path: str, root: str) -> dict[str, Any]:
    uri, base = _uri(path, root)
    out: dict[str, Any] = {"uri": uri}
    if base:
        out["uriBaseId"] = base
    return out


def _message(f: Any) -> str:
    text = f.message
    if f.suggestions:
        text += " Suggestion: " + ", ".join(f.suggestions) + "."
    return text


def sarif_log(report: Report) -> dict[str, Any]:
    metas = sorted(report.rules.values(), key=lambda m: m.id)  # type: ignore[attr-defined]
    index = {m.id: i for i, m in enumerate(metas)}
    results = []
    notifications = []
    for result in report.results:
        if result.error:
            notifications.append({
                "level": "error",
                "message": {"text": result.error},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path, report.root)}}],
            })
            continue
        loc = locator(result)
        artifacts: dict[str, dict[str, Any]] = {}  # one relpath a file, not one a finding
        for f, fp in zip(result.findings, fingerprints(result, report.root)):
            artifact = artifacts.get(f.path)
            if artifact is None:
                artifact = artifacts[f.path] = _artifact(f.path, report.root)
            region: dict[str, Any] = {
                "startLine": f.start.line,
                "startColumn": f.start.column,
                "endLine": f.end.line,
                "endColumn": f.end.column,
            }
            if f.match:
                region["snippet"] = {"text": f.match}
            item: dict[str, Any] = {
                "ruleId": f.rule,
                "level": LEVEL[f.severity],
                "message": {"text": _message(f)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": dict(artifact), "region": region}
                }],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
            }
            if f.rule in index:
                item["ruleIndex"] = index[f.rule]
            if f.fix is not None:
                item["fixes"] = [{
                    "description": {"text": f.fix.title or "Apply the suggested change"},
                    "artifactChanges": [{
                        "artifactLocation": dict(artifact),
                        "replacements": [
                            {
                                "deletedRegion": _edit_region(loc, e.start, e.end, f),
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in f.fix.edits
                        ],
                    }],
                }]
            results.append(item)
    failed = bool(notifications)  # files that could not be linted
    if len(results) > GITHUB_SHOWN_RESULTS:
        # GitHub code scanning keeps the first 5,000 results of a run by severity: put the most severe
        # first and say so, rather than let a reader think the rest were clean
        results.sort(key=lambda item: _RANK[item["level"]])
        notifications.append({
            "level": "warning",
            "descriptor": {"id": "copylint/results-over-limit"},
            "message": {"text": (
                f"This run has {len(results)} results. GitHub code scanning shows {GITHUB_SHOWN_RESULTS:,} results "
                f"of a run, the most severe first, so {len(results) - GITHUB_SHOWN_RESULTS:,} will not show there; "
                "every result is in this file, and `copylint --format html` gives a review queue of all of them."
            )},
        })
    root_uri = "file://" + quote(os.path.abspath(report.root).replace(os.sep, "/").rstrip("/") + "/",
                                 errors="surrogateescape")
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "copylint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(m) for m in metas],
            }
        },
        "originalUriBaseIds": {"SRCROOT": {"uri": root_uri}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": not failed,
            "toolExecutionNotifications": notifications,
        }],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _edit_region(loc: Any, start: int, end: int, f: Any) -> dict[str, Any]:
    a = loc.position(start, f)
    b = loc.position(end, f)
    return {"startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column}


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    log = sarif_log(report)
    write_json(out, log, log["runs"][0]["results"])
