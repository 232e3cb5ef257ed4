"""`copylint serve` as a real process for the tests: started on a free port, stopped after.

    with ServeProcess(cwd=project, args=["--token-file", "t"]) as served:
        served.url ... served.log()  # the access-log lines so far, parsed
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


class ServeProcess:
    def __init__(self, cwd: str | Path, args: list[str] | tuple[str, ...] = (), env: dict[str, str] | None = None,
                 timeout: float = 120.0) -> None:
        self.cwd = str(cwd)
        self.args = list(args)
        self.env = {**os.environ, **(env or {})}
        self.timeout = timeout
        self.url = ""
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    def __enter__(self) -> ServeProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "copylint", "serve", "--port", "0", *self.args],
            cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        started = threading.Event()

        def read() -> None:
            assert self.proc is not None and self.proc.stderr is not None
            for line in self.proc.stderr:
                self.lines.append(line.rstrip("\n"))
                m = re.search(r"listening on (http://\S+)", line)
                if m:
                    self.url = m.group(1)
                    started.set()
            started.set()

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + self.timeout
        while not started.wait(0.1):
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("copylint serve did not start:\n" + "\n".join(self.lines))
        if not self.url:
            self.__exit__(None, None, None)
            raise RuntimeError("copylint serve exited:\n" + "\n".join(self.lines))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=5)

    def log(self) -> list[dict[str, Any]]:
        """The JSON access-log lines printed so far."""
        time.sleep(0.05)  # the line is written after the answer is sent
        out = []
        for line in list(self.lines):
            if line.startswith("{"):
                out.append(json.loads(line))
        return out
