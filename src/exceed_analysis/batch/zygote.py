"""Fresh kernels without paying for the imports: a zygote process that forks them.

Starting an IPython kernel and importing the library (pandas, plotly, pandera, ...) costs
about 1.5 s of CPU, which every report would pay once it runs in a kernel of its own. The
zygote pays it once: it is a plain process (no event loop, no socket, no thread) that
imports the library and ipykernel, then waits for requests on its stdin. For each it forks;
the child starts a new session and becomes an IPython kernel on the given connection file.
Each kernel is a new process with a fresh namespace (nothing of another report), whose
imports are already in memory, shared copy-on-write.

:func:`adopt` gives jupyter_client a kernel manager for such a kernel, so that papermill
and nbclient use it as any other. A kernel watches the zygote (``JPY_PARENT_PID``) and
exits if the zygote goes; the zygote exits when its stdin closes (its worker went).

Before it forks any kernel the zygote also runs a report's code once (see
:mod:`~exceed_analysis.batch.warm`), so that what the library loads lazily on first use is
loaded once, not in every kernel.

Run as ``python -m exceed_analysis.batch.zygote``. It imports first, then reads its
warm-up requests, one JSON line (``{"warm": [...]}``): a build can start it before it
knows what it will build (see :func:`~exceed_analysis.batch.local.zygote_while_planning`).
Then, per kernel, one JSON line in (``{"connection_file": ..., "cwd": ...}``), one JSON
line out (``{"pid": ...}``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["IMPORTS", "KERNEL_IMPORTS", "Zygote", "adopt", "import_for_kernels", "kernel_argv"]

IMPORTS = (
    "exceed_analysis.reports.city",
    "exceed_analysis.reports.programme",
    "exceed_analysis.publish.render",
    "ipykernel.kernelapp",
    "IPython.display",
)
"""What the zygote imports once for every kernel it forks."""

KERNEL_IMPORTS = (
    "ipykernel.debugger",  # debugpy and pydevd: most of a kernel's start (0.1 s of 0.15)
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "encodings.idna",
    "faulthandler",
    "psutil",
    "tornado.gen",
    "tornado.locks",
    "tornado.platform.asyncio",
    "tornado.queues",
)
"""What a kernel would otherwise import as it starts and runs its first cell (the modules
a forked kernel added to ``sys.modules``, measured). Each is imported if it can be: they
only save time, and some (debugpy, psutil) are optional dependencies of ipykernel."""


class _Forked:
    """Enough of ``subprocess.Popen`` for jupyter_client's LocalProvisioner, for a kernel
    that is not our child (the zygote's; it reaps them)."""

    stdin = stdout = stderr = None  # no pipes to the kernel: the zygote holds its stdio

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.01)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        try:
            os.killpg(self.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Zygote:
    """The forking process, started by a worker; :meth:`fork` returns a kernel's pid."""

    def __init__(self, warm: Sequence[dict] | None = (), lock: Any = None) -> None:
        """Start the process; ``warm=None`` leaves its warm-up requests to :meth:`warm`
        (it imports meanwhile)."""
        # one request at a time: a zygote shared by forked workers is given a lock of
        # theirs (multiprocessing's), so that each reads the answer to its own request
        self.lock = lock if lock is not None else threading.Lock()
        self.warmed = False
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "exceed_analysis.batch.zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        if warm is not None:
            self.warm(warm)

    def warm(self, specs: Sequence[dict]) -> None:
        """Send the warm-up requests (once, before any kernel is forked)."""
        assert self.proc.stdin is not None and not self.warmed
        self.proc.stdin.write(json.dumps({"warm": list(specs)}) + "\n")
        self.proc.stdin.flush()
        self.warmed = True

    def fork(self, connection_file: str, cwd: Path) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if not self.warmed:
            self.warm([])
        with self.lock:
            self.proc.stdin.write(json.dumps({"connection_file": connection_file, "cwd": str(cwd)}) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the kernel zygote exited; run with --verbose to see why")
        return int(json.loads(line)["pid"])

    def close(self) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
            pass


def adopt(zygote: Zygote, cwd: Path, kernel_name: str = "python3") -> Any:
    """A started :class:`jupyter_client.KernelManager` whose kernel the zygote forked."""
    from jupyter_client.manager import KernelManager
    from jupyter_client.provisioning import LocalProvisioner

    km = KernelManager(kernel_name=kernel_name)
    km.write_connection_file()
    pid = zygote.fork(km.connection_file, cwd)
    prov = LocalProvisioner(kernel_id=km.kernel_id or "", kernel_spec=km.kernel_spec, parent=km)
    prov.process = _Forked(pid)  # type: ignore[assignment]
    prov.pid = prov.pgid = pid
    prov.connection_info = km.get_connection_info()
    km.provisioner = prov
    return km


# ------------------------------------------------------------------ the zygote itself


def import_for_kernels() -> None:
    """What the zygote imports before it forks any kernel: :data:`IMPORTS`, then as many
    of :data:`KERNEL_IMPORTS` as are installed."""
    import importlib

    # pandera imports dask (most of a second) only to recognise dask frames, which no
    # report has: its kernels do without
    sys.modules.setdefault("dask", None)  # type: ignore[arg-type]
    for name in IMPORTS:
        importlib.import_module(name)
    for name in KERNEL_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def _serve() -> None:  # pragma: no cover - runs in its own process
    import gc

    import_for_kernels()
    first = sys.stdin.readline()
    if not first:
        return  # the build ended (or stopped) before it had any kernel to ask for
    warm = json.loads(first).get("warm", [])
    if warm:
        from exceed_analysis.batch.warm import warm_up

        warm_up(warm)
    # what is in memory now is shared by every kernel: the collector leaves it alone, so
    # the kernels do not copy those pages by scanning them
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, _reap)  # the kernels are reaped (their CPU time counted)
    for line in sys.stdin:
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(req)
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()


def _reap(signum: int, frame: Any) -> None:  # pragma: no cover - runs in the zygote
    """Reap every kernel that exited, so that its resource use is added to the zygote's
    children (and from there to the build's, as ``time`` shows it)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kernel_argv(connection_file: str, parent: int) -> list[str]:
    """The command line a forked kernel is initialised with.

    ``parent_handle``: the kernel exits if its ``parent`` (the zygote) goes; its default
    was read from the environment when the zygote imported ipykernel, so it is given here.
    A report's kernel keeps no input history (an SQLite write per cell, read by no one)
    and does not watch its file descriptors for C-level output (a thread; its stdout and
    stderr are /dev/null, the cells' output goes through IPython's)."""
    return [
        "-f",
        connection_file,
        f"--IPKernelApp.parent_handle={parent}",
        "--HistoryManager.enabled=False",
        "--IPKernelApp.capture_fd_output=False",
    ]


def _become_kernel(req: dict) -> None:  # pragma: no cover - runs in the forked kernel
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        zygote = os.getppid()
        os.environ["JPY_PARENT_PID"] = str(zygote)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.chdir(req["cwd"])
        sys.stdin = open(os.devnull)  # noqa: SIM115
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(kernel_argv(req["connection_file"], zygote))
        app.start()
    finally:
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    _serve()
    # its stdin closed: the build is stopping and waits for it; freeing the library's
    # modules (what Python's shutdown would do) would take it half a second more
    os._exit(0)
