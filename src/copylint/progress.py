"""A one-line progress bar on a terminal for long runs: files done, findings, rate, time left.

It draws on standard error only when that is a terminal, only once a run has taken longer than
`DELAY` seconds (a pre-commit hook over three files never shows it), and at most ten times a
second. Text results streamed to the same terminal go through `write`, which lifts the bar, writes
the lines and puts the bar back, so the two never interleave.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

# seconds before the bar first shows; COPYLINT_PROGRESS_DELAY changes it (0: at once, as the tests use)
DELAY = float(os.environ.get("COPYLINT_PROGRESS_DELAY", "0.5") or 0.5)
INTERVAL = 0.1  # seconds between redraws


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


class Progress:
    """Counts files as they finish and redraws the bar; `close` removes it."""

    def __init__(self, total: int, stream: TextIO, enabled: bool, start: float | None = None) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.start = time.monotonic() if start is None else start
        self.done = 0
        self.findings = 0
        self._first: float | None = None  # when the first file finished: it pays for loading the rules
        self._drawn = False
        self._last = 0.0

    def line(self, now: float) -> str:
        if self._first is not None and self.done > 1:  # the rate after the first file, which loads the rules
            rate = (self.done - 1) / max(now - self._first, 1e-6)
        else:
            rate = self.done / max(now - self.start, 1e-6)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        import shutil  # here: a run that shows no bar (most of them) need not import it

        width = shutil.get_terminal_size((80, 20)).columns
        text = (f" {self.done}/{self.total} files, {self.findings} finding{'s' if self.findings != 1 else ''}, "
                f"{rate:.0f} files/s, {_clock(left)} left")
        bar_width = max(10, min(40, width - len(text) - 3))
        filled = int(bar_width * self.done / self.total) if self.total else bar_width
        return ("[" + "#" * filled + "." * (bar_width - filled) + "]" + text)[: width - 1]

    def advance(self, findings: int = 0) -> None:
        self.done += 1
        self.findings += findings
        if not self.enabled:
            return
        now = time.monotonic()
        if self._first is None:
            self._first = now
        if now - self.start < DELAY or (now - self._last < INTERVAL and self.done < self.total):
            return
        self._last = now
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def write(self, out: TextIO, text: str) -> None:
        """Write results to `out` without tearing the bar (when both go to the terminal)."""
        if not text:
            return
        if getattr(out, "isatty", lambda: False)():
            self.clear()
        out.write(text)
        out.flush()

    def close(self) -> None:
        self.clear()
