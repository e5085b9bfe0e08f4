"""What keeps an unattended build safe: one build at a time, clean stops, no debris.

- :func:`output_lock` holds an exclusive ``flock`` on ``outputs/.build.lock`` for the
  build's life; a second build stops at once with :class:`BuildLocked` (one line), or
  waits its turn with ``wait=True``. The lock goes with the process, even on ``kill -9``.
- :func:`interruptible` turns SIGINT and SIGTERM into :class:`BuildInterrupted` in the
  main thread, once, so the build can stop its workers, kernels and browser, remove its
  staging folders and leave every output as it was.
- :func:`clean_leftovers` removes the staging folders of an earlier build that crashed,
  and puts back a previous output that a crash caught between the two renames of a swap.
- :func:`arm_deadline` bounds a report's whole execution (:class:`Deadline`).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from exceed_analysis.errors import BuildInterrupted, BuildLocked
from exceed_analysis.layout import Layout

__all__ = [
    "output_lock",
    "interruptible",
    "clean_leftovers",
    "lock_fd",
    "Deadline",
    "arm_deadline",
    "disarm_deadline",
    "check_interrupted",
]

log = logging.getLogger(__name__)

_LOCK_FD: int | None = None
_FIRED: list[int] = []  # the signal that stopped the build, once one has


def lock_fd() -> int | None:
    """The lock's file descriptor while held (workers forked from the build close it)."""
    return _LOCK_FD


@contextlib.contextmanager
def output_lock(lay: Layout, *, wait: bool = False, poll_s: float = 0.5) -> Iterator[Path]:
    """Hold the output folder's lock; raise :class:`BuildLocked` if another build holds
    it, unless ``wait`` (then wait for it, logging once that this build is queued)."""
    global _LOCK_FD
    lay.outputs.mkdir(parents=True, exist_ok=True)
    path = lay.lock_file
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise BuildLocked(path, holder) from None
            log.info("another build is running (%s); waiting for it", holder or "unknown")
            while True:  # polled, not blocking: a signal can still stop the wait
                time.sleep(poll_s)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    continue
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            f"pid {os.getpid()} on {socket.gethostname()} since "
            f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n".encode(),
            0,
        )
        _LOCK_FD = fd
        yield path
    finally:
        _LOCK_FD = None
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Raise :class:`BuildInterrupted` in the main thread at the first SIGINT or SIGTERM;
    later signals are ignored while the build cleans up. Outside the main thread this
    does nothing (signals are the main thread's)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _FIRED.clear()

    def handler(signum, frame):
        if _FIRED:
            return
        _FIRED.append(signum)
        raise BuildInterrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        _FIRED.clear()


def check_interrupted() -> None:
    """Raise :class:`BuildInterrupted` again if a signal has stopped the build. The
    handler raises it wherever the build's thread is; code that runs an event loop of its
    own (the browser's driver) may turn it into an error of its own, which must not pass
    for a failed report."""
    if _FIRED:
        raise BuildInterrupted(_FIRED[0])


def clean_leftovers(lay: Layout) -> list[Path]:
    """Remove staging folders left by an earlier crash (call with the lock held); a
    previous output caught mid-swap is put back. Returns the folders dealt with."""
    dealt = []
    for d in sorted(lay.leftovers()):
        if d.name.startswith("."):
            target = (
                Layout.swapped_out(d) if ".old-" in d.name and not d.name.startswith(".building-") else None
            )
            if target is not None and not target.exists():
                os.replace(d, target)
                log.warning(
                    "restored %s, left half-swapped by an earlier build", target.relative_to(lay.outputs)
                )
            else:
                shutil.rmtree(d, ignore_errors=True)
                log.info("removed %s, left by an earlier build", d.relative_to(lay.outputs))
            dealt.append(d)
    return dealt


class Deadline(Exception):
    """Raised by a report's alarm (:func:`arm_deadline`) inside the executing process."""


def arm_deadline(seconds: float) -> Any:
    """A whole-report deadline (SIGALRM, main thread only): :class:`Deadline` is raised
    after ``seconds``; nbclient's own per-cell timeout catches a hung cell, this catches a
    report of many slow cells. Returns what :func:`disarm_deadline` restores."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None

    def ring(signum, frame):
        raise Deadline()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return old


def disarm_deadline(old: Any) -> None:
    """Cancel the deadline :func:`arm_deadline` set, restoring the previous handler."""
    if old is None:
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)
