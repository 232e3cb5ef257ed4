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


def _raise(signum: int, _frame: Any) -> None:
    raise Interrupted(EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED)


def guarded(run: Callable[[], Any]) -> None:
    """Run the command line under the rules above."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _raise)
        signal.signal(signal.SIGTERM, _raise)
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


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class deferred_signals:
    """Hold Ctrl-C and SIGTERM back while the main thread forks workers, then take them.

    A signal that lands during `fork()` runs its handler inside an at-fork callback (the
    logging module's lock release), where Python prints the exception and carries on: the
    run would finish as if never stopped. Blocked, the signal waits; unblocked, it is raised
    at once in the main thread. Workers inherit the mask and unblock it in `worker_init`.
    """

    def __enter__(self) -> "deferred_signals":
        self._blocked = (threading.current_thread() is threading.main_thread()
                         and hasattr(signal, "pthread_sigmask"))
        if self._blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def worker_init(parent: int | None = None) -> None:
    """In each worker process, first thing: leave Ctrl-C to the parent, and die with it.

    `parent`: the parent's pid, taken before the fork; read here, it would already be the
    init process's where the parent died between the fork and this call."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them back (deferred_signals)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
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
    a closed pipe): shutting it down politely can wait for ever on a worker that is busy.
    The pool's manager thread then finds its workers gone and raises: the run is ending, so
    that is not reported (it would be a traceback after `| head`)."""
    threading.excepthook = lambda _args: None
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
