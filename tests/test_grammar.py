"""The grammar pack end to end: the real language-tool-python client against tests/lt_server.py.

The stand-in speaks LanguageTool's wire protocol (GET /v2/languages, POST /v2/check, UTF-16
offsets); the CLI runs as a real process where a test is end to end.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
import yaml

from conftest import run_cli, shared_path
from lt_server import LTServer

from copylint.checks.grammar import NO_SERVER, _source
from copylint.checks.grammar_client import PUBLIC_API, read_matches, utf16_converter
from copylint.document import Document
from copylint.findings import Severity
from copylint.linter import Notices, RunOptions, lint_path
from copylint.rule import Hit, RuleMeta, make_doc

AGREEMENT = "Local officials have already stepped up its efforts at the border."


# ---------------------------------------------------------------- helpers


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def lint(folder: Path, text: str, grammar: dict | None, name: str = "story.txt", **extra):
    """Lint one file in-process with its own config file; returns (findings, notices)."""
    if grammar is not None and "cache_dir" not in grammar:
        # the config file's name is not one discovery knows, so the grammar cache would be the
        # user's ~/.cache/copylint, shared by every run: an answer kept there for a server that
        # had the same port in an earlier run would stand in for this server's
        grammar = {**grammar, "cache_dir": ".grammar-cache"}
    config = {"grammar": grammar} if grammar is not None else {}
    config.update(extra)
    cfg = folder / f"copylint-{len(list(folder.glob('copylint-*.yaml')))}.yaml"
    cfg.write_text(yaml.safe_dump(config), encoding="utf-8")
    path = write(folder, name, text)
    result, notices = lint_path(str(path), RunOptions(config_path=str(cfg), cwd=str(folder)))
    assert result.error is None, result.error
    return list(result.findings), notices


def grammar_findings(findings):
    return [f for f in findings if f.rule.startswith("grammar.")]


def cli_json(*args, cwd, env=None):
    proc = run_cli(*args, "--format", "json", cwd=cwd, env={"XDG_CACHE_HOME": str(cwd), **(env or {})})
    data = json.loads(proc.stdout) if proc.stdout.strip() else {"findings": []}
    return proc, data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    with LTServer() as s:
        yield s


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize("text", [
    "plain ascii text",
    "😀 one emoji",
    "a 😀😀 b 𝔘𝔫𝔦 c 🇬🇧 d",
    "é ü 中文 𠀋 end",
])
def test_utf16_offsets_convert_to_code_points(text):
    to_index = utf16_converter(text)
    for i in range(len(text) + 1):
        u = len(text[:i].encode("utf-16-le")) // 2
        assert to_index(u) == i


def test_read_matches_converts_start_and_length():
    text = "🎉 x 👍 the the end"
    start = text.index("the the")
    u = len(text[:start].encode("utf-16-le")) // 2
    answer = {"matches": [{"offset": u, "length": 7, "message": "Repeated  <suggestion>word</suggestion>.",
                           "replacements": [{"value": "the"}],
                           "rule": {"id": "R", "issueType": "duplication", "category": {"id": "MISC"}}}]}
    (m,) = read_matches(text, answer)
    assert text[m.start : m.end] == "the the"
    assert m.message == "Repeated “word”." and m.replacements == ("the",)


def test_emoji_inside_the_match_keeps_its_length():
    text = "ok 🙂 the 🙂 the"
    answer = {"matches": [{"offset": 3, "length": len("🙂 the 🙂".encode("utf-16-le")) // 2, "message": "m",
                           "replacements": [], "rule": {"id": "R", "issueType": "x", "category": {"id": "C"}}}]}
    (m,) = read_matches(text, answer)
    assert text[m.start : m.end] == "🙂 the 🙂"


# ---------------------------------------------------------------- positions through the pipeline


def test_markdown_front_matter_links_and_code_map_to_exact_positions(tmp_path, server):
    text = (
        "---\ntitle: A apple a day\ndescription: Fine words.\n---\n\n"
        "# Budget\n\n"
        "Read [the report](https://example.com/report) and run `make all`.\n"
        "Later, officials have stepped up its work on the the plan.\n"
    )
    findings, _ = lint(tmp_path, text, {"server": server.url}, name="story.md")
    got = {(f.rule, f.start.line, f.start.column, f.end.column, f.match) for f in grammar_findings(findings)}
    line9 = text.splitlines()[8]
    its = line9.index("its work") + 1
    assert got == {
        ("grammar.EN_A_VS_AN", 2, 8, 9, "A"),
        ("grammar.IT_THEIR_PLURAL_ANTECEDENT", 9, its, its + 8, "its work"),
    }
    sent = server.texts[-1]
    assert "\ue000" not in sent and "https://" not in sent and "make all" not in sent
    assert "A apple" in sent and "Read the report and run X." in sent


def test_astral_characters_before_the_error(tmp_path, server):
    line = "🇺🇦 🎉 Crowds 𝐜𝐡𝐞𝐞𝐫𝐞𝐝: " + AGREEMENT
    findings, _ = lint(tmp_path, "Title\n\n" + line + "\n", {"server": server.url})
    (f,) = grammar_findings(findings)
    assert (f.start.line, f.start.column) == (3, line.index("its efforts") + 1)
    assert f.match == "its efforts" and f.end.column == f.start.column + len("its efforts")
    assert f.suggestions == ("their efforts",)


def test_match_beside_code_or_url_is_dropped(tmp_path, server):
    findings, _ = lint(tmp_path, "Run a `brew` update. It was a error.\n", {"server": server.url}, name="s.md")
    assert "Run a X update." in server.texts[-1]  # the server did flag "a X"...
    assert [(f.match, f.start.column) for f in grammar_findings(findings)] == [("a", 29)]  # ...we kept only this


# ---------------------------------------------------------------- severity, dedupe, settings


def test_news_profile_sets_the_default_levels(tmp_path, server):
    text = AGREEMENT + " It was a error. And the the end.\n"
    findings, _ = lint(tmp_path, text, {"server": server.url})
    levels = {f.rule: f.severity for f in grammar_findings(findings)}
    assert levels == {  # rules/grammar/data/news.yml; the doubled word is typos.doubled-word's
        "grammar.IT_THEIR_PLURAL_ANTECEDENT": Severity.SUGGESTION,  # not in the profile: its default
        "grammar.EN_A_VS_AN": Severity.WARNING,  # measured right on news copy
    }
    plain, _ = lint(tmp_path, text, {"server": server.url, "profile": "none"})
    assert {f.severity for f in grammar_findings(plain)} == {Severity.SUGGESTION}
    raised, _ = lint(tmp_path, text, {"server": server.url, "issue_severity": {"Grammar": "warning"},
                                      "keep_typos": True, "profile": "none"})
    assert {f.rule: f.severity for f in grammar_findings(raised)} == {
        "grammar.IT_THEIR_PLURAL_ANTECEDENT": Severity.WARNING,  # issue type grammar
        "grammar.EN_A_VS_AN": Severity.SUGGESTION,  # issue type misspelling: unmapped
    }  # ENGLISH_WORD_REPEAT_RULE kept, then yields to typos.doubled-word on the same words


def test_a_newsroom_profile_file(tmp_path, server):
    write(tmp_path, "house.yml", "default: off\nrules:\n  IT_THEIR_PLURAL_ANTECEDENT: error\n")
    findings, _ = lint(tmp_path, AGREEMENT + " It was a error.\n", {"server": server.url, "profile": "house.yml"})
    assert {f.rule: f.severity for f in grammar_findings(findings)} == {
        "grammar.IT_THEIR_PLURAL_ANTECEDENT": Severity.ERROR}
    # a bad profile is a config error at its line, found when the config is loaded (not a
    # grammar pack that quietly stops reporting)
    write(tmp_path, "bad.yml", "default: suggestion\nrules:\n  X: loud\n")
    with pytest.raises(AssertionError, match=r"config error: .*bad\.yml:2: rules:"):
        lint(tmp_path, "Text.\n", {"server": server.url, "profile": "bad.yml"})


def test_a_languagetool_finding_yields_to_copylint_on_the_same_words(tmp_path, server):
    """Both report "goverment": the spelling pack's finding is shown, LanguageTool's is not."""
    text = "The goverment will recieve it.\n"
    both, _ = lint(tmp_path, text, {"server": server.url, "keep_typos": True})
    assert {f.rule for f in both if f.match in ("goverment", "recieve")} == {"spelling.unknown-word"} or \
        not grammar_findings(both)
    alone, _ = lint(tmp_path, text, {"server": server.url, "keep_typos": True}, disable=["spelling"])
    assert {(f.rule, f.match) for f in grammar_findings(alone)} == {
        ("grammar.MORFOLOGIK_RULE_EN_US", "goverment"), ("grammar.MORFOLOGIK_RULE_EN_US", "recieve")}


def test_a_currency_sign_after_a_or_an_is_left_alone(tmp_path):
    from copylint.checks.grammar import _misread

    prose = "accused of an $11bn fraud and an £5m gap, a excellent chance"
    assert _misread("EN_A_VS_AN", prose, prose.index("an $") + 2)
    assert _misread("EN_A_VS_AN", prose, prose.index("an £") + 2)
    assert not _misread("EN_A_VS_AN", prose, prose.index("a excellent") + 1)
    assert not _misread("OTHER_RULE", prose, prose.index("an $") + 2)


def test_severity_by_rule_then_category_then_issue_type(tmp_path, server):
    text = AGREEMENT + " It was a error. And the the end.\n"
    grammar = {
        "server": server.url,
        "rule_severity": {"en_a_vs_an": "error"},  # rule beats its category (MISC)
        "category_severity": {"MISC": "off", "GRAMMAR": "suggestion"},
        "issue_severity": {"grammar": "error"},  # the category comes first
    }
    findings, _ = lint(tmp_path, text, grammar)
    levels = {f.rule: f.severity for f in grammar_findings(findings)}
    assert levels == {"grammar.EN_A_VS_AN": Severity.ERROR, "grammar.IT_THEIR_PLURAL_ANTECEDENT": Severity.SUGGESTION}


def test_quoted_speech_is_one_level_lower(tmp_path, server):
    findings, _ = lint(tmp_path, f'He said: "{AGREEMENT}"\n', {"server": server.url,
                                                                  "issue_severity": {"grammar": "warning"}})
    (f,) = grammar_findings(findings)
    assert f.severity == Severity.SUGGESTION


def test_spelling_matches_are_left_to_the_spelling_pack(tmp_path, server):
    text = "The goverment will recieve it.\n"
    findings, _ = lint(tmp_path, text, {"server": server.url}, disable=["spelling"])
    assert grammar_findings(findings) == []  # dropped before they are findings, even with no spelling pack


def test_language_picky_and_rule_settings_reach_the_server(tmp_path, server):
    grammar = {
        "server": server.url, "language": "en-GB", "picky": True, "keep_typos": True,
        "disabled_rules": ["EN_A_VS_AN"], "disabled_categories": ["CASING"], "enabled_rules": ["X_RULE"],
        "profile": "none",  # the news profile has STYLE off
    }
    findings, _ = lint(tmp_path, "In order to win, it took a effort and the colour changed.\n", grammar)
    params = server.params[-1]
    assert params["language"] == "en-GB" and params["level"] == "picky"
    assert params["disabledRules"] == "EN_A_VS_AN" and params["disabledCategories"] == "CASING"
    assert params["enabledRules"] == "X_RULE"
    assert {f.rule for f in findings} == {"grammar.IN_ORDER_TO_PREMIUM"}  # picky rule on; en-GB knows colour


def test_unsupported_language_skips_with_a_reason(tmp_path, server):
    findings, notices = lint(tmp_path, AGREEMENT + "\n", {"server": server.url, "language": "xx-YY"})
    assert grammar_findings(findings) == []
    assert "unsupported language" in notices.unavailable_rules["grammar.languagetool"]


def test_bad_settings_are_config_errors(tmp_path):
    write(tmp_path, ".copylint.yaml", "grammar:\n  server: http://127.0.0.1:1\n  rule_severity: {EN_A_VS_AN: loud}\n")
    write(tmp_path, "a.txt", "Text.\n")
    proc = run_cli("a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and b"rule_severity" in proc.stderr
    write(tmp_path, ".copylint.yaml", "grammar:\n  keep_alive: sometimes\n")
    proc = run_cli("a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and b"true, false or auto" in proc.stderr


def test_where_languagetool_comes_from():
    base = {"server": "", "local": False}
    assert _source(base) == (None, NO_SERVER)
    assert _source({**base, "server": "public"})[0].url == PUBLIC_API  # only when named
    assert _source({**base, "server": "http://lt.internal:8081"})[0].kind == "server"
    assert _source({**base, "local": True})[0].kind == "local"
    os.environ.pop("COPYLINT_TEST_UNSET_VAR", None)
    source, why = _source({**base, "server": "${COPYLINT_TEST_UNSET_VAR}"})
    assert source is None and "COPYLINT_TEST_UNSET_VAR" in why


# ---------------------------------------------------------------- sub-ids in the engine


class _SubIdRule:
    """A minimal rule reporting sub-ids, to check the engine independently of LanguageTool."""

    meta = RuleMeta(id="grammar.probe", summary="probe", severity=Severity.WARNING,
                    doc=make_doc("w", "w", "e", "i"), sub_ids=True)

    def check(self, doc, ctx):
        yield Hit(0, 3, "sub", rule="grammar.ONE")
        yield Hit(4, 7, "other pack", rule="moderation.sneaky")  # not under its pack: the rule's own id


def test_engine_reports_sub_ids_only_under_the_rules_pack(tmp_path):
    from copylint.config import Config, Selected
    from copylint.formats import read_document
    from copylint.linter import lint_document
    from copylint.registry import load_catalog
    import datetime as dt

    doc: Document = read_document("x.txt", "one two three\n", "text", ())
    sel = Selected(_SubIdRule(), Severity.WARNING, False, {})
    run = lambda select=None, ignore=(): [f.rule for f in lint_document(  # noqa: E731
        doc, [sel], load_catalog(), Notices(), dt.date(2020, 1, 1), Config(), select, ignore)]
    assert run() == ["grammar.ONE", "grammar.probe"]
    assert run(select=("grammar.ONE",)) == ["grammar.ONE", "grammar.probe"]  # the rule's own id passes
    assert run(select=("grammar.TWO",)) == ["grammar.probe"]
    assert run(ignore=("grammar.ONE",)) == ["grammar.probe"]


def test_select_ignore_and_directives_apply_to_languagetool_ids(tmp_path, server):
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n")
    text = AGREEMENT + " It was a error.\n"
    write(tmp_path, "a.txt", text)
    _, data = cli_json("a.txt", "--select", "grammar.EN_A_VS_AN", cwd=tmp_path)
    assert [f["rule"] for f in data["findings"]] == ["grammar.EN_A_VS_AN"]
    _, data = cli_json("a.txt", "--select", "grammar", "--ignore", "grammar.EN_A_VS_AN", cwd=tmp_path)
    assert [f["rule"] for f in data["findings"]] == ["grammar.IT_THEIR_PLURAL_ANTECEDENT"]
    write(tmp_path, "b.md", "<!-- copylint-disable-next-line grammar.IT_THEIR_PLURAL_ANTECEDENT -->\n" + text)
    _, data = cli_json("b.md", cwd=tmp_path)
    rules = [f["rule"] for f in data["findings"]]
    assert "grammar.EN_A_VS_AN" in rules and "grammar.IT_THEIR_PLURAL_ANTECEDENT" not in rules
    assert "copylint.directive" not in rules  # a LanguageTool id is a known name
    write(tmp_path, "c.md", "<!-- copylint-disable-next-line grammer.EN_A_VS_AN -->\nText.\n")
    _, data = cli_json("c.md", cwd=tmp_path)
    assert [f["rule"] for f in data["findings"]] == ["copylint.directive"]  # a misspelt pack still is not


def test_config_sets_languagetool_ids_like_any_rule(tmp_path, server):
    text = AGREEMENT + " It was a error.\n"
    write(tmp_path, "a.txt", text)
    (tmp_path / "opinion").mkdir()
    write(tmp_path, "opinion/b.txt", text)
    write(tmp_path, ".copylint.yaml", f"""grammar:
  server: {server.url}
