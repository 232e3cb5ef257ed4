"""Signals and the processes of a run: Ctrl-C, SIGTERM, a closed pipe, and worker processes.

- Ctrl-C ends the run with one line and exit status 130 (128 + SIGINT), SIGTERM with 143;
  click would print "Aborted!" and exit 1.
- `copylint ... | head`: once the reader closes the pipe, the run stops quietly (141).
- Worker processes ignore Ctrl-C (the parent alone decides, and stops them), and die with
  their parent however it dies, SIGKILL included: they hold the run's output open.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any, Callable

EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_BROKEN_PIPE = 128 + getattr(signal, "SIGPIPE", 13)


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM in the main process. A BaseException of our own, so that neither
    click (which turns KeyboardInterrupt into "Aborted!") nor a library's `except
    Exception` swallows it."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Guard:
    """The signal handler of one run, and the signal it holds while the process forks.

    A signal that comes while os.fork runs its at-fork callbacks (logging's lock release among
    them) must not raise there: Python prints the exception as "ignored" and the run goes on
    to the end, exit 0. It is held instead, and `raise_held` raises it once the workers are
    forked. The state lives in this object, which only the signal module refers to.
    """

    __slots__ = ("forking", "held", "hooked")

    def __init__(self) -> None:
        self.forking = False
        self.held = 0
        self.hooked = False

    def handle(self, signum: int, _frame: Any) -> None:
        if self.forking:
            self.held = signum
            return
        _raise(signum, _frame)

    def fork_starts(self) -> None:
        self.forking = True

    def fork_ends(self) -> None:
        self.forking = False  # the last statement: the handler runs between instructions

    def fork_ends_in_child(self) -> None:
        self.forking = False
        self.held = 0


def _raise(signum: int, _frame: Any) -> None:
    raise Interrupted(EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED)


def _guard() -> _Guard | None:
    guard = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return guard if isinstance(guard, _Guard) else None


def hold_during_fork() -> None:
    """Hold Ctrl-C and SIGTERM while this process forks (see `_Guard`). Call it after the
    modules whose at-fork callbacks are to be covered are imported (concurrent.futures brings
    logging's): callbacks registered later run first before a fork and last after it."""
    guard = _guard()
    if guard is not None and not guard.hooked and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=guard.fork_starts, after_in_parent=guard.fork_ends,
                            after_in_child=guard.fork_ends_in_child)
        guard.hooked = True


def raise_held() -> None:
    """Raise a signal held while the process forked, now that it can be raised."""
    guard = _guard()
    if guard is not None and guard.held:
        signum, guard.held = guard.held, 0
        _raise(signum, None)


def guarded(run: Callable[[], Any]) -> None:
    """Run the command line under the rules above."""
    if threading.current_thread() is threading.main_thread():
        guard = _Guard()
        signal.signal(signal.SIGINT, guard.handle)
        signal.signal(signal.SIGTERM, guard.handle)
    try:
        run()
    except Interrupted as exc:
        _quiet_stdout()
        try:
            sys.stderr.write("\ncopylint: interrupted\n" if exc.code == EXIT_INTERRUPTED
                             else "copylint: terminated\n")
            sys.stderr.flush()
        except OSError:
            pass
        os._exit(exc.code)  # no interpreter shutdown: it would wait on threads and flush dead pipes
    except BrokenPipeError:
        _quiet_stdout()
        os._exit(EXIT_BROKEN_PIPE)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def worker_init(parent: int | None = None) -> None:
    """In each worker process, first thing: leave Ctrl-C to the parent, and die with it.

    `parent`: the parent's pid, taken before the fork; read here, it would already be the
    init process's where the parent died between the fork and this call."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = parent or os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: killed when the parent dies
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(EXIT_TERMINATED)


def stop_workers(pool: Any) -> None:
    """End a process pool's workers now, without waiting for their tasks (Ctrl-C, SIGTERM,
    a closed pipe): shutting it down politely can wait for ever on a worker that is busy."""
    processes = list(getattr(pool, "_processes", {}).values())  # CPython's ProcessPoolExecutor
    for proc in processes:
        try:
            proc.kill()
        except (OSError, AttributeError, ValueError):
            pass
    try:
        pool.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001 - a broken pool: its workers are gone already
        pass
    for proc in processes:
        try:
            proc.join(timeout=1)
        except (OSError, AttributeError, ValueError, AssertionError):
            pass
