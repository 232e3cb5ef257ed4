"""The `copylint` command's first step: a run through a warm `copylint serve` when
COPYLINT_SERVER names one and the run allows it (see remote.py), else the command line.

Kept free of imports beyond the standard library, so that the fast path starts fast.
"""

from __future__ import annotations

import gc
import os
import sys
import time

# The cyclic collector's first-generation threshold for a run (Python's default is 700). Start-up
# makes some 300,000 long-lived objects (modules, classes, rule data); at 700 the collector
# walks them ~50 times, ~5 ms of a 75 ms cold start, and frees almost nothing. At 50,000 it
# still runs over an archive (a document's garbage is collected as before), at the same peak
# memory over 400 BBC articles (48 MB).
GC_THRESHOLD = 50_000


def main() -> None:
    started = time.monotonic()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    if os.environ.get("COPYLINT_SERVER"):
        from .remote import run

        code = run(sys.argv[1:], started)
        if code is not None:
            sys.exit(code)
    from . import rerun

    found = rerun.plan(sys.argv[1:])
    if found is not None:  # the same command over the same files: what it printed last time
        code = rerun.replay(found, started)
        if code is not None:
            _exit_now(code)
        rerun.ACTIVE.recorder = rerun.Recorder(found)
    from . import methodcode

    methodcode.install()  # dataclasses' methods from kept code (about a quarter of a cold start)
    from .checkrun import plain_args
    from .interrupts import guarded

    plain = plain_args(sys.argv[1:])
    if plain is not None:  # `copylint [options] PATHS`: parsed without importing click
        from .checkrun import run_check

        def cli_main() -> None:
            run_check(**plain)
            sys.exit(0)
    else:
        from .cli import main as cli_main
    try:
        guarded(cli_main)  # Ctrl-C: one line and 130; a closed pipe: quiet; workers die with the run
    except SystemExit as exc:
        if sys.argv[1:2] in (["lsp"], ["serve"]):  # long-running front doors exit the usual way
            raise
        _exit_now(exc.code)


def _exit_now(code: object) -> None:
    """Leave without the interpreter's shutdown (freeing every module and object: tens of ms
    on a short run). Every output the run wrote is flushed first; files it wrote are closed by
    then, and the result cache is written before the reporters run."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    recorder = sys.modules["copylint.rerun"].active() if "copylint.rerun" in sys.modules else None
    if recorder is not None:
        recorder.finish(status)
    methods = sys.modules.get("copylint.methodcode")
    if methods is not None and methods.STORE.installed:  # likewise the dataclass methods' code
        methods.STORE.save()
    patterns = sys.modules.get("copylint.fastre")
    if patterns is not None:  # the code of patterns first compiled in this run, for the next (atexit is skipped)
        patterns.STORE.save()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            pass
    local_lt = sys.modules.get("language_tool_python.server")
    if local_lt is not None:  # a LanguageTool it started (grammar: {local: true}) dies at its atexit, skipped here
        try:
            local_lt.terminate_server()
        except Exception:  # noqa: BLE001 - leaving is what matters now
            pass
    os._exit(status)
