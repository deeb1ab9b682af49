"""Kernels forked from a process that has already imported what a notebook needs.

A fresh kernel spends about a second of CPU importing ipykernel, pandas, matplotlib and the
report modules before its first cell runs, and a run of five reports paid that five times. In a
pool run (``pool``) one server process imports them once, while the render process loads its
converters, and forks each report's kernel from that state; ``kernels.SocketKernelManager`` asks
it first and starts a kernel the usual way whenever it cannot serve (no server, switched off, a
command or environment it does not fit).

A forked kernel must be the kernel jupyter_client would have started:

- the same command (this Python running ``-m ipykernel_launcher`` with the same arguments), the
  same working folder and environment. The server serves only a request whose environment equals
  its own but for variables read when used (``READ_WHEN_USED``): one read at
  import (``PYTHONPATH``, ``MPLBACKEND``, ``TZ``) would keep the server's value in the fork;
- a session and process group of its own, as jupyter_client starts kernels (the signal handlers
  kill kernels by group), stdin from /dev/null, output to the run's stderr;
- nothing outlives its run: the server dies with the render process (``PR_SET_PDEATHSIG``), a
  kernel with the server, and a kernel whose requester's connection closes (its worker stopped
  or killed) is killed with its group. A SIGKILLed render process leaves its socket's folder in
  the temporary folder; the next run that forks kernels removes it (``remove_leftovers``).

Protocol, one Unix-socket connection per kernel, kept open for the kernel's life: the client
sends one JSON line (argv, cwd, env); the server answers one (``{"pid": N}`` or ``{"refused":
why}``) and, when the kernel exits, another (``{"exit": code}``).

The server's command line names ipykernel (``--serve-ipykernel``), and the forks share it, so an
operator's ``pgrep -f ipykernel`` finds them; they also carry the run's environment marks.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# Where the server listens (set in the render process, inherited by its pool workers).
SOCKET_ENV = "BREAKAWAY_KERNEL_FORKS"
# "0" turns forked kernels off: every kernel starts as its own process (to measure the gain, or
# to rule the server out).
SWITCH = "BREAKAWAY_KERNEL_FORK"
SERVE_FLAG = "--serve-ipykernel"
# The socket's folder in the temporary folder (a killed run's is removed by the next run).
FOLDER_PREFIX = "breakaway-forks-"
LAUNCHER = "ipykernel_launcher"
# What the notebooks' first cells import, and what a kernel imports to start (ahead.WARM_UP's
# modules, and ipykernel's own).
PRELOADED = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "matplotlib_inline.backend_inline",
    "breakaway.report.briefing",
    "breakaway.report.comparison",
)
# As ipykernel's kernel app sets it when unset: the server imports matplotlib with it.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# Environment variables a fork may differ in from the server: the package's own, read when used
# (every read of ``os.environ`` in breakaway is inside a function), and the two jupyter_client
# sets for a kernel it starts: the session's name, read when the kernel starts, and the parent's
# pid, which ipykernel reads at import and the fork is given as a setting.
READ_WHEN_USED_PREFIX = "BREAKAWAY_"
READ_WHEN_USED = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME"})
# Seconds a worker waits for the server's answer (its imports, the first time) before it starts
# the kernel the usual way.
ANSWER_SECONDS = 60.0
_PR_SET_PDEATHSIG = 1


# -- the render process -------------------------------------------------------------------------


@contextlib.contextmanager
def serving() -> Iterator[None]:
    """Run the kernel server for the processes forked inside this block (the pool's workers).

    The server starts importing at once, beside whatever the render process does next; a worker
    whose first request comes before it is ready waits for it. Stopped (with any kernel it still
    has) when the block ends.
    """
    options = None
    if os.environ.get(SWITCH, "").strip() != "0" and sys.platform.startswith("linux"):
        options = kernel_options()
    if options is None:
        yield
        return
    import shutil
    import tempfile

    remove_leftovers(Path(tempfile.gettempdir()))
    # A folder only this user can enter (mkdtemp makes it 0700): no one else can ask for a kernel.
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    path = folder / "socket"
    # Listening before the server starts: a request made while it imports waits in the backlog.
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(64)
    with listener:
        server = subprocess.Popen(  # noqa: S603 - this Python, this module
            [
                sys.executable,
                *options,
                "-m",
                "breakaway.render.kernel_forks",
                SERVE_FLAG,
                str(listener.fileno()),
                str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
            pass_fds=(listener.fileno(),),
        )
    before = os.environ.get(SOCKET_ENV)
    os.environ[SOCKET_ENV] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SOCKET_ENV, None)
        else:
            os.environ[SOCKET_ENV] = before
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(temporary: Path) -> list[Path]:
    """Remove the socket folders of earlier runs that were killed; the folders removed.

    A run removes its folder when its block ends; a SIGKILLed render process cannot, and its
    server dies with it, leaving an empty folder and a dead socket in the temporary folder. A
    socket still bound by any process is listed in ``/proc/net/unix`` (Linux): that run is alive
    (or between making its folder and listening) and its folder stays. Only this user's folders.
    """
    try:
        table = Path("/proc/net/unix").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    bound = {fields[7] for line in table.splitlines() if len(fields := line.split(None, 7)) == 8}
    removed = []
    for folder in temporary.glob(FOLDER_PREFIX + "*"):
        path = folder / "socket"
        try:
            mine = folder.lstat().st_uid == os.getuid()
            dead = mine and path.is_socket() and str(path) not in bound
        except OSError:
            continue
        if dead:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def kernel_options(name: str = "python3") -> list[str] | None:
    """The interpreter options (``-X...``) of kernel ``name``'s command; None if not ipykernel.

    The server runs with the same options as the kernels it forks, so that a fork is the process
    the command would have started (``-Xfrozen_modules=off``, say, changes how modules load).
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec(name).argv
    except (NoSuchKernel, OSError, ValueError):
        return None
    if "-m" not in argv or argv[argv.index("-m") + 1 : argv.index("-m") + 2] != [LAUNCHER]:
        return None
    options = argv[1 : argv.index("-m")]
    return options if all(option.startswith("-X") for option in options) else None


# -- a worker: asking for a kernel --------------------------------------------------------------


class ForkedKernel:
    """A kernel the server forked, as ``subprocess.Popen`` shows a process to jupyter_client.

    Not a child of this process, so its exit status comes from the server, over the connection.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int, connection: socket.socket, pending: bytes = b""):
        self.pid = pid
        self.returncode: int | None = None
        self._connection: socket.socket | None = connection
        self._pending = pending

    def poll(self) -> int | None:
        """The kernel's exit status once it has exited, else None."""
        self._read_exit(timeout=0.0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to exit; its exit status."""
        self._read_exit(timeout=timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0.0)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Signal the kernel, unless it has exited."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL the kernel."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM the kernel."""
        self.send_signal(signal.SIGTERM)

    def close(self) -> None:
        """Let go of the kernel: the server kills it if it still runs."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _read_exit(self, timeout: float | None) -> None:
        connection = self._connection
        if self.returncode is not None or connection is None:
            return
        while b"\n" not in self._pending:
            ready, _, _ = select.select([connection], [], [], timeout)
            if not ready:
                return
            chunk = connection.recv(4096)
            if not chunk:  # the server is gone, and its kernels with it (PR_SET_PDEATHSIG)
                self.returncode = -signal.SIGKILL
                self.close()
                return
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        self.returncode = int(json.loads(line).get("exit", -signal.SIGKILL))
        self.close()


def launch(command: list[str], env: dict[str, str] | None, cwd: str | None) -> ForkedKernel | None:
    """A kernel forked by this run's server for ``command``; None when it cannot serve it."""
    path = os.environ.get(SOCKET_ENV)
    if not path or os.environ.get(SWITCH, "").strip() == "0" or not is_kernel_command(command):
        return None
    environment = dict(os.environ if env is None else env)
    # As jupyter_client's launcher tells a kernel it starts who its parent is.
    environment["JPY_PARENT_PID"] = str(os.getpid())
    request = {
        "argv": list(command),
        "cwd": str(Path(cwd or os.getcwd()).resolve()),
        "env": environment,
    }
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(ANSWER_SECONDS)
        connection.connect(path)
        connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        line, pending = _read_line(connection)
        connection.settimeout(None)
        answer = json.loads(line)
    except (OSError, ValueError):
        connection.close()
        return None
    from breakaway.render.progress import say_verbose

    if not isinstance(answer.get("pid"), int):
        connection.close()
        say_verbose(f"kernel not forked: {answer.get('refused')}")
        return None
    say_verbose(f"kernel forked (pid {answer['pid']})")
    return ForkedKernel(answer["pid"], connection, pending)


def is_kernel_command(command: list[str], options: list[str] | None = None) -> bool:
    """Whether ``command`` starts ipykernel with this Python (the only command forks can run).

    With ``options``, also whether its interpreter options are exactly those.
    """
    if "-m" not in command or command[command.index("-m") + 1 : command.index("-m") + 2] != [
        LAUNCHER
    ]:
        return False
    if options is not None and command[1 : command.index("-m")] != options:
        return False
    with contextlib.suppress(OSError):
        return os.path.samefile(command[0], sys.executable)
    return False


def _read_line(connection: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            raise OSError("the kernel server closed the connection")
        data += chunk
    line, _, rest = data.partition(b"\n")
    return line, rest


# -- the server ---------------------------------------------------------------------------------


def serve(descriptor: int, parent: int) -> None:
    """Import what kernels need, then fork a kernel for each request until stopped.

    ``descriptor`` is the listening socket the render process made; ``parent`` its pid: the
    server exits at once if that is gone.
    """
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group; the CLI decides
    listener = socket.socket(fileno=descriptor)
    environment = dict(os.environ)  # what a request must match (but what is read when used)
    refusal = _preload()
    server = _Server(listener, environment, refusal)
    signal.signal(signal.SIGTERM, server.stop)
    server.run()


def _preload() -> str | None:
    """Import the kernels' modules; why the server cannot serve, if an import failed."""
    import gc
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    try:
        for module in PRELOADED:
            importlib.import_module(module)
    except Exception as error:  # a fresh kernel reports it in the notebook's own cell
        return f"importing {module} failed: {type(error).__name__}"
    # What the imports made stays shared with every fork: the forks' collector skips it.
    gc.freeze()
    return None


def misfit(request: dict, environment: dict[str, str], options: list[str]) -> str | None:
    """Why a server with ``environment`` and interpreter ``options`` cannot fork ``request``."""
    argv, env, cwd = request.get("argv"), request.get("env"), request.get("cwd")
    if not isinstance(argv, list) or not is_kernel_command(argv, options):
        return "not an ipykernel command of this Python with its options"
    if not isinstance(env, dict) or not isinstance(cwd, str) or not os.path.isdir(cwd):
        return "no environment or working folder"
    differ = sorted(
        name
        for name in set(env) | set(environment)
        if env.get(name) != environment.get(name)
        and not name.startswith(READ_WHEN_USED_PREFIX)
        and name not in READ_WHEN_USED
    )
    if differ:
        return "the environment differs in " + ", ".join(differ)
    return None


class _Server:
    def __init__(self, listener: socket.socket, environment: dict[str, str], refusal: str | None):
        self.listener = listener
        self.environment = environment
        self.refusal = refusal
        # This server's interpreter options (``-X...``): a kernel command must have the same.
        self.options = sys.orig_argv[1 : sys.orig_argv.index("-m")]
        self.kernels: dict[int, socket.socket] = {}  # kernel pid: its requester's connection
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)  # wakes the select below
        self.wake_write = wake_write

    def run(self) -> None:
        while True:
            watched: list[socket.socket | int] = [self.listener, self.wake_read]
            watched += self.kernels.values()
            ready, _, _ = select.select(watched, [], [], 1.0)
            if self.wake_read in ready:
                os.read(self.wake_read, 4096)
            self._reap()
            for connection in ready:
                if connection is self.listener:
                    self._accept()
                elif isinstance(connection, socket.socket):
                    self._requester_gone(connection)

    def stop(self, signum: int, frame) -> None:
        for pid in list(self.kernels):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        os._exit(0)

    def _reap(self) -> None:
        while self.kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.kernels.pop(pid, None)
            if connection is not None:
                with contextlib.suppress(OSError):
                    code = os.waitstatus_to_exitcode(status)
                    connection.sendall(json.dumps({"exit": code}).encode("utf-8") + b"\n")
                connection.close()

    def _requester_gone(self, connection: socket.socket) -> None:
        # A requester sends nothing after its request: readable means it closed (or broke).
        for pid, owned in list(self.kernels.items()):
            if owned is connection:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
                self.kernels.pop(pid)
                connection.close()
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, 0)

    def _accept(self) -> None:
        connection, _ = self.listener.accept()
        if not _same_user(connection):  # the folder already keeps others out; this is a second lock
            connection.close()
            return
        try:
            connection.settimeout(5.0)
            line, _ = _read_line(connection)
            connection.settimeout(None)
            request = json.loads(line)
            why = self.refusal or misfit(request, self.environment, self.options)
            if why is not None:
                connection.sendall(json.dumps({"refused": why}).encode("utf-8") + b"\n")
                connection.close()
                return
        except (OSError, ValueError):
            connection.close()
            return
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 1
            try:
                code = self._become_kernel(connection, request)
            finally:
                os._exit(code)
        self.kernels[pid] = connection
        try:
            connection.sendall(json.dumps({"pid": pid}).encode("utf-8") + b"\n")
        except OSError:
            self._requester_gone(connection)

    def _become_kernel(self, connection: socket.socket, request: dict) -> int:
        """In the fork: make this process the kernel ``request`` asks for, and run it."""
        import atexit

        server = os.getppid()
        os.setsid()  # a session and group of its own, as jupyter_client starts kernels
        _die_with_parent(server)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        for held in (self.wake_read, self.wake_write):
            os.close(held)
        self.listener.close()
        connection.close()
        for other in self.kernels.values():
            other.close()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # As ``python -m ipykernel_launcher`` run in that folder would have them.
        import ipykernel_launcher  # type: ignore[import-untyped] # only its path, for argv[0]

        sys.path[0] = request["cwd"]
        argv = request["argv"]
        sys.argv = [ipykernel_launcher.__file__, *argv[argv.index("-m") + 2 :]]
        code = 0
        try:
            from ipykernel import kernelapp

            # The app's default reads JPY_PARENT_PID when ipykernel is imported (here, before
            # the fork); given as a setting, it is what a kernel started afresh would have read.
            parent = int(os.environ.get("JPY_PARENT_PID") or 0)
            kernelapp.IPKernelApp.launch_instance(parent_handle=parent)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        return code


def _same_user(connection: socket.socket) -> bool:
    """Whether the process at the other end of ``connection`` runs as this user (Linux)."""
    import struct

    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _die_with_parent(parent: int) -> None:
    """Be killed when ``parent`` (our parent process) dies (Linux); exit if it already has."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != SERVE_FLAG or not "".join(sys.argv[2:]).isdigit():
        sys.exit(f"usage: python -m breakaway.render.kernel_forks {SERVE_FLAG} FD PARENT_PID")
    serve(int(sys.argv[2]), int(sys.argv[3]))
