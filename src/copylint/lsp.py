"""`copylint lsp`: a language server over standard input and output, for editors.

Findings appear as diagnostics while an editor writes: on open, a moment after each edit
(debounced), and on save, for Markdown, plain text and HTML. Each diagnostic's `code` is
the rule id and its `source` is `copylint`; its code action applies the rule's fix (safe
or not, titled as the rule titles it) or inserts `<!-- copylint-disable-line RULE -->`;
hovering shows the rule's documentation. Config, pack and vocabulary changes on disk are
seen at the next lint (the Session checks modification times), and a change the editor
reports (watched files, settings, a save) re-lints every open document at once.

Built on pygls with lsprotocol (an optional extra, `copylint[lsp]`): the protocol's
framing, document sync and capability negotiation are theirs; this module maps findings
to and from the protocol. Positions are UTF-16 code units unless the editor agreed on
UTF-8 or UTF-32.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

from . import __version__
from .codeunits import CodeUnits
from .findings import Finding, Severity

LANGUAGES = {"markdown": "markdown", "plaintext": "text", "text": "text", "html": "html"}
_DISABLE_LINE_RE = re.compile(r"<!--\s*copylint-disable-line\b(?P<ids>[^>]*?)\s*-->\s*$")
NO_DISABLE_SCOPES = ("front_matter",)  # an HTML comment there would change a YAML value


def _missing_extra() -> None:
    print("copylint lsp needs pygls: pip install 'copylint[lsp]'", file=sys.stderr)
    sys.exit(2)


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    text: str
    findings: list[Finding]
    units: CodeUnits


def build_server(session: Any, debounce: float = 0.3) -> Any:
    """The language server (not yet started) for `session`."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError:
        _missing_extra()

    class CopylintServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("copylint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
            self.session = session
            self.debounce = debounce
            self.linted: dict[str, Linted] = {}
            self.pending: dict[str, asyncio.TimerHandle] = {}
            self.said: set[str] = set()  # notices already logged

    server = CopylintServer()

    # ------------------------------------------------------------------ linting

    def encoding() -> str:
        """The position encoding agreed at start-up (pygls takes the editor's first choice)."""
        enc = server.workspace.position_encoding
        return str(getattr(enc, "value", enc) or "utf-16")

    def wanted(doc: Any) -> bool:
        from .formats import format_for

        return doc.language_id in LANGUAGES or format_for(doc.path or doc.uri, "") != ""

    def filename(doc: Any) -> str:
        if doc.uri.startswith("file:") and doc.path:
            return doc.path
        ext = {"markdown": ".md", "html": ".html"}.get(doc.language_id or "", ".txt")
        return os.path.join(session.cwd, "untitled" + ext)

    def lint(uri: str) -> Linted | None:
        from .linter import Notices

        doc = server.workspace.get_text_document(uri)
        if not wanted(doc):
            return None
        text = doc.source
        notices = Notices()
        fmt = LANGUAGES.get(doc.language_id or "")
        try:
            findings = session.lint_text(text, filename=filename(doc), format=fmt, notices=notices)
        except Exception as exc:  # a broken config (or a bug): say it on the document
            from .yamlfile import FileError

            if not isinstance(exc, FileError):  # not the user's to mend: the traceback goes to the server log
                import traceback

                traceback.print_exc(file=sys.stderr)
            message = " ".join(str(exc).split()) or type(exc).__name__
            publish_error(uri, doc.version, f"copylint could not lint this file: {message}")
            server.linted.pop(uri, None)
            return None
        from .server import notice_lines

        for message in notice_lines(notices):
            if message not in server.said:
                server.said.add(message)
                server.window_log_message(types.LogMessageParams(type=types.MessageType.Info,
                                                                 message=f"copylint: {message}"))
        linted = Linted(doc.version, text, findings, CodeUnits(text, encoding()))
        server.linted[uri] = linted
        return linted

    def publish_error(uri: str, version: int | None, message: str) -> None:
        diag = types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)), message=message,
                                severity=types.DiagnosticSeverity.Error, source="copylint", code="copylint.config")
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [diag], version))

    def lint_and_publish(uri: str) -> None:
        server.pending.pop(uri, None)
        if uri not in server.workspace.text_documents:  # closed while the lint waited
            return
        linted = lint(uri)
        if linted is None:
            return
        diagnostics = [diagnostic(f, linted.units) for f in linted.findings]
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, linted.version))

    def schedule(uri: str, delay: float) -> None:
        handle = server.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        if delay <= 0:
            lint_and_publish(uri)
            return
        server.pending[uri] = asyncio.get_running_loop().call_later(delay, lint_and_publish, uri)

    def relint_all() -> None:
        for uri in list(server.workspace.text_documents):
            schedule(uri, 0)

    def current(uri: str) -> Linted | None:
        """The findings for the document as it is now (linted again if it changed)."""
        doc = server.workspace.get_text_document(uri)
        linted = server.linted.get(uri)
        if linted is None or linted.text != doc.source:
            linted = lint(uri)
        return linted

    # ------------------------------------------------------------------ protocol values

    SEVERITIES = {
        Severity.ERROR: types.DiagnosticSeverity.Error,
        Severity.WARNING: types.DiagnosticSeverity.Warning,
        Severity.SUGGESTION: types.DiagnosticSeverity.Information,
    }

    def span(units: CodeUnits, start: int, end: int) -> Any:
        (l0, c0), (l1, c1) = units.position(start), units.position(end)
        return types.Range(types.Position(l0, c0), types.Position(l1, c1))

    def diagnostic(f: Finding, units: CodeUnits) -> Any:
        return types.Diagnostic(
            range=span(units, f.offset, f.end_offset),
            message=f.message + (f" (suggestion: {', '.join(f.suggestions[:3])})" if f.suggestions and not f.fix
                                 else ""),
            severity=SEVERITIES.get(f.severity, types.DiagnosticSeverity.Warning),
            code=f.rule,
            code_description=types.CodeDescription(href=f.link) if f.link else None,
            source="copylint",
        )

    def overlaps(f: Finding, units: CodeUnits, rng: Any) -> bool:
        start = units.offset(rng.start.line, rng.start.character)
        end = units.offset(rng.end.line, rng.end.character)
        return f.offset <= end and start <= f.end_offset

    def edit_for(uri: str, version: int | None, edits: list[Any]) -> Any:
        caps = server.client_capabilities.workspace
        versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        if versioned:
            ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=ident, edits=edits)])
        return types.WorkspaceEdit(changes={uri: edits})

    def fix_action(uri: str, linted: Linted, f: Finding) -> Any:
        assert f.fix is not None
        edits = [types.TextEdit(range=span(linted.units, e.start, e.end), new_text=e.replacement)
                 for e in f.fix.edits]
        title = f.fix.title or f"Fix {f.rule}"
        return types.CodeAction(
            title=title if f.fix.safe else f"{title} (unsafe: read it first)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(f, linted.units)],
            is_preferred=f.fix.safe,
            edit=edit_for(uri, linted.version, edits),
        )

    def disable_action(uri: str, linted: Linted, f: Finding) -> Any | None:
        if f.scope in NO_DISABLE_SCOPES:
            return None
        line, _ = linted.units.position(f.offset)
        end = linted.units.line_end(line)
        start = linted.units.offset(line, 0)
        m = _DISABLE_LINE_RE.search(linted.text, start, end)
        if m:  # the line already has one: add the rule to it
            ids = [i for i in re.split(r"[\s,]+", m.group("ids").strip()) if i]
            if not ids or f.rule in ids:
                return None
            at, to, text = m.start(), m.end(), f"<!-- copylint-disable-line {' '.join(ids + [f.rule])} -->"
        else:
            at, to, text = end, end, f" <!-- copylint-disable-line {f.rule} -->"
        return types.CodeAction(
            title=f"Disable {f.rule} on this line",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(f, linted.units)],
            edit=edit_for(uri, linted.version, [types.TextEdit(range=span(linted.units, at, to), new_text=text)]),
        )

    # ------------------------------------------------------------------ features

    @server.feature(types.INITIALIZED)
    def initialized(ls: Any, params: Any) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration
        if watch:
            globs = ["**/.copylint.yaml", "**/.copylint.yml", "**/copylint.yaml", "**/pyproject.toml",
                     "**/*.yml", "**/*.yaml", "**/*.txt"]  # configs, packs, vocabularies
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="copylint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Any, params: Any) -> None:
        schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Any, params: Any) -> None:
        schedule(params.text_document.uri, server.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Any, params: Any) -> None:
        relint_all()  # the saved file may be a vocabulary or a config that others read

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Any, params: Any) -> None:
        uri = params.text_document.uri
        handle = server.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        server.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: Any, params: Any) -> None:
        relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(ls: Any, params: Any) -> None:
        relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                   types.CodeActionKind.SourceFixAll + ".copylint"]),
    )
    def code_action(ls: Any, params: Any) -> list[Any]:
        uri = params.text_document.uri
        linted = current(uri)
        if linted is None:
            return []
        only = params.context.only
        actions: list[Any] = []
        if not only or any(str(k).startswith(types.CodeActionKind.QuickFix) for k in only):
            for f in linted.findings:
                if not overlaps(f, linted.units, params.range):
                    continue
                if f.fix is not None:
                    actions.append(fix_action(uri, linted, f))
                disable = disable_action(uri, linted, f)
                if disable is not None:
                    actions.append(disable)
        if (not only or any(str(k).startswith(types.CodeActionKind.SourceFixAll) or str(k) == "source"
                            for k in only)) and any(f.fix and f.fix.safe for f in linted.findings):
            fixed = session.fix_text(linted.text, filename=filename(ls.workspace.get_text_document(uri)),
                                     format=LANGUAGES.get(ls.workspace.get_text_document(uri).language_id or ""))
            if fixed.applied:
                whole = span(linted.units, 0, len(linted.text))
                actions.append(types.CodeAction(
                    title=f"Apply copylint's safe fixes ({fixed.applied})",
                    kind=types.CodeActionKind.SourceFixAll + ".copylint",
                    edit=edit_for(uri, linted.version, [types.TextEdit(range=whole, new_text=fixed.text)]),
                ))
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: Any, params: Any) -> Any | None:
        linted = current(params.text_document.uri)
        if linted is None:
            return None
        at = linted.units.offset(params.position.line, params.position.character)
        here = [f for f in linted.findings if f.offset <= at <= f.end_offset]
        if not here:
            return None
        parts = []
        for f in here:
            parts.append(rule_doc(f, params.text_document.uri))
        value = "\n\n---\n\n".join(parts)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value),
                           range=span(linted.units, here[0].offset, here[0].end_offset))

    def rule_doc(f: Finding, uri: str) -> str:
        doc = server.workspace.get_text_document(uri)
        try:
            catalog = session.config_for(filename(doc)).catalog
            rule = catalog.get(f.rule) or catalog.get(f.rule.split(".", 1)[0] + ".languagetool")
        except Exception:  # a broken config: the message is all there is
            rule = None
        head = f"**{f.rule}** ({f.severity.label}): {f.message}"
        if rule is None:
            return head
        meta = rule.meta
        more = f"\n\n[{meta.link}]({meta.link})" if meta.link else ""
        return f"{head}\n\n*{meta.summary}*\n\n{_demote_headings(meta.doc)}{more}"

    return server


def _demote_headings(doc: str) -> str:
    """The rule doc's `## Headings` one level down, so that a hover stays small."""
    return re.sub(r"(?m)^(#{1,5}) ", lambda m: "#" + m.group(1) + " ", doc)


def serve_stdio(config_path: str | None = None, debounce: float = 0.3) -> None:
    """Run the language server on standard input and output until the editor exits."""
    from .session import Session

    # the protocol owns standard output; anything a library prints must not corrupt it
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    session = Session(config_path, discover=config_path is None)
    server = build_server(session, debounce)
    server.start_io(stdin, stdout)
