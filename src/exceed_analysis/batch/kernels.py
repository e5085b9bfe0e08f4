"""Kernels for reports: a fresh one per report, started ahead of need.

Every report runs in a kernel no other report has used, so nothing one report defines can
reach the next, and every executed notebook numbers its cells from 1. Starting a kernel
and importing the library takes about 1.5 s of CPU; a :class:`KernelPool` avoids most of it
by forking its kernels from a zygote that imported the library once (see
:mod:`~exceed_analysis.batch.zygote`), and hides the rest by starting the next kernel while
the current report runs. Each kernel is also sent the imports with ``silent=True`` (at
once done, from the zygote's memory): that leaves no trace in the kernel's history or
execution count, and the report's client finds the kernel ready.

The pool remembers each kernel's process group, so :meth:`KernelPool.kill_all` can stop
every kernel from a signal handler without going through jupyter_client's event loop.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["KernelPool", "KERNEL", "PRELOAD"]

log = logging.getLogger(__name__)

KERNEL = "python3"
STARTS = 3
"""Kernels tried for one report before giving up (a kernel may die starting)."""
PRELOAD = "import exceed_analysis.reports.city, exceed_analysis.reports.programme"
"""What every kernel imports before it is handed to a report (silently)."""


@dataclass
class _Kernel:
    km: Any  # jupyter_client.KernelManager
    kc: Any  # the client that sent the preload; stopped when the kernel goes
    pgid: int | None
    pid: int | None
    preload_id: str | None = None


class KernelPool:
    """Fresh kernels on demand, ``ahead`` of them always starting in the background.

    ``take()`` hands out a kernel manager whose kernel has never run a report; give it
    back with ``discard()`` (it is killed) once the report is done.
    """

    def __init__(
        self,
        cwd: Path,
        ahead: int = 1,
        preload: str = PRELOAD,
        zygote: bool | None = None,
        warm: Sequence[dict] = (),
        shared: Any = None,
    ):
        self.cwd = Path(cwd)
        self.warm = list(warm)  # warm-up requests for the zygote (see batch.warm)
        # a zygote started by the build for every worker (it is the build's to stop)
        self._shared = shared
        self.ahead = max(0, ahead)
        self.preload = preload
        self._ready: deque[_Kernel] = deque()
        self._in_use: dict[int, _Kernel] = {}
        self.started = 0
        if zygote is None:
            zygote = self.zygote_default()
        self._zygote_wanted = zygote
        self._zygote: Any = None

    @staticmethod
    def zygote_default() -> bool:
        """Whether kernels are forked from a zygote: where the system can fork, unless
        ``EXCEED_KERNEL_ZYGOTE=0`` (then every kernel starts from scratch)."""
        return os.environ.get("EXCEED_KERNEL_ZYGOTE", "1") != "0" and hasattr(os, "fork")

    def _start(self) -> _Kernel:
        if self._shared is not None:
            from exceed_analysis.batch.zygote import adopt

            km = adopt(self._shared, self.cwd, KERNEL)
        elif self._zygote_wanted:
            from exceed_analysis.batch.zygote import Zygote, adopt

            if self._zygote is None:
                self._zygote = Zygote(self.warm)
            km = adopt(self._zygote, self.cwd, KERNEL)
        else:
            from jupyter_client.manager import KernelManager

            km = KernelManager(kernel_name=KERNEL)
            # a kernel of its own session (jupyter_client's default): a Ctrl-C at the
            # terminal reaches the build, which stops the kernels itself
            km.start_kernel(stderr=subprocess.DEVNULL, cwd=str(self.cwd))
        kc = km.client()
        # the shell channel alone: the preload's reply comes there; an iopub channel would
        # receive (and queue, unread) every message the report's cells publish
        kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        msg_id = kc.execute(self.preload, silent=True, store_history=False) if self.preload else None
        prov = getattr(km, "provisioner", None)
        self.started += 1
        return _Kernel(km, kc, getattr(prov, "pgid", None), getattr(prov, "pid", None), msg_id)

    def _ready_for_use(self, k: _Kernel, timeout: float = 180.0) -> None:
        """Wait until the kernel has finished the preload (at once when it was started
        ahead), so that the report's client finds an idle kernel."""
        import queue
        import time

        deadline = time.monotonic() + timeout
        while k.preload_id is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"a report kernel did not import the library within {timeout:g} s")
            try:
                msg = k.kc.get_shell_msg(timeout=min(left, 1.0))
            except queue.Empty:
                if not k.km.is_alive():
                    raise RuntimeError("a report kernel died while importing the library") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == k.preload_id:
                k.preload_id = None

    def fill(self) -> None:
        """Start kernels until ``ahead`` are waiting."""
        while len(self._ready) < self.ahead:
            self._ready.append(self._start())

    def take(self, refill: bool = True) -> Any:
        """A kernel manager whose kernel has run nothing but the preload; with ``refill``
        (unless this is the last report) the next one starts while it runs."""
        try:
            for attempt in range(STARTS):
                k = self._ready.popleft() if self._ready else self._start()
                self._in_use[id(k.km)] = k
                try:
                    self._ready_for_use(k)
                    return k.km
                except RuntimeError as exc:
                    # a kernel that died starting (for instance a port of its connection
                    # file taken by another process in the meantime): another one
                    died = not k.km.is_alive()
                    self.discard(k.km)
                    if not died or attempt == STARTS - 1:
                        raise
                    log.debug("a kernel died starting (%s): starting another", exc)
            raise AssertionError("unreachable")
        finally:
            if refill:
                self.fill()

    def discard(self, km: Any) -> None:
        """Stop a kernel handed out by :meth:`take`."""
        k = self._in_use.pop(id(km), None)
        if k is not None:
            self._stop(k)

    def _stop(self, k: _Kernel) -> None:
        try:
            k.kc.stop_channels()
        except Exception:  # noqa: BLE001 - the kernel goes either way
            pass
        try:
            k.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            _kill(k)

    def close(self) -> None:
        """Stop every kernel of the pool, waiting or in use."""
        while self._ready:
            self._stop(self._ready.popleft())
        for key in list(self._in_use):
            self._stop(self._in_use.pop(key))
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def kill_all(self) -> None:
        """Kill every kernel's process group at once; safe in a signal handler."""
        for k in [*self._ready, *self._in_use.values()]:
            _kill(k)
            cf = getattr(k.km, "connection_file", None)
            if cf:
                try:
                    os.unlink(cf)
                except OSError:
                    pass
        self._ready.clear()
        self._in_use.clear()
        if self._zygote is not None:
            self._zygote.kill()


def _kill(k: _Kernel) -> None:
    try:
        if k.pgid and k.pgid != os.getpgid(0):
            os.killpg(k.pgid, signal.SIGKILL)
        elif k.pid:
            os.kill(k.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
