"""Shared test helpers: the real CLI, the shared data folder, temporary articles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the checkout), which is absent")
    return path


@pytest.fixture
def seed_article() -> Path:
    return shared_path("examples", "seed-article.txt")


def run_cli(*args: str, cwd: str | Path | None = None, input: bytes | None = None, env: dict | None = None):
    """Run the installed `copylint` as a user would: a real process."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "copylint", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=300,
    )


@pytest.fixture(scope="session", autouse=True)
def languagetool_test_server():
    """A LanguageTool stand-in at the wire protocol (tests/lt_server.py) for the whole session.

    Grammar fixtures point at it with `server: ${COPYLINT_TEST_LT_SERVER}`; nothing else reads it.
    """
    from lt_server import LTServer

    with LTServer() as server:
        os.environ["COPYLINT_TEST_LT_SERVER"] = server.url
        yield server
        os.environ.pop("COPYLINT_TEST_LT_SERVER", None)


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory, monkeypatch):
    """Each test starts with an empty result cache of its own (never the user's ~/.cache)."""
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))
