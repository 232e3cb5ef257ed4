"""Dataclass methods from kept code (methodcode.py): a class built from the kept code behaves
as one `dataclasses` compiles afresh, a damaged or foreign file is ignored, nothing is written
where Python writes no bytecode, and the command line finds the same with or without it."""

from __future__ import annotations

import dataclasses
import inspect
import marshal
import os
import subprocess
import sys
from typing import Optional

import pytest

from copylint import methodcode

SOURCE = '''
import dataclasses
from typing import Optional

@dataclasses.dataclass(frozen=True, order=True)
class Stamp:
    """A stamp."""
    line: int
    text: str = "Updated"
    tags: tuple = dataclasses.field(default_factory=tuple)
    note: Optional[str] = None

@dataclasses.dataclass
class Tally:
    count: int = 0
    names: list = dataclasses.field(default_factory=list, repr=False)
'''


def _build(hook: methodcode.MethodCode | None, monkeypatch: pytest.MonkeyPatch) -> dict:
    if hook is not None:
        monkeypatch.setattr(dataclasses, "exec", hook.exec, raising=False)
    try:
        space: dict = {"__name__": "stamps_under_test"}
        exec(compile(SOURCE, "<test>", "exec", dont_inherit=True), space)  # noqa: S102
        return space
    finally:
        monkeypatch.delattr(dataclasses, "exec", raising=False)


def _behaviour(space: dict) -> list:
    stamp, tally = space["Stamp"], space["Tally"]
    a, b = stamp(3), stamp(3, "Posted", ("x",), "n")
    t = tally()
    t.count += 1
    t.names.append("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.line = 4  # type: ignore[misc]
    init = stamp.__init__
    return [repr(a), repr(b), a == stamp(3), a < b, hash(a) == hash(stamp(3)), repr(t), t == tally(1, ["x"]),
            [f.name for f in dataclasses.fields(stamp)], str(inspect.signature(stamp)), stamp.__doc__,
            init.__annotations__, init.__defaults__, init.__qualname__, dataclasses.replace(a, line=5).line]


def test_classes_from_kept_code_behave_as_freshly_compiled(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    fresh = _behaviour(_build(None, monkeypatch))
    first = methodcode.MethodCode(str(tmp_path / "m.bin"))
    assert _behaviour(_build(first, monkeypatch)) == fresh
    assert first._new  # compiled here, to be kept
    first.save()
    again = methodcode.MethodCode(str(tmp_path / "m.bin"))
    assert _behaviour(_build(again, monkeypatch)) == fresh
    assert not again._new and again._used  # every method came from the file
    # the annotations are objects, as dataclasses makes them (no `from __future__` leaks in)
    assert fresh[10]["note"] == Optional[str] and fresh[10]["return"] is None


def test_a_damaged_or_foreign_file_is_ignored(tmp_path, monkeypatch):
    path = tmp_path / "m.bin"
    fresh = _behaviour(_build(None, monkeypatch))
    for data in (b"\x00garbage", marshal.dumps((1, b"????", sys.hexversion, [("x", "not code")])),
                 marshal.dumps((methodcode.FORMAT, methodcode._magic(), sys.hexversion + 1, []))):
        path.write_bytes(data)
        hook = methodcode.MethodCode(str(path))
        assert _behaviour(_build(hook, monkeypatch)) == fresh
        assert hook._new  # compiled afresh
    path.write_bytes(marshal.dumps((methodcode.FORMAT, methodcode._magic(), sys.hexversion, [("x", "not code")])))
    assert methodcode._load(str(path)) == {}


def test_nothing_is_written_where_python_writes_no_bytecode(tmp_path, monkeypatch):
    hook = methodcode.MethodCode(str(tmp_path / "m.bin"))
    _build(hook, monkeypatch)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    hook.save()
    assert not (tmp_path / "m.bin").exists()


def test_the_store_is_placed_as_python_places_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    path = methodcode.store_path()
    assert path is not None and path.startswith(str(tmp_path)) and path.endswith(f".{sys.implementation.cache_tag}.bin")


def _run(article, env, cwd):
    cmd = [sys.executable, "-m", "copylint", "--no-cache", str(article)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("write", [True, False])
def test_the_command_line_finds_the_same_and_exits_the_same_with_kept_code(tmp_path, write):
    story = tmp_path / "story.txt"
    story.write_text("Updated 3 March 2009\n\nThe the mayor laxed the rules. TK\n\nLike Us on Facebook\n",
                     encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("The mayor said the rules would stay as they are.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pyc")
    env["COPYLINT_CACHE_DIR"] = str(tmp_path / "cache")
    runs = [_run(story, env, tmp_path) for _ in range(2)]
    kept = list((tmp_path / "pyc").rglob("dataclass_methods.*.bin"))
    assert bool(kept) == write
    assert [r.returncode for r in runs] == [1, 1], runs[0].stderr[-2000:]

    def lines(run):  # all but the summary with its elapsed time
        return [ln for ln in run.stdout.splitlines() if not ln.startswith("Found ")]

    assert lines(runs[0]) == lines(runs[1]) and "laxed" in runs[1].stdout
    assert runs[1].stdout.endswith("--diff).\n")  # the output is flushed to its end
    assert _run(clean, env, tmp_path).returncode == 0
