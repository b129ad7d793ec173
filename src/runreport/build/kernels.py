"""Warm Jupyter kernels: one per worker thread, reused by the notebooks it runs.

Takes notebooks to execute (through :func:`runreport.build.run.execute_notebook`)
and gives each worker thread a kernel that is started once and reused, so a
build pays for a kernel's start-up and the project's imports once per thread
instead of once per notebook.

How:

- Before each notebook the kernel is reset without a trace in the notebook: a
  silent execution closes pyplot figures and resets the shell into a new
  history session (the user namespace cleared, the execution count back to 1),
  so a notebook run on a reused kernel is numbered as on a fresh one
  (:data:`RESET_CODE`). Modules stay imported: they are
  the same code for every notebook of a build.
- A kernel that failed, died or ran :data:`RESTART_EVERY` notebooks is shut
  down and the next notebook gets a fresh one.
- Kernels talk over IPC sockets in a private temporary folder each, so two
  kernels on one machine never race for a TCP port (:func:`kernel_folder`).
- On Linux a kernel is killed when the thread that started it ends (its process
  with it), so no kernel outlives the build or worker it belongs to.
- A kernel can only be made nicer (:meth:`WarmKernel.lower_priority`), as an
  unprivileged user may: the build runs the report first at normal priority
  and the analyst notebooks after it at a lower one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Self

#: A warm kernel is restarted after this many notebooks (bounds what leaks from one to the next).
RESTART_EVERY = 25
#: What runs, silently, before each notebook on a reused kernel:
#:
#: - pyplot's figures are closed;
#: - the shell is reset into a new session, which also numbers the next cell 1 (``%reset -f`` kept
#:   the session: with the count set back by hand, IPython's history printed "Session/line number
#:   was not unique in database" into a later notebook, with a session number that differs from run
#:   to run);
#: - the last notebook's garbage is collected (the shell's reset collects before it clears the
#:   namespace, so cycles held by the notebook's names are only garbage after it), and what survives
#:   (modules, their caches) is frozen out of later collections, which would otherwise walk it again
#:   each time (``%reset`` and its two full collections cost about 0.2 s of CPU, the collections
#:   during a notebook more). A frozen object that later becomes cyclic garbage is not collected;
#:   the restart every :data:`RESTART_EVERY` notebooks bounds that.
RESET_CODE = (
    "import matplotlib.pyplot as _runreport_plt\n"
    "_runreport_plt.close('all')\n"
    "del _runreport_plt\n"
    "get_ipython().reset(new_session=True)\n"
    "import gc as _runreport_gc\n"
    "_runreport_gc.collect()\n"
    "_runreport_gc.freeze()\n"
    "del _runreport_gc\n"
)


#: prctl(2) option: the signal a process gets when the thread that started it ends (Linux).
PR_SET_PDEATHSIG = 1


def _kernel_setup(nice: int = 0) -> Callable[[], None]:
    """What a kernel's process runs before it starts (``preexec_fn``): it is niced to *nice*, and,
    on Linux, killed when the thread that started it ends, its process with it.

    ipykernel also watches its parent, but only once it has started, once a second, and it may
    outlive a worker that was killed while it started: a site's worker is killed when the build is
    interrupted, and its kernel must not go on writing into the folder the client then removes.
    """
    prctl = _prctl()
    parent = os.getpid()

    def setup() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if (
                os.getppid() != parent
            ):  # the parent ended before prctl: no one would send the signal
                os._exit(1)
        if nice:
            os.nice(nice)

    return setup


@functools.cache
def _prctl():
    """libc's prctl(2), looked up once, in the parent (a forked child only calls it), or None off
    Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None).prctl
    prctl.argtypes, prctl.restype = (ctypes.c_int, ctypes.c_ulong), ctypes.c_int
    return prctl


#: Longest path a kernel's IPC socket may have: a Unix socket's address holds 108 bytes on Linux and
#: 104 on macOS, the final NUL included.
IPC_PATH_MAX = 103


#: What a kernel's longest socket name adds to its folder's path (jupyter_client names the sockets
#: ``<ip>-<port>``, the ports numbered from 1).
SOCKET_ROOM = len("/ipc-65535")
#: What a kernel's folder adds to the path of the folder it is made in, its sockets included.
KERNEL_FOLDER_ROOM = len("/runreport-kernel-12345678") + SOCKET_ROOM


def kernel_folder() -> Path:
    """A new private folder for a kernel's connection file, IPC sockets and log (see
    :func:`short_tempdir`)."""
    return short_tempdir("runreport-kernel-", SOCKET_ROOM)