rules:
  grammar.EN_A_VS_AN: error
overrides:
  - files: ["opinion/**"]
    disable: [grammar.IT_THEIR_PLURAL_ANTECEDENT]
""")
    _, data = cli_json("a.txt", "opinion/b.txt", cwd=tmp_path)
    seen = {(f["path"].replace("\\", "/"), f["rule"], f["severity"]) for f in data["findings"]}
    assert ("a.txt", "grammar.EN_A_VS_AN", "error") in seen
    assert ("opinion/b.txt", "grammar.EN_A_VS_AN", "error") in seen
    assert any(p == "a.txt" and r == "grammar.IT_THEIR_PLURAL_ANTECEDENT" for p, r, _ in seen)
    assert not any(p == "opinion/b.txt" and r == "grammar.IT_THEIR_PLURAL_ANTECEDENT" for p, r, _ in seen)
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\nrules:\n  grammer.EN_A_VS_AN: off\n")
    proc = run_cli("a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and b".copylint.yaml:4" in proc.stderr and b"grammer.EN_A_VS_AN" in proc.stderr


# ---------------------------------------------------------------- cache and concurrency


def test_second_run_is_served_from_the_cache(tmp_path, server):
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n")
    for i in range(5):
        write(tmp_path, f"s{i}.txt", f"Story {i}. " + AGREEMENT + "\n")
    first, data1 = cli_json(".", "-j", "2", cwd=tmp_path)
    assert server.checks == 5
    second, data2 = cli_json(".", "-j", "2", cwd=tmp_path)
    assert server.checks == 5, "unchanged articles must not be sent again"
    assert data1 == data2 and len(data1["findings"]) == 5 and first.returncode == second.returncode == 0  # suggestions
    assert list((tmp_path / ".copylint_cache" / "grammar").rglob("*.json"))
    write(tmp_path, "s0.txt", "Story 0 changed. " + AGREEMENT + "\n")
    cli_json(".", cwd=tmp_path)
    assert server.checks == 6  # only the changed article
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  picky: true\n")
    cli_json("s1.txt", cwd=tmp_path)
    assert server.checks == 7  # other settings, other answers
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  cache: false\n")
    cli_json("s1.txt", "--no-cache", cwd=tmp_path)  # the grammar cache alone, not copylint's result cache
    cli_json("s1.txt", "--no-cache", cwd=tmp_path)
    assert server.checks == 9


def test_damaged_cache_entry_is_asked_again(tmp_path, server):
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n")
    write(tmp_path, "a.txt", AGREEMENT + "\n")
    _, first = cli_json("a.txt", cwd=tmp_path)
    (entry,) = (tmp_path / ".copylint_cache" / "grammar").rglob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    _, again = cli_json("a.txt", cwd=tmp_path)
    assert server.checks == 2 and again == first
    (tmp_path / "blocked").write_text("a file where the cache folder would go", encoding="utf-8")
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  cache_dir: blocked\n")
    proc, blocked = cli_json("a.txt", cwd=tmp_path)
    assert blocked == first and proc.returncode == 0 and b"Traceback" not in proc.stderr  # no cache, no harm


def test_configured_cache_dir_is_relative_to_the_config(tmp_path, server):
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  cache_dir: build/lt\n")
    write(tmp_path, "a.txt", AGREEMENT + "\n")
    cli_json("a.txt", cwd=tmp_path)
    assert list((tmp_path / "build" / "lt").rglob("*.json"))


def test_one_connection_per_run(tmp_path, server):
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  keep_alive: true\n")
    for i in range(6):
        write(tmp_path, f"s{i}.txt", f"Story {i}. " + AGREEMENT + "\n")
    cli_json(".", "-j", "1", cwd=tmp_path)
    assert server.checks == 6
    assert server.connections <= 2  # the client's language query, then one kept-alive connection
    for setting in ("false", "auto"):  # auto: kept alive only for https (see docs/grammar.md)
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  keep_alive: {setting}\n  cache: false\n")
        before, checks = server.connections, server.checks
        cli_json(".", "-j", "1", cwd=tmp_path)
        assert server.checks - checks == 6 and server.connections - before == 7  # languages + one per request


@pytest.mark.parametrize("mode,keep_alive", [("ok", False), ("ok", True), ("drop", True)])
def test_many_requests_never_trip_over_closed_connections(mode, keep_alive):
    from copylint.checks.grammar_client import Connection, Request, Settings, Source

    with LTServer(mode=mode) as lt:
        conn = Connection(Settings(Source("server", lt.url), "en-US", 5.0, keep_alive))
        assert conn.connect(), conn.error
        for i in range(300):
            (m,) = conn.check(f"{i}. It was a error.", Request())
            assert m.rule == "EN_A_VS_AN"
        assert lt.checks >= 300


def test_one_request_per_document(tmp_path, server):
    text = "\n\n".join(f"Paragraph {i}. " + AGREEMENT for i in range(30)) + "\n"
    findings, _ = lint(tmp_path, text, {"server": server.url, "cache": False})
    assert server.checks == 1 and len(grammar_findings(findings)) == 30


# ---------------------------------------------------------------- when LanguageTool is not there


def _other_findings(data):
    return [(f["rule"], f["line"], f["column"]) for f in data["findings"] if not f["rule"].startswith("grammar.")]


def test_no_server_configured_says_so_once(tmp_path):
    for i in range(3):
        write(tmp_path, f"s{i}.md", "Lorem ipsum dolor sit amet.\n")
    proc, data = cli_json(".", cwd=tmp_path)
    err = proc.stderr.decode()
    assert err.count("grammar checks skipped: " + NO_SERVER) == 1
    assert proc.returncode == 1 and _other_findings(data)  # placeholders still found
    assert "Traceback" not in err


def test_server_down_keeps_other_findings_and_exit_code(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    write(tmp_path, "a.md", "Lorem ipsum dolor sit amet. " + AGREEMENT + "\n")
    proc, data = cli_json("a.md", "--languagetool-server", url, cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and _other_findings(data) and not [f for f in data["findings"] if "grammar" in f["rule"]]
    assert err.count("grammar checks skipped") == 1 and "cannot connect" in err and url in err
    assert "Traceback" not in err
    required = run_cli("a.md", "--languagetool-server", url, "--require", "grammar", cwd=tmp_path)
    assert required.returncode == 2


def test_require_grammar_without_a_server(tmp_path):
    write(tmp_path, "a.txt", "Clean copy.\n")
    assert run_cli("a.txt", cwd=tmp_path).returncode == 0
    proc = run_cli("a.txt", "--require", "grammar", "-q", cwd=tmp_path)
    assert proc.returncode == 2 and b"grammar checks skipped" in proc.stderr
    write(tmp_path, ".copylint.yaml", "require: [grammar]\n")
    assert run_cli("a.txt", cwd=tmp_path).returncode == 2


def test_require_grammar_is_met_with_a_server(tmp_path, server):
    write(tmp_path, "a.txt", "Clean copy.\n")
    proc = run_cli("a.txt", "--languagetool-server", server.url, "--require", "grammar", cwd=tmp_path,
                   env={"XDG_CACHE_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"skipped" not in proc.stderr


def test_server_errors_are_reported_per_file(tmp_path):
    with LTServer(mode="error") as broken:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {broken.url}\n")
        write(tmp_path, "a.md", "Lorem ipsum dolor sit amet.\n")
        write(tmp_path, "b.md", "Clean copy.\n")
        proc, data = cli_json("a.md", "b.md", "-j", "1", cwd=tmp_path)
    err = proc.stderr.decode()
    assert "a.md: grammar not checked" in err and "b.md: grammar not checked" in err
    assert "Internal Error" in err and "Traceback" not in err
    assert proc.returncode == 1 and _other_findings(data)  # the placeholder's exit code is kept
    assert broken.checks == 2
    with LTServer(mode="error") as broken:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {broken.url}\n")
        required = run_cli("b.md", "--require", "grammar", cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert required.returncode == 2 and b"b.md: grammar not checked" in required.stderr


def test_slow_server_times_out_and_stops_being_asked(tmp_path):
    with LTServer(mode="slow", delay=3) as slow:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {slow.url}\n  timeout: 0.5\n")
        for i in range(5):
            write(tmp_path, f"s{i}.txt", f"Story {i}.\n")
        proc, data = cli_json(".", "-j", "1", cwd=tmp_path)
        asked = slow.checks
    err = proc.stderr.decode()
    assert err.count("grammar not checked") == 5 and "no answer within 0.5s" in err
    assert asked == 3  # after 3 failures in a row the run stops asking
    assert proc.returncode == 0 and "Traceback" not in err  # as when no server is there: unless required
    assert data["findings"] == []


def test_local_languagetool_is_never_downloaded(tmp_path):
    write(tmp_path, ".copylint.yaml", "grammar:\n  local: true\n")
    write(tmp_path, "a.txt", "Clean copy.\n")
    empty = tmp_path / "ltp"
    empty.mkdir()
    proc = run_cli("a.txt", cwd=tmp_path, env={"LTP_PATH": str(empty)})
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "grammar checks skipped: no LanguageTool in" in err
    assert not any(empty.iterdir())
    nojava = run_cli("a.txt", "--require", "grammar", cwd=tmp_path, env={"PATH": str(tmp_path / "nothing")})
    assert nojava.returncode == 2 and b"no Java on PATH" in nojava.stderr


# ---------------------------------------------------------------- the seed article


def test_seed_article_grammar_finding_and_skip(tmp_path, server):
    seed = shared_path("examples", "seed-article.txt")
    line17 = seed.read_text(encoding="utf-8").splitlines()[16]
    col = line17.index("its efforts") + 1
    args = (str(seed), "--as-of", "2017-01-20")
    with_lt, data_lt = cli_json(*args, "--languagetool-server", server.url, cwd=tmp_path)
    found = [f for f in data_lt["findings"] if f["rule"].startswith("grammar.")]
    assert [(f["line"], f["column"], f["match"]) for f in found] == [(17, col, "its efforts")]
    assert "their efforts" in found[0]["suggestions"]
    without, data = cli_json(*args, cwd=tmp_path)
    assert "grammar checks skipped: " + NO_SERVER in without.stderr.decode()
    assert _other_findings(data) == _other_findings(data_lt)
    assert without.returncode == with_lt.returncode


# ---------------------------------------------------------------- a local LanguageTool


STUB_SERVER_JAVA = r"""
package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Stands in for LanguageTool's server class in a jar where language-tool-python looks for one. */
public class HTTPServer {
    public static void main(String[] args) throws Exception {
        int port = 8081;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("-p") || args[i].equals("--port")) port = Integer.parseInt(args[i + 1]);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v2/healthcheck", ex -> send(ex, "OK"));
        server.createContext("/v2/languages", ex -> send(ex, "[{\"name\":\"English (US)\",\"code\":\"en\",\"longCode\":\"en-US\"}]"));
        server.createContext("/v2/check", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String text = "";
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("text")) {
                    text = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            int at = text.indexOf("its efforts");  // a Java string index: UTF-16 units, as LanguageTool counts
            String match = at < 0 ? "" : "{\"message\":\"Local: did you mean their efforts?\","
                + "\"replacements\":[{\"value\":\"their efforts\"}],\"offset\":" + at + ",\"length\":11,"
                + "\"context\":{\"text\":\"\",\"offset\":0,\"length\":11},\"rule\":{\"id\":\"LOCAL_AGREEMENT\","
                + "\"issueType\":\"grammar\",\"category\":{\"id\":\"GRAMMAR\",\"name\":\"Grammar\"}}}";
            send(ex, "{\"matches\":[" + match + "]}");
        });
        server.start();
    }

    static void send(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
"""


def test_local_languagetool_started_by_language_tool_python(tmp_path):
    """`local: true` with an install in LTP_PATH: the client starts it with Java; nothing is downloaded."""
    import shutil
    import subprocess

    if not (shutil.which("javac") and shutil.which("jar") and shutil.which("java")):
        pytest.skip("needs a JDK (javac, jar, java) to build the stand-in LanguageTool jar")
    src = tmp_path / "src" / "org" / "languagetool" / "server"
    src.mkdir(parents=True)
    (src / "HTTPServer.java").write_text(STUB_SERVER_JAVA, encoding="utf-8")
    install = tmp_path / "ltp" / "LanguageTool-6.8"
    install.mkdir(parents=True)
    subprocess.run(["javac", "-d", str(tmp_path / "classes"), str(src / "HTTPServer.java")], check=True)
    subprocess.run(["jar", "cf", str(install / "languagetool-server.jar"), "-C", str(tmp_path / "classes"), "."],
                   check=True)
    write(tmp_path, ".copylint.yaml", "grammar:\n  local: true\n")
    line = "😀 Officials have already stepped up its efforts."
    write(tmp_path, "a.txt", line + "\n")
    dead = "http://127.0.0.1:9/"  # a download would fail at once instead of reaching the internet
    env = {"LTP_PATH": str(tmp_path / "ltp"), "LTP_DOWNLOAD_HOST_NEW_RELEASES": dead,
           "LTP_DOWNLOAD_HOST_RELEASE": dead, "LTP_DOWNLOAD_HOST_SNAPSHOT": dead, "LTP_DOWNLOAD_HOST_ARCHIVE": dead}
    proc, data = cli_json("a.txt", "--require", "grammar", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr.decode()  # required, ran, found a suggestion
    (f,) = data["findings"]
    assert (f["rule"], f["line"], f["column"], f["match"]) == (
        "grammar.LOCAL_AGREEMENT", 1, line.index("its efforts") + 1, "its efforts")
    assert sorted(p.name for p in (tmp_path / "ltp").iterdir()) == ["LanguageTool-6.8"]  # nothing fetched
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and _cmdline_has(pid, str(install))]
    assert left == [], "the local LanguageTool outlived the run"


def _cmdline_has(pid: str, needle: str) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return needle.encode() in fh.read()
    except OSError:
        return False


# ---------------------------------------------------------------- hostile servers and configs (issue 13)


def test_a_trickling_server_is_cut_off_at_the_timeout(tmp_path):
    """timeout is one request's whole budget: a byte a second never resets it."""
    with LTServer(mode="trickle", delay=1.0) as slow:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {slow.url}\n  timeout: 2\n")
        write(tmp_path, "a.txt", "Clean copy.\n")
        proc, data = cli_json("a.txt", cwd=tmp_path)
        answered = slow.finished  # read before the server is stopped: the answer takes 50 s to trickle out
    err = proc.stderr.decode()
    assert "a.txt: grammar not checked" in err and "no answer within 2s" in err, err
    assert answered == 0 and slow.checks == 1  # we gave up long before the answer was out
    assert proc.returncode == 0 and "Traceback" not in err


@pytest.mark.parametrize("mode", ["huge", "huge-unsized"])
def test_a_huge_answer_is_refused_with_a_message(tmp_path, mode):
    with LTServer(mode=mode) as big:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {big.url}\n  max_answer_mb: 2\n")
        write(tmp_path, "a.txt", "Lorem ipsum dolor sit amet.\n")
        proc, data = cli_json("a.txt", cwd=tmp_path)
        answered = big.finished
    err = proc.stderr.decode()
    assert "a.txt: grammar not checked" in err and "refused: over the 2 MB limit (grammar.max_answer_mb)" in err, err
    if mode == "huge":
        assert "answer of 100 MB refused" in err  # the announced length is enough to refuse it unread
    assert answered == 0 and proc.returncode == 1 and _other_findings(data)  # the placeholder still reported
    assert "Traceback" not in err


def test_http_500_is_reported_as_a_server_error(tmp_path):
    with LTServer(mode="error") as broken:
        write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {broken.url}\n")
        write(tmp_path, "a.txt", "Clean copy.\n")
        proc, _ = cli_json("a.txt", cwd=tmp_path)
    (line,) = [ln for ln in proc.stderr.decode().splitlines() if "grammar not checked" in ln]
    assert "LanguageTool server error: HTTP 500 Internal Server Error: Error: Internal Error" in line
    assert "memory" not in line


def test_a_server_answer_cannot_write_to_the_terminal(tmp_path):
    from copylint.checks.grammar_client import http_error

    message = http_error(500, "Oops\x1b]0;pwned\x07", b"Error:\x1b]52;c;ZXZpbA==\x07 boom\r\nmore")
    assert "\x1b" not in message and "\x07" not in message and "\n" not in message and "\r" not in message
    assert message.startswith("LanguageTool server error: HTTP 500")


@pytest.mark.parametrize("server_value", [
    "http://127.0.0.1:{port}/${{AWS_SECRET_ACCESS_KEY}}/",
    "${{AWS_SECRET_ACCESS_KEY}}",
    "http://127.0.0.1:{port}/$HOME",
    "http://127.0.0.1:{port}/${{COPYLINT_TOKEN}}/",  # even our own prefix, inside a URL
])
def test_config_cannot_send_environment_variables(tmp_path, server_value):
    with LTServer() as lt:
        value = server_value.format(port=lt.port)
        write(tmp_path, ".copylint.yaml", f'grammar:\n  server: "{value}"\n')
        write(tmp_path, "a.txt", "Clean copy.\n")
        env = {"AWS_SECRET_ACCESS_KEY": "hunter2-secret", "COPYLINT_TOKEN": "tok-secret", "HOME": str(tmp_path)}
        proc = run_cli("a.txt", cwd=tmp_path, env=env)
        assert lt.connections == 0 and lt.checks == 0  # nothing was sent anywhere
    err = proc.stderr.decode()
    assert proc.returncode == 2 and ".copylint.yaml:2" in err and "grammar" in err
    assert "hunter2" not in err and "tok-secret" not in err


def test_a_whole_copylint_variable_names_the_server(tmp_path, server):
    write(tmp_path, ".copylint.yaml", "grammar:\n  server: ${LANGUAGETOOL_URL}\n")
    write(tmp_path, "a.txt", AGREEMENT + "\n")
    proc, data = cli_json("a.txt", cwd=tmp_path, env={"LANGUAGETOOL_URL": server.url})
    assert proc.returncode == 0 and grammar_findings_json(data) and server.checks == 1
    unset = run_cli("a.txt", cwd=tmp_path, env={"LANGUAGETOOL_URL": ""})
    assert b"LANGUAGETOOL_URL, which is not set" in unset.stderr


def test_credentials_in_the_url_are_not_printed(tmp_path):
    url = f"http://user:s3cr3t@127.0.0.1:{free_port()}/"
    write(tmp_path, "a.txt", "Clean copy.\n")
    proc = run_cli("a.txt", "--languagetool-server", url, cwd=tmp_path)
    err = proc.stderr.decode()
    assert "grammar checks skipped" in err and "s3cr3t" not in err and "…@127.0.0.1" in err


def test_backoff_then_try_again():
    """After three failures in a row a connection waits (30 s, then 60 s, ...) and then tries again."""
    from copylint.checks.grammar_client import Connection, LTError, Request, Settings, Source

    now = [0.0]
    with LTServer(mode="error") as broken:
        conn = Connection(Settings(Source("server", broken.url), timeout=5.0), clock=lambda: now[0])
        assert conn.connect(), conn.error
        for _ in range(3):
            with pytest.raises(LTError, match="HTTP 500"):
                conn.check("Text.", Request())
        with pytest.raises(LTError, match=r"not sent: 3 requests in a row failed .*trying again in 30s"):
            conn.check("Text.", Request())
        assert broken.checks == 3
        now[0] = 31.0  # the wait is over: one more try
        with pytest.raises(LTError, match="HTTP 500"):
            conn.check("Text.", Request())
        with pytest.raises(LTError, match="trying again in 60s"):
            conn.check("Text.", Request())
        assert broken.checks == 4
    with LTServer() as fixed:  # a server that answers resets the count
        conn.transport.close()
        now[0] = 100.0
        conn2 = Connection(Settings(Source("server", fixed.url)), clock=lambda: now[0])
        assert conn2.connect() and conn2.check("It was a error.", Request()) and conn2.backoff.failures == 0


def test_sessions_own_their_connections(tmp_path):
    """No module state: a connection is one of a session's services; two sessions, two connections."""
    from copylint.session import Session

    with LTServer() as lt:
        config = {"grammar": {"server": lt.url, "cache": False}}
        one, two = Session(config=config, cwd=str(tmp_path)), Session(config=config, cwd=str(tmp_path))
        for session in (one, two, one):
            findings = session.lint_text("It was a error.\n", filename="a.txt")
            assert [f.rule for f in findings] == ["grammar.EN_A_VS_AN"]
        conns = lambda s: [v for k, v in s.services._objects.items() if k[0] == "grammar.languagetool"]  # noqa: E731
        assert len(conns(one)) == 1 and len(conns(two)) == 1 and conns(one)[0] is not conns(two)[0]
        assert lt.checks == 3


def grammar_findings_json(data):
    return [f for f in data["findings"] if f["rule"].startswith("grammar.")]


def test_workers_do_not_share_the_parents_kept_alive_socket(tmp_path, server):
    """The first file is linted before the workers fork: each worker opens its own connection."""
    write(tmp_path, ".copylint.yaml", f"grammar:\n  server: {server.url}\n  keep_alive: true\n  cache: false\n")
    for i in range(12):
        write(tmp_path, f"s{i:02}.txt", f"Story {i}. It was a error.\n")
    proc, data = cli_json(".", "-j", "2", cwd=tmp_path)
    err = proc.stderr.decode()
    assert "grammar not checked" not in err and "Traceback" not in err, err
    assert server.checks == 12 and len(grammar_findings_json(data)) == 12
