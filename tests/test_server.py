"""`copylint serve` as a real process: LanguageTool's protocol through the real
language-tool-python client, copylint's /v1/lint over plain HTTP, errors and limits."""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.parse
from pathlib import Path

import pytest

import copylint
from packhelp import make_project
from serveproc import ServeProcess

ARTICLE = (
    "Updated 8:49 am EDT January 23, 2008\n\n"
    "Like Us on Facebook\n\n"
    "Inspections had become laxed since the flood, and the town sits in a flood porn area. 😀 zorblax\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A newsroom folder whose config adds a pack (`mypack.word` reports 'zorblax')."""
    root = tmp_path_factory.mktemp("newsroom")
    make_project(root, config="packs: [./mypack]\n")
    return root


@pytest.fixture(scope="module")
def served(project):
    with ServeProcess(cwd=project) as server:
        yield server


def request(url: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, headers, body bytes) of one plain HTTP request."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def lint(url: str, payload: dict, headers: dict | None = None):
    status, hdrs, body = request(url, "POST", "/v1/lint", json.dumps(payload).encode(),
                                 {"Content-Type": "application/json", **(headers or {})})
    return status, json.loads(body)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------- LanguageTool's protocol


def test_language_tool_python_gets_the_seed_articles_defects_at_their_offsets(served, project, seed_article):
    language_tool_python = pytest.importorskip("language_tool_python")
    text = seed_article.read_text(encoding="utf-8")
    with language_tool_python.LanguageTool("en-US", remote_server=served.url) as tool:
        matches = tool.check(text)
    got = {(m.rule_id, m.offset, m.error_length) for m in matches}
    # the same findings as the Python API on the same text, read as plain text with the server's config
    expected = copylint.Session(str(project / ".copylint.yaml")).lint_text(text, filename="x.txt", format="text")
    assert got == {(f.rule, f.offset, f.end_offset - f.offset) for f in expected}
    by_rule = {}
    for m in matches:
        by_rule.setdefault(m.rule_id, []).append(text[m.offset:m.offset + m.error_length])
    assert by_rule["stamps.in-body"][0].startswith("Updated 11:29 AM EDT")
    assert "Make CT Your Homepage" in by_rule["boilerplate.signup-prompt"]
    assert "(Photo : Getty Images)" in by_rule["boilerplate.media-credit"]
    assert "Like Us on Facebook" in by_rule["boilerplate.social-widget"]
    assert "Real Time Analytics" in " ".join(sum(by_rule.values(), []))
    assert "laxed" in by_rule["typos.false-verb-form"]
    assert "terrorism porn" in by_rule["typos.offensive-typo"]
    laxed = next(m for m in matches if m.rule_id == "typos.false-verb-form")
    assert laxed.replacements[0] == "lax"
    assert laxed.category == "TYPOS"


def test_offsets_are_utf16_as_the_client_expects(served):
    language_tool_python = pytest.importorskip("language_tool_python")
    text = "🎉🎉 A big day. Inspections had become laxed.\n"
    with language_tool_python.LanguageTool("en-GB", remote_server=served.url) as tool:
        match = next(m for m in tool.check(text) if m.rule_id == "typos.false-verb-form")
    # the client turns LanguageTool's UTF-16 offset into a Python index: right only if ours was UTF-16
    assert text[match.offset:match.offset + match.error_length] == "laxed"
    status, _h, body = request(served.url, "POST", "/v2/check",
                               urllib.parse.urlencode({"text": text, "language": "en-GB"}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    raw = next(m for m in json.loads(body)["matches"] if m["rule"]["id"] == "typos.false-verb-form")
    assert raw["offset"] == utf16(text[:text.index("laxed")]) == text.index("laxed") + 2
    context = raw["context"]["text"].encode("utf-16-le")  # its offset counts UTF-16 units too
    start = raw["context"]["offset"] * 2
    assert context[start:start + raw["context"]["length"] * 2].decode("utf-16-le") == "laxed"


def test_client_rule_choices_reach_copylint(served):
    language_tool_python = pytest.importorskip("language_tool_python")
    with language_tool_python.LanguageTool("en-US", remote_server=served.url) as tool:
        all_rules = {m.rule_id for m in tool.check(ARTICLE)}
        tool.disabled_rules = {"typos.false-verb-form", "boilerplate"}
        tool.disabled_categories = {"STAMPS"}
        fewer = {m.rule_id for m in tool.check(ARTICLE)}
        tool.disabled_rules, tool.disabled_categories = set(), set()
        tool.enabled_rules = {"typos"}
        tool.enabled_rules_only = True
        only = {m.rule_id for m in tool.check(ARTICLE)}
    assert {"typos.false-verb-form", "boilerplate.social-widget", "stamps.in-body", "mypack.word"} <= all_rules
    assert "typos.false-verb-form" not in fewer and "mypack.word" in fewer
    assert not any(r.startswith(("boilerplate.", "stamps.")) for r in fewer)
    assert only and all(r.startswith("typos.") for r in only)


def test_picky_switches_on_the_rules_that_are_off_by_default(served):
    language_tool_python = pytest.importorskip("language_tool_python")
    text = "The damn council met on Tuesday.\n"  # moderation.profanity-maybe is off by default
    with language_tool_python.LanguageTool("en-US", remote_server=served.url) as tool:
        plain = {m.rule_id for m in tool.check(text)}
        tool.picky = True
        picky = {m.rule_id for m in tool.check(text)}
    assert "moderation.profanity-maybe" not in plain and "moderation.profanity-maybe" in picky


def test_other_languages_get_no_english_rules(served):
    status, _h, body = request(served.url, "POST", "/v2/check",
                               urllib.parse.urlencode({"text": ARTICLE, "language": "de-DE"}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert json.loads(body)["matches"] == []


def test_annotated_data_skips_markup_and_keeps_whole_text_offsets(served):
    annotation = [
        {"markup": "<p>"}, {"text": "The inspections had become "}, {"markup": "<b>"}, {"text": "laxed"},
        {"markup": "</b>"}, {"text": "."}, {"markup": "</p>\n<p>", "interpretAs": "\n\n"},
        {"text": "Like Us on Facebook"}, {"markup": "</p>"},
    ]
    whole = "".join(a.get("text", a.get("markup")) for a in annotation)
    form = {"data": json.dumps({"annotation": annotation}), "language": "en-US"}
    status, _h, body = request(served.url, "POST", "/v2/check", urllib.parse.urlencode(form).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    found = {m["rule"]["id"]: whole[m["offset"]:m["offset"] + m["length"]] for m in json.loads(body)["matches"]}
    assert found["typos.false-verb-form"] == "laxed"
    assert found["boilerplate.social-widget"] == "Like Us on Facebook"


def _check(url: str, form: dict) -> dict:
    status, _h, body = request(url, "POST", "/v2/check", urllib.parse.urlencode(form).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    return json.loads(body)


def _units_span(text: str, part: str, after: int = 0) -> list[int]:
    start = text.index(part, after)
    return [utf16(text[:start]), utf16(text[:start + len(part)])]


def test_sentence_ranges_are_start_and_end_in_utf16_as_languagetool_answers(served):
    # language-tool-python does not read sentenceRanges (its Match has no use for them), so
    # this is plain HTTP; test_grammar_real compares them with a real LanguageTool's
    sentences = ["🎉 Dr. Smith met J. R. Jones at 5 p.m. on Monday.", "Was it laxed?", "Yes... and no.",
                 "Updated 8:49 am EDT\nLike Us on Facebook", "See No. 10 (the one.) and more"]
    text = "  " + " ".join(sentences[:3]) + "\n\n" + sentences[3] + "\n\n\n" + sentences[4] + "\n"
    answer = _check(served.url, {"text": text, "language": "en-US"})
    assert answer["sentenceRanges"] == [_units_span(text, s) for s in sentences]
    # a match's sentence is the one its range holds
    laxed = next(m for m in answer["matches"] if m["rule"]["id"] == "typos.false-verb-form")
    assert laxed["sentence"] == "Was it laxed?"
    assert _check(served.url, {"text": "  \n ", "language": "en-US"})["sentenceRanges"] == []
    # other languages get no matches, but still their sentences
    assert _check(served.url, {"text": "Hallo. Welt", "language": "de-DE"})["sentenceRanges"] == [[0, 6], [7, 11]]


def test_sentence_ranges_of_annotated_text_count_the_markup(served):
    annotation = [{"markup": "<p>"}, {"text": "First one. Second"}, {"markup": "</p>", "interpretAs": "\n\n"},
                  {"markup": "<p>"}, {"text": "Third 🎉 here."}, {"markup": "</p>"}]
    whole = "".join(a.get("text", a.get("markup")) for a in annotation)
    answer = _check(served.url, {"data": json.dumps({"annotation": annotation}), "language": "en-US"})
    assert answer["sentenceRanges"] == [_units_span(whole, "First one."), _units_span(whole, "Second"),
                                        _units_span(whole, "Third 🎉 here.")]


def test_languages_and_get_check(served):
    status, _h, body = request(served.url, "GET", "/v2/languages")
    codes = {lang["longCode"] for lang in json.loads(body)}
    assert status == 200 and {"en-US", "en-GB"} <= codes
    query = urllib.parse.urlencode({"text": "It had become laxed.", "language": "en-US"})
    status, _h, body = request(served.url, "GET", "/v2/check?" + query)
    assert status == 200 and json.loads(body)["matches"][0]["rule"]["id"] == "typos.false-verb-form"


# ---------------------------------------------------------------------- /v1/lint


def test_v1_lint_gives_the_json_contract(served, project):
    status, out = lint(served.url, {"text": ARTICLE, "filename": "news/a.md"})
    assert status == 200
    assert out["version"] == 1 and out["files"] == 1 and out["errors"] == []
    session = copylint.Session(str(project / ".copylint.yaml"))
    assert out["findings"] == [{**f.to_dict(), "offset": f.offset, "end_offset": f.end_offset}
                               for f in session.lint_text(ARTICLE, filename="news/a.md")]
    assert {"typos.false-verb-form", "mypack.word"} <= {f["rule"] for f in out["findings"]}


def test_v1_lint_format_fix_and_a_config_that_tunes_rules(served):
    html = "<p>The the inspections had become <b>laxed</b>.</p>\n"
    status, out = lint(served.url, {"text": html, "format": "html", "fix": True})
    assert status == 200
    laxed = next(f for f in out["findings"] if f["rule"] == "typos.false-verb-form")
    assert html[(e := laxed["fix"]["edits"][0])["start_offset"]:e["end_offset"]] == "laxed"
    assert out["fixed"]["text"] == "<p>The inspections had become <b>laxed</b>.</p>\n"  # the safe fix only
    status, out = lint(served.url, {"text": ARTICLE, "config": {"disable": ["typos"], "rules": {
        "stamps.in-body": {"severity": "error"}}}})
    rules = {f["rule"]: f["severity"] for f in out["findings"]}
    assert status == 200 and not any(r.startswith("typos.") for r in rules)
    assert rules["stamps.in-body"] == "error"
    assert "mypack.word" in rules  # the request's config tunes the server's, whose pack still runs


@pytest.mark.parametrize(("config", "says"), [
    ({"packs": ["/etc"]}, "config key 'packs' names files"),
    ({"extends": "/etc/passwd"}, "may only name a preset"),
    ({"spelling": {"accept": ["/etc/passwd"]}}, "'spelling.accept' names a file"),
    ({"rules": {"spelling": {"reject": ["../secret.txt"]}}}, "'rules.spelling.reject' names a file"),
    ({"grammar": {"server": "http://169.254.169.254/"}}, "'grammar.server' names a server"),
    ({"grammar": {"cache_dir": "/tmp/x"}}, "names a folder"),
    ({"grammar": {"profile": "/etc/passwd"}}, "'grammar.profile' names a file"),
    ({"rules": {"boilerplate.site-furniture": {"furniture": ["/etc/hosts"]}}},
     "'rules.boilerplate.site-furniture.furniture' names a file"),
    ({"cache-dir": "/tmp"}, "not allowed in a request"),
    ({"disable": ["nonsense.rule"]}, "nonsense.rule"),
])
def test_a_request_config_cannot_name_files_or_servers(served, config, says):
    status, out = lint(served.url, {"text": "Fine copy.\n", "config": config})
    assert status == 400, out
    assert says in out["error"]["message"]
    assert out["error"]["status"] == 400


def test_a_request_may_choose_a_shipped_grammar_profile(served):
    status, out = lint(served.url, {"text": ARTICLE, "config": {"grammar": {"profile": "none"}}})
    assert status == 200, out


@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "says"), [
    ("GET", "/nope", None, {}, 404, "no such endpoint"),
    ("GET", "/v1/lint", None, {}, 405, "GET is not allowed"),
    ("POST", "/v1/lint", b"{not json", {"Content-Type": "application/json"}, 400, "not JSON"),
    ("POST", "/v1/lint", b"[1]", {"Content-Type": "application/json"}, 400, "JSON object"),
    ("POST", "/v1/lint", b'{"filename": "a.md"}', {"Content-Type": "application/json"}, 400, "'text' is required"),
    ("POST", "/v1/lint", b'{"text": "x", "format": "docx"}', {"Content-Type": "application/json"}, 400,
     "'format' must be one of"),
    ("POST", "/v1/lint", b'{"text": "x", "path": "/etc/passwd"}', {"Content-Type": "application/json"}, 400,
     "unknown field 'path'"),
    ("POST", "/v1/lint", b"text=x", {"Content-Type": "text/plain"}, 415, "send JSON"),
    ("POST", "/v1/lint", b"\xff\xfe", {"Content-Type": "application/json"}, 400, "not UTF-8"),
    ("POST", "/v1/report", b'{"files": []}', {"Content-Type": "application/json"}, 400, "'files' must be a list"),
    ("POST", "/v1/report", b'{"files": [{"text": "x", "filename": "a.md", "path": "a.md"}], "format": "html"}',
     {"Content-Type": "application/json"}, 400, "'format' must be one of"),
    ("POST", "/v2/check", b"text=hello", {"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/json"}, 400, "missing 'language'"),
    ("POST", "/v2/check", b"language=en-US", {"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/json"}, 400, "missing 'text' or 'data'"),
    ("POST", "/v2/check", b"language=en-US&data=%7B%7D", {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Accept": "application/json"}, 400, "'annotation' list"),
])
def test_bad_requests_get_a_clear_json_error(served, method, path, body, headers, status, says):
    got, hdrs, raw = request(served.url, method, path, body, headers)
    assert got == status, raw
    assert hdrs["Content-Type"].startswith("application/json")
    error = json.loads(raw)["error"]
    assert error["status"] == status and says in error["message"]


def test_languagetool_clients_get_languagetools_plain_text_errors(served):
    language_tool_python = pytest.importorskip("language_tool_python")
    status, hdrs, raw = request(served.url, "POST", "/v2/check", b"text=hello",
                                {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and raw.decode().startswith("Error: missing 'language'")
    with language_tool_python.LanguageTool("en-US", remote_server=served.url) as tool:
        tool._language = "not a language"  # what a misconfigured client would send
        with pytest.raises(language_tool_python.exceptions.LanguageToolError, match="not a language code"):
            tool.check("Some text.")


def test_a_body_without_length_or_too_large_is_refused(served):
    parts = urllib.parse.urlsplit(served.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        assert b" 411 " in sock.recv(4096).split(b"\r\n")[0]
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 999999999\r\n\r\n")
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
        assert b" 413 " in answer.split(b"\r\n")[0] and b"request too large" in answer


def test_access_log_has_no_copy(served):
    lint(served.url, {"text": "A secret source named Quuxington had become laxed.\n"})
    entries = served.log()
    mine = [e for e in entries if e.get("path") == "/v1/lint" and e.get("findings")]
    assert mine and {"ts", "remote", "method", "status", "in", "out", "ms"} <= set(mine[-1])
    assert not any("Quuxington" in line for line in served.lines)


def test_health(served):
    status, _h, body = request(served.url, "GET", "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


# ---------------------------------------------------------------------- token, limits, upstream


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server with a token, a small time limit and a LanguageTool upstream that is down."""
    root = tmp_path_factory.mktemp("guarded")
    (root / "token").write_text("s3cret-token\n", encoding="utf-8")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nobody listens on
    port = closed.getsockname()[1]
    closed.close()
    with ServeProcess(cwd=root, args=["--token-file", "token", "--timeout", "0.2", "--max-request-size", "8MB",
                                      "--allow-origin", "https://cms.example.org",
                                      "--languagetool", f"http://127.0.0.1:{port}"]) as server:
        yield server


def test_bearer_token(guarded):
    status, out = lint(guarded.url, {"text": "It had become laxed.\n"})
    assert status == 401 and "bearer token" in out["error"]["message"]
    status, out = lint(guarded.url, {"text": "It had become laxed.\n"}, {"Authorization": "Bearer wrong"})
    assert status == 401
    status, out = lint(guarded.url, {"text": "It had become laxed.\n"}, {"Authorization": "Bearer s3cret-token"})
    assert status == 200 and out["findings"][0]["rule"] == "typos.false-verb-form"
    status, _h, body = request(guarded.url, "GET", "/health")
    assert status == 200 and json.loads(body) == {"status": "ok", "version": copylint.__version__}


def test_an_upstream_that_is_down_leaves_copylints_matches(guarded):
    form = urllib.parse.urlencode({"text": "It had become laxed.", "language": "en-US"}).encode()
    status, _h, body = request(guarded.url, "POST", "/v2/check", form,
                               {"Content-Type": "application/x-www-form-urlencoded",
                                "Authorization": "Bearer s3cret-token"})
    answer = json.loads(body)
    assert status == 200 and answer["warnings"]["incompleteResults"] is True
    assert [m["rule"]["id"] for m in answer["matches"]] == ["typos.false-verb-form"]
    assert any("upstream LanguageTool failed" in e.get("note", "") for e in guarded.log())


def test_only_allowed_web_pages_get_cors_headers(guarded, served):
    ask = {"Origin": "https://cms.example.org", "Access-Control-Request-Method": "POST"}
    status, hdrs, _ = request(guarded.url, "OPTIONS", "/v1/lint", headers=ask)
    assert status == 204 and hdrs["Access-Control-Allow-Origin"] == "https://cms.example.org"
    assert "Authorization" in hdrs["Access-Control-Allow-Headers"]
    status, out = lint(guarded.url, {"text": "It had become laxed.\n"},
                       {"Authorization": "Bearer s3cret-token", "Origin": "https://cms.example.org"})
    assert status == 200
    _s, hdrs, _ = request(guarded.url, "GET", "/health", headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in hdrs
    _s, hdrs, _ = request(served.url, "OPTIONS", "/v1/lint", headers=ask)  # no --allow-origin: none
    assert "Access-Control-Allow-Origin" not in hdrs


def test_a_request_over_its_time_limit_gets_503(guarded):
    # last of the guarded tests: the linting it gave up on goes on a while and holds the linter
    big = ("The council met on Tuesday and agreed the budget for the coming year. " * 14 + "\n\n") * 4000
    status, out = lint(guarded.url, {"text": big}, {"Authorization": "Bearer s3cret-token"})
    assert status == 503 and "took longer than 0.2 s" in out["error"]["message"]


def test_upstream_languagetool_matches_are_merged(tmp_path, languagetool_test_server, seed_article):
    language_tool_python = pytest.importorskip("language_tool_python")
    text = seed_article.read_text(encoding="utf-8")
    with ServeProcess(cwd=tmp_path, args=["--languagetool", languagetool_test_server.url]) as server:
        with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
            tool.disabled_rules = {"EN_A_VS_AN", "typos.doubled-word"}
            matches = tool.check(text)
        sent = languagetool_test_server.params[-1]
        status, out = lint(server.url, {"text": text, "format": "text"})
    rules = {m.rule_id for m in matches}
    agreement = next(m for m in matches if m.rule_id == "IT_THEIR_PLURAL_ANTECEDENT")
    assert text[agreement.offset:agreement.offset + agreement.error_length] == "its efforts"
    assert {"typos.false-verb-form", "boilerplate.social-widget"} <= rules  # copylint's own, beside it
    assert sent["disabledRules"] == "EN_A_VS_AN"  # LanguageTool's ids go upstream; copylint's stay here
    assert not any(r.startswith("grammar.") for r in rules)  # the upstream's answer is the grammar
    # /v1/lint runs the grammar pack against the same server
    assert status == 200 and "grammar.IT_THEIR_PLURAL_ANTECEDENT" in {f["rule"] for f in out["findings"]}


def test_the_readmes_serve_example_works(served):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a service: `copylint serve`", 1)[1].split("\n## ", 1)[0]
    body = re.search(r"-d '(\{.*?\})'", section, re.S).group(1)
    status, out = lint(served.url, json.loads(body))
    assert status == 200 and [f["rule"] for f in out["findings"]] == ["typos.false-verb-form"]


def test_the_editor_settings_in_the_docs_parse():
    import tomllib

    doc = (Path(__file__).resolve().parent.parent / "docs" / "editors.md").read_text(encoding="utf-8")
    vscode = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    assert vscode["glspc.server.command"] == "copylint" and vscode["glspc.server.commandArguments"] == ["lsp"]
    helix = tomllib.loads(re.search(r"```toml\n(.*?)```", doc, re.S).group(1))
    assert helix["language-server"]["copylint"] == {"command": "copylint", "args": ["lsp"]}
    assert all("copylint" in lang["language-servers"] for lang in helix["language"])
    assert 'cmd = { "copylint", "lsp" }' in doc


def test_serve_start_up_errors_are_one_line(tmp_path):
    from conftest import run_cli

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        proc = run_cli("serve", "--port", str(busy.getsockname()[1]), cwd=tmp_path)
    finally:
        busy.close()
    assert proc.returncode == 2 and b"cannot listen on 127.0.0.1" in proc.stderr
    proc = run_cli("serve", "--languagetool", "lt.internal:8081", cwd=tmp_path)
    assert proc.returncode == 2 and b"--languagetool takes a URL" in proc.stderr
    (tmp_path / ".copylint.yaml").write_text("rules: [nope\n", encoding="utf-8")
    proc = run_cli("serve", "--port", "0", cwd=tmp_path)
    assert proc.returncode == 2 and b"config error" in proc.stderr and b"Traceback" not in proc.stderr


def test_concurrency_is_bounded(tmp_path):
    """--concurrency 1: four requests in progress at most (one linting, three queued behind it);
    the next is refused at once (503) instead of piling up. In process, with a real Session held at a gate so that
    the first lint lasts as long as the test needs."""
    import threading

    from copylint.server import ServeSettings, Service, _Unavailable

    gate = threading.Event()

    class HeldSession(copylint.Session):
        def lint_text(self, *args, **kwargs):
            gate.wait(60)
            return super().lint_text(*args, **kwargs)

    service = Service(HeldSession(cwd=str(tmp_path)), ServeSettings(concurrency=1, timeout=60))
    results: list = []

    def one() -> None:
        try:
            results.append(service.lint({"text": "It had become laxed.\n"}, time.monotonic() + 60)["findings"])
        except _Unavailable as exc:
            results.append(str(exc))

    try:
        admitted = [threading.Thread(target=one) for _ in range(4)]
        for t in admitted:
            t.start()
        deadline = time.monotonic() + 30
        while service._waiting._value > 0 and time.monotonic() < deadline:  # all four places taken
            time.sleep(0.01)
        with pytest.raises(_Unavailable, match="busy"):
            service.lint({"text": "One too many.\n"}, time.monotonic() + 60)
        gate.set()
        for t in admitted:
            t.join(60)
        assert len(results) == 4 and all(r and r[0]["rule"] == "typos.false-verb-form" for r in results)
        assert service.lint({"text": "It had become laxed.\n"}, time.monotonic() + 60)["findings"]  # free again
    finally:
        gate.set()
        service.close()