def short_tempdir(prefix: str, room: int) -> Path:
    """A new private temporary folder, with *room* bytes of path left below it for a kernel's
    sockets.

    In the temporary folder (``TMPDIR``), unless the sockets' paths would not fit a Unix socket's
    address (a deep ``TMPDIR``: ZMQ would fail with "File name too long"); then in ``/tmp``.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if len(os.fsencode(folder)) + room <= IPC_PATH_MAX:
        return folder
    folder.rmdir()
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


class KernelError(RuntimeError):
    """A reused kernel could not be reset."""


class WarmKernel:
    """A kernel started on first use and reused until it fails or has run enough notebooks.

    Args:
        cwd: The kernel's working folder.
        env: Its environment.
    """

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd = cwd
        self.env = env
        self.km = None
        self.runs = 0
        self.nice = 0
        self._folder: Path | None = None
        self._log = None
        # Taken by ready() and close(): a build stopped from its main thread closes the kernel while
        # the notebook thread may be starting or resetting it; re-entrant, as ready() closes a
        # kernel it restarts.
        self._lock = threading.RLock()
        self._retired = False

    def ready(self, nice: int = 0):
        """The kernel manager of a live kernel, reset for the next notebook.

        Args:
            nice: The least niceness the kernel must run at (raised if lower; never lowered).

        Raises:
            KernelError: When the kernel cannot be reset (it is shut down; the build reports it),
                or when its pool was closed (:meth:`retire`): the build is stopping, and no
                notebook starts any more.
        """
        with self._lock:
            if self._retired:
                raise KernelError("the build is stopping")
            if self.km is not None and (self.runs >= RESTART_EVERY or not self.km.is_alive()):
                self.close()
            if self.km is None:
                self._start(nice)
            else:
                self._reset()
                self.lower_priority(nice)
            self.runs += 1
            return self.km

    def retire(self) -> None:
        """Shut the kernel down for good: :meth:`ready` starts no other (its pool is closed)."""
        with self._lock:
            self._retired = True
            self.close()

    def lower_priority(self, nice: int) -> None:
        """Run the kernel at niceness *nice* if it runs at less (an increase is always allowed)."""
        if self.km is not None and nice > self.nice:
            with contextlib.suppress(
                OSError, AttributeError
            ):  # gone already: the next run restarts it
                os.setpriority(os.PRIO_PROCESS, self.km.provisioner.process.pid, nice)
                self.nice = nice

    def _start(self, nice: int) -> None:
        from jupyter_client import KernelManager

        self._folder = kernel_folder()
        # The kernel's own stderr (start-up warnings) goes to a log, not to the editor.
        self._log = open(self._folder / "kernel.log", "wb")  # noqa: SIM115 - lives as long as the kernel
        # nbclient gets an asynchronous client (km.client()): with a blocking one, its wait for a
        # cell's output blocks its event loop, so neither the cell timeout nor the check that the
        # kernel is alive ever runs, and a kernel that dies in a cell (killed, out of memory,
        # crashed) hangs the build for ever.
        self.km = KernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(self._folder / "ipc"),
            connection_file=str(self._folder / "kernel.json"),
            client_class="jupyter_client.asynchronous.AsyncKernelClient",
        )
        # No IPython history database: a build's cells are not the editor's history, and kernels
        # running at once would take turns at one SQLite file.
        self.km.start_kernel(
            env=self.env,
            cwd=str(self.cwd),
            stderr=self._log,
            extra_arguments=["--HistoryManager.enabled=False"],
            preexec_fn=_kernel_setup(nice),
        )
        self.nice, self.runs = nice, 0

    def blocking_client(self):
        """A blocking client of the live kernel, for a script or test (``km.client()`` is
        nbclient's, asynchronous); made as ``km.client()`` makes its own."""
        from jupyter_client.blocking import BlockingKernelClient

        info = {
            **self.km.get_connection_info(session=True),
            "connection_file": self.km.connection_file,
            "parent": self.km,
        }
        for key in ("curve_publickey", "curve_secretkey"):
            if isinstance(info.get(key), str):
                info[key] = info[key].encode("ascii")
        return BlockingKernelClient(**info)

    def _reset(self) -> None:
        client = self.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                RESET_CODE, silent=True, store_history=False, timeout=60
            )
            if reply["content"].get("status") != "ok":
                raise KernelError(
                    f"the kernel could not be reset: {reply['content'].get('evalue', '')}"
                )
        except (RuntimeError, TimeoutError) as exc:
            self.close()
            raise KernelError(f"the kernel could not be reset: {exc}") from None
        finally:
            client.stop_channels()

    def close(self) -> None:
        """Shut the kernel down (a dead one needs nothing) and remove its folder.

        Safe from any thread, and at once from two: an interrupted build closes every kernel from
        its main thread while the thread running a notebook on it closes it too, once the notebook
        fails.
        """
        with self._lock:
            if self.km is not None:
                with contextlib.suppress(Exception):
                    self.km.shutdown_kernel(now=True)
                self.km = None
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None


class KernelPool:
    """One :class:`WarmKernel` per thread that asks; :meth:`close` shuts them all down.

    Args:
        cwd: The kernels' working folder.
        env: Their environment.
    """

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd = cwd
        self.env = env
        self._local = threading.local()
        self._kernels: list[WarmKernel] = []
        self._lock = threading.Lock()

    def kernel(self) -> WarmKernel:
        """This thread's kernel (not started until :meth:`WarmKernel.ready`)."""
        kernel = getattr(self._local, "kernel", None)
        if kernel is None:
            kernel = self._local.kernel = WarmKernel(self.cwd, self.env)
            with self._lock:
                self._kernels.append(kernel)
        return kernel

    def close(self) -> None:
        with self._lock:
            for kernel in self._kernels:
                kernel.retire()
            self._kernels.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
