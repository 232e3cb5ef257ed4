"""The `copylint` command's first step: a run through a warm `copylint serve` when
COPYLINT_SERVER names one and the run allows it (see remote.py), else the command line.

Kept free of imports beyond the standard library, so that the fast path starts fast.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if os.environ.get("COPYLINT_SERVER"):
        from .remote import run

        code = run(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    from .cli import main as cli_main
    from .interrupts import guarded

    guarded(cli_main)  # Ctrl-C: one line and 130; a closed pipe: quiet; workers die with the run
