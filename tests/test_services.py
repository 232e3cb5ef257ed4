"""The session's services own what outlives a document, shipped data included: a long-lived
process (a server, a language server) sees a data file change without a restart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import ROOT

from copylint import Session
from copylint.services import Memo, Services


def _touch_later(path: Path) -> None:
    st = path.stat()  # a later modification time even on a coarse clock
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_files_parses_again_when_any_of_its_files_changes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("1", encoding="utf-8")
    b.write_text("2", encoding="utf-8")
    calls = []

    def parse(paths):
        calls.append(paths)
        return "".join(Path(p).read_text(encoding="utf-8") for p in paths)

    services = Services()
    assert services.files([str(a), str(b)], parse) == "12"
    assert services.files([str(a), str(b)], parse) == "12" and len(calls) == 1
    b.write_text("3", encoding="utf-8")
    _touch_later(b)
    assert services.files([str(a), str(b)], parse) == "13" and len(calls) == 2
    assert Services().files([str(a), str(b)], parse) == "13" and len(calls) == 3  # nothing shared between sessions


def test_memo_is_bounded_and_forgets_the_least_recently_used():
    memo = Memo(2)
    made = []
    for key in ("a", "b", "a", "c", "a", "b"):
        memo.get(key, lambda k=key: made.append(k) or k.upper())
    assert made == ["a", "b", "c", "b"] and len(memo) == 2
    assert Services().memo("x", 3) is not Services().memo("x", 3)


def _copy(folder: Path, names: tuple[str, ...], to: Path) -> Path:
    to.mkdir(parents=True)
    for name in names:
        shutil.copy2(folder / name, to / name)
    return to


def test_a_session_sees_the_moderation_lexicon_change(tmp_path, monkeypatch):
    from copylint.checks import moderation

    data = _copy(ROOT / "rules" / "moderation" / "data", ("cuss-en.json", "profanity-allow.txt", "senses.yml"),
                 tmp_path / "moderation")
    monkeypatch.setattr(moderation, "_data_dir", lambda: str(data))
    session = Session()
    text = "The minister called the protesters wankers.\n"
    assert [f.match for f in session.lint_text(text, filename="a.txt") if f.rule == "moderation.profanity"] == ["wankers"]
    allow = data / "profanity-allow.txt"
    allow.write_text(allow.read_text(encoding="utf-8") + "\nwanker\n", encoding="utf-8")
    _touch_later(allow)
    assert not [f for f in session.lint_text(text, filename="a.txt") if f.rule == "moderation.profanity"]


def test_a_session_sees_the_confusion_sets_change(tmp_path, monkeypatch):
    from copylint.checks import realword

    data = _copy(ROOT / "rules" / "typos" / "data", ("confusion-sets.yml", "bigrams.tsv"), tmp_path / "typos")
    monkeypatch.setattr(realword, "_data", lambda name: str(data / name))
    session = Session()
    text = "They can help there family.\n"
    assert [f.match for f in session.lint_text(text, filename="a.txt") if f.rule == "typos.real-word"] == ["there"]
    sets = data / "confusion-sets.yml"
    sets.write_text(sets.read_text(encoding="utf-8").replace(
        "{name: their-there, words: [their, there], default: true", "{name: their-there, words: [their, there], "
        "default: false"), encoding="utf-8")
    _touch_later(sets)
    assert not [f for f in session.lint_text(text, filename="a.txt") if f.rule == "typos.real-word"]


def test_within_one_lint_call_a_file_is_looked_at_once(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("one", encoding="utf-8")
    services = Services()
    services.begin_call()
    read = lambda p: Path(p).read_text(encoding="utf-8")  # noqa: E731
    assert services.file(str(path), read) == "one"
    path.write_text("two", encoding="utf-8")
    _touch_later(path)
    assert services.file(str(path), read) == "one"  # the same call: not looked at again
    services.begin_call()  # the next call (a Session's next lint_text, a server's next request)
    assert services.file(str(path), read) == "two"
    path.unlink()
    services.begin_call()
    try:
        services.file(str(path), read)
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("a file that went away must not be served from memory")


def test_a_look_at_the_disk_is_made_once_a_lint_call(tmp_path):
    pack = tmp_path / "house"
    (pack / "boilerplate" / "data").mkdir(parents=True)
    extension = pack / "boilerplate" / "data" / "lines.yml"
    services = Services()
    from copylint.rule import RuleContext
    import datetime as dt

    ctx = RuleContext(options={}, as_of=dt.date(2026, 12, 1), config_dir=str(tmp_path), services=services,
                      packs=(str(pack),))
    assert len(ctx.data_files("boilerplate", "lines.yml")) == 1  # outside a call: looked up each time
    extension.write_text("rules: {}\n", encoding="utf-8")
    assert len(ctx.data_files("boilerplate", "lines.yml")) == 2
    services.begin_call()
    assert ctx.data_files("boilerplate", "lines.yml")[1] == str(extension)
    extension.unlink()
    assert len(ctx.data_files("boilerplate", "lines.yml")) == 2  # the same call: not looked up again
    services.begin_call()
    assert len(ctx.data_files("boilerplate", "lines.yml")) == 1  # the next call sees it gone
