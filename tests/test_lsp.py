"""`copylint lsp` end to end: pygls's language client starts the real server over stdio
and plays the editor (open, incremental edits, code actions, hover, watched files, save)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

from copylint.codeunits import CodeUnits
from packhelp import make_project

types = pytest.importorskip("lsprotocol.types", reason="the lsp extra (pygls, lsprotocol) is not installed")
client_module = pytest.importorskip("pygls.lsp.client")

LINKED_RULE = """\
kind: existence
summary: House style names the harbour board in full
message: "Write 'Harbour Board', not '{match}'"
severity: warning
link: https://style.example.org/harbour-board
tokens: [the HB]
doc: {what: Names., why: Style., example: the HB, instead: the Harbour Board}
"""
ARTICLE = (
    "# Flood defences\n\n"
    "🎉 Inspections had become laxed since the flood.\n\n"
    "The town sits in one of the most flood porn areas of the coast, zorblax.\n\n"
    "The HB said the quuxberg was shut.\n"
)


class Editor:
    """A language client that keeps what the server published, per document."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.cwd = cwd
        self.args = args
        self.client = client_module.LanguageClient("copylint-tests", "1")
        self.published: dict[str, list[Any]] = {}  # uri -> every PublishDiagnosticsParams, in order
        self.registrations: list[Any] = []
        self.logs: list[str] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: Any) -> None:
            self.published.setdefault(params.uri, []).append(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: Any) -> None:
            self.registrations.extend(params.registrations)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: Any) -> None:
            self.logs.append(params.message)

    async def start(self, encodings: list[str] | None = None) -> Any:
        await self.client.start_io(sys.executable, "-m", "copylint", "lsp", *self.args, cwd=str(self.cwd))
        caps = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            ),
            general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        )
        result = await self.client.initialize_async(types.InitializeParams(
            capabilities=caps, root_uri=self.cwd.as_uri(), process_id=None))
        self.client.initialized(types.InitializedParams())
        return result

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, path: Path | str, text: str, language: str = "markdown") -> str:
        uri = path.as_uri() if isinstance(path, Path) else path
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        return uri

    def change(self, uri: str, version: int, *edits: tuple[Any, str]) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(range=r, text=t) for r, t in edits]))

    def replace_all(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> list[Any]:
        """The diagnostics published for `uri` (for that version, when given)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            for params in reversed(self.published.get(uri, [])):
                if version is None or params.version == version:
                    return params.diagnostics
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics for {uri} version {version}: {self.published.get(uri)}")


def apply(text: str, edits: list[Any]) -> str:
    units = CodeUnits(text)
    spans = [(units.offset(e.range.start.line, e.range.start.character),
              units.offset(e.range.end.line, e.range.end.character), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def where(text: str, word: str, encoding: str = "utf-16") -> Any:
    units = CodeUnits(text, encoding)
    start = text.index(word)
    (l0, c0), (l1, c1) = units.position(start), units.position(start + len(word))
    return types.Range(types.Position(l0, c0), types.Position(l1, c1))


def by_code(diagnostics: list[Any]) -> dict[str, Any]:
    return {d.code: d for d in diagnostics}


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 240))


def test_diagnostics_edits_code_actions_hover_and_config_changes(tmp_path):
    make_project(tmp_path, config="packs: [./mypack]\nspelling: {accept: [vocab.txt]}\n", linked=LINKED_RULE)
    (tmp_path / "vocab.txt").write_text("", encoding="utf-8")
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")

    async def scenario() -> None:
        editor = Editor(tmp_path, "--debounce", "0.2")
        await editor.start()
        try:
            uri = editor.open(path, ARTICLE)
            found = by_code(await editor.diagnostics(uri, 1))
            laxed = found["typos.false-verb-form"]
            assert laxed.range == where(ARTICLE, "laxed")
            assert laxed.range.start.character == len("🎉 Inspections had become ") + 1  # UTF-16: 🎉 is two units
            assert laxed.source == "copylint"
            assert laxed.severity == types.DiagnosticSeverity.Warning
            assert found["typos.offensive-typo"].severity == types.DiagnosticSeverity.Error
            assert "mypack.word" in found  # the folder's config, with its pack
            linked = found["mypack.linked"]
            assert linked.code_description.href == "https://style.example.org/harbour-board"
            assert laxed.code_description is None  # a rule without a link has none
            unknown = [d for d in await editor.diagnostics(uri, 1) if d.code == "spelling.unknown-word"]
            assert [d.range for d in unknown if d.range == where(ARTICLE, "quuxberg")]

            # three quick edits: one lint, after the last (debounced), and the finding moves
            text = ARTICLE
            line = laxed.range.start.line
            for version, insert in ((2, "Local "), (3, "very "), (4, "old ")):
                at = types.Range(types.Position(line, 3), types.Position(line, 3))
                editor.change(uri, version, (at, insert))
                text = apply(text, [types.TextEdit(range=at, new_text=insert)])
            moved = by_code(await editor.diagnostics(uri, 4))["typos.false-verb-form"]
            assert moved.range == where(text, "laxed")
            assert moved.range.start.character == laxed.range.start.character + len("Local very old ")
            assert {p.version for p in editor.published[uri]} == {1, 4}

            # hover shows the rule's documentation
            hover = await editor.client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri), moved.range.start))
            assert "typos.false-verb-form" in hover.contents.value and "What it does" in hover.contents.value

            # code actions: the rule's fix (unsafe here, titled by the rule) and disabling the rule on the line
            actions = await editor.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), moved.range, types.CodeActionContext(diagnostics=[moved])))
            titles = {a.title: a for a in actions}
            fix = titles["Replace 'laxed' with 'lax' (unsafe: read it first)"]
            assert fix.kind == types.CodeActionKind.QuickFix and not fix.is_preferred
            change = fix.edit.document_changes[0]
            assert change.text_document.version == 4
            assert "become lax since" in apply(text, change.edits)
            disable = titles["Disable typos.false-verb-form on this line"]
            text = apply(text, disable.edit.document_changes[0].edits)
            assert "laxed since the flood. <!-- copylint-disable-line typos.false-verb-form -->" in text
            editor.replace_all(uri, 5, text)
            after = by_code(await editor.diagnostics(uri, 5))
            assert "typos.false-verb-form" not in after and "typos.offensive-typo" in after

            # a safe fix is offered as the preferred action, and all safe fixes at once
            text = text.replace("since the flood.", "since the the flood.")
            editor.replace_all(uri, 6, text)
            doubled = by_code(await editor.diagnostics(uri, 6))["typos.doubled-word"]
            actions = await editor.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), doubled.range, types.CodeActionContext(diagnostics=[doubled])))
            preferred = [a for a in actions if a.is_preferred]
            assert preferred and "since the flood." in apply(text, preferred[0].edit.document_changes[0].edits)
            assert any(a.kind == "source.fixAll.copylint" for a in actions)

            # a vocabulary, then the config, change on disk: the editor says so, and every open
            # document is linted again with what the Session now reads
            assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in editor.registrations)
            loop = asyncio.get_running_loop()

            async def changed_on_disk(path: Path) -> list[Any]:
                before = len(editor.published[uri])
                editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
                    [types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]))
                deadline = loop.time() + 30
                while len(editor.published[uri]) == before and loop.time() < deadline:
                    await asyncio.sleep(0.02)
                return editor.published[uri][-1].diagnostics

            (tmp_path / "vocab.txt").write_text("quuxberg\n", encoding="utf-8")
            now = await changed_on_disk(tmp_path / "vocab.txt")
            assert not any(d.code == "spelling.unknown-word" and d.range == where(text, "quuxberg") for d in now)
            assert "mypack.word" in by_code(now)
            (tmp_path / ".copylint.yaml").write_text("packs: [./mypack]\ndisable: [mypack]\n", encoding="utf-8")
            now = await changed_on_disk(tmp_path / ".copylint.yaml")
            assert "mypack.word" not in by_code(now) and "typos.offensive-typo" in by_code(now)

            # a save lints again too (the saved file may be a vocabulary others read)
            before = len(editor.published[uri])
            editor.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
            deadline = loop.time() + 30
            while len(editor.published[uri]) == before and loop.time() < deadline:
                await asyncio.sleep(0.02)
            assert len(editor.published[uri]) > before

            editor.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
            deadline = loop.time() + 30
            while editor.published[uri][-1].diagnostics and loop.time() < deadline:
                await asyncio.sleep(0.02)
            assert not editor.published[uri][-1].diagnostics
        finally:
            await editor.stop()

    run(scenario())


def test_html_untitled_documents_and_a_broken_config(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / ".copylint.yaml").write_text("rules: [not, a, mapping\n", encoding="utf-8")
    html = "<p>Café 🎉 inspections had become <b>laxed</b>.</p>\n<script>var laxed = 1;</script>\n"

    async def scenario() -> None:
        editor = Editor(tmp_path)  # no --config: each file's config is found from its folder
        started = await editor.start(encodings=["utf-8", "utf-16"])  # as Helix offers them
        assert started.capabilities.position_encoding == "utf-8"
        try:
            broken = editor.open(tmp_path / "desk" / "a.md", "Fine copy.\n")
            (error,) = await editor.diagnostics(broken, 1)
            assert error.severity == types.DiagnosticSeverity.Error and error.code == "copylint.config"
            assert ".copylint.yaml" in error.message
            # an untitled HTML buffer: the config of the workspace folder (none here) applies
            uri = editor.open("untitled:Untitled-1", html, language="html")
            found = await editor.diagnostics(uri, 1)
            assert [d.code for d in found] == ["typos.false-verb-form"]  # the script is not prose
            assert found[0].range == where(html, "laxed", "utf-8")  # counted in UTF-8 bytes, as agreed
            assert found[0].range.start.character == len("<p>Café 🎉 inspections had become <b>".encode())
            # a language copylint does not read gets nothing
            editor.open(tmp_path / "x.py", "laxed = 1\n", language="python")
            await asyncio.sleep(0.3)
            assert (tmp_path / "x.py").as_uri() not in editor.published
        finally:
            await editor.stop()

    run(scenario())
