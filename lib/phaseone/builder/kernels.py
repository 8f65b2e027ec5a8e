"""Kernels forked from a warm process, so each notebook skips the imports every kernel repeats.

A build starts one server process (`main`) in the kernels' environment and working folder. It
imports what an IPython kernel imports, then runs the top-level import statements of the
notebooks to build, and waits. Each kernel jupyter_client would start as `python -m
ipykernel_launcher ...` is instead forked from it: the same program, arguments, environment and
folder, in its own session, without the ~2 s of CPU its imports take. The warm heap is frozen
(`gc.freeze`), so the kernels do not copy it page by page as the collector walks it.

The server forks only when the warm-up was invisible: no output, warning, error or thread while
importing (these would belong in the notebook). Otherwise, on another command line, or when the
server is gone, kernels start the usual way. The server ends when the builder closes its socket
(or dies); a forked kernel ends when the server does, as a kernel ends with the process that
started it.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import gc
import importlib.util
import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import uuid
import warnings
from pathlib import Path

LAUNCHER = "ipykernel_launcher"
# what `python -m ipykernel_launcher` imports before it runs any notebook code
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "jupyter_client")
INLINE = "module://matplotlib_inline.backend_inline"  # the backend ipykernel selects


def supported() -> bool:
    """Forking kernels needs fork and pidfd (Linux)."""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open")


def notebook_imports(sources: list[Path]) -> str:
    """The top-level `import` statements of the notebooks (jupytext `.py` files), as source."""
    lines: dict[str, None] = {}
    for source in sources:
        if source.suffix != ".py":
            continue
        try:
            tree = ast.parse(source.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            absolute = isinstance(node, ast.ImportFrom) and not node.level
            if isinstance(node, ast.Import) or absolute:
                lines[ast.unparse(node)] = None
    return "\n".join(lines)


# ------------------------------------------------------------------------------- builder side


class ForkedKernel:
    """The part of `subprocess.Popen` jupyter_client uses, for a kernel the server forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode, self._ended = pid, None, threading.Event()

    def ended(self, status: int) -> None:
        self.returncode = status
        self._ended.set()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class KernelServer:
    """The builder's handle on the server process: start it, fork kernels, close it."""

    def __init__(self, cwd: Path, imports: str):
        self.cwd = str(Path(cwd).resolve())
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env.setdefault("MPLBACKEND", INLINE)
        # run from its file, so the kernels do not inherit the builder's modules
        server = f"import runpy, sys; runpy.run_path(sys.argv[1])['main']({theirs.fileno()})"
        self._process = subprocess.Popen(
            [sys.executable, "-c", server, __file__],
            stdin=subprocess.PIPE, cwd=self.cwd, env=env, pass_fds=(theirs.fileno(),),
            start_new_session=True,
        )
        theirs.close()
        self._socket, self._lock = ours, threading.Lock()
        self._kernels: dict[int, ForkedKernel] = {}
        self._ready, self._reply = threading.Event(), threading.Event()
        self._started: ForkedKernel | None = None
        self._usable = False
        self._socket.sendall(json.dumps({"imports": imports}).encode() + b"\n")
        threading.Thread(target=self._read, daemon=True, name="phaseone-kernels").start()

    def _read(self) -> None:
        for line in self._socket.makefile("rb"):
            message = json.loads(line)
            if "ready" in message:
                self._usable = message["ready"]
                self._ready.set()
            elif "exit" in message:
                self._kernels.pop(message["exit"]).ended(message["status"])
            else:
                self._kernels[message["pid"]] = self._started = ForkedKernel(message["pid"])
                self._reply.set()
        self._usable = False  # the server is gone: kernels start the usual way
        self._ready.set()
        self._reply.set()
        for kernel in list(self._kernels.values()):
            kernel.ended(-signal.SIGKILL)

    def launch(self, cmd: list[str], env: dict, cwd: str | None) -> ForkedKernel | None:
        """Fork a kernel for `cmd`, or None when this command or folder is not ours to fork."""
        if cmd[:3] != [sys.executable, "-m", LAUNCHER]:
            return None
        if str(Path(cwd or os.getcwd()).resolve()) != self.cwd:
            return None
        self._ready.wait()
        with self._lock:  # one request at a time
            if not self._usable:
                return None
            self._reply.clear()
            self._started = None
            request = {"argv": cmd[3:], "env": env, "cwd": self.cwd}
            try:
                self._socket.sendall(json.dumps(request).encode() + b"\n")
            except OSError:
                return None
            self._reply.wait()
            return self._started

    def close(self) -> None:
        """End the server (kernels it forked end with it)."""
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        self._process.stdin.close()
        self._process.wait()


_RUNNING: set = set()  # provisioners of the kernels running now


def kill_running() -> None:
    """Kill every kernel started here that still runs, with its process group (on an
    interrupt, so that a build stops now rather than when its notebooks end)."""
    for provisioner in list(_RUNNING):
        if provisioner.pgid and hasattr(os, "killpg"):
            with contextlib.suppress(OSError):
                os.killpg(provisioner.pgid, signal.SIGKILL)
        with contextlib.suppress(OSError, AttributeError):  # a kernel not yet in its own group
            provisioner.process.kill()


def manager_class(server: KernelServer | None):
    """A jupyter_client kernel manager whose kernels `server` forks when it can (else they
    start the usual way), and that `kill_running` can reach."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner

    class Provisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            env = dict(kwargs.get("env") or os.environ)
            kernel = server and server.launch(cmd, env, kwargs.get("cwd"))
            if kernel:
                self.process, self.pid, self.pgid = kernel, kernel.pid, kernel.pid
                self.cwd = kwargs.get("cwd") or server.cwd
                info = self.connection_info
            else:
                info = await super().launch_kernel(cmd, **kwargs)
            _RUNNING.add(self)
            return info

        async def cleanup(self, restart: bool = False) -> None:
            _RUNNING.discard(self)
            await super().cleanup(restart)

    class KernelManager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            if self.provisioner is None:
                self.provisioner = Provisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            return await super()._async_pre_start_kernel(**kw)

    return KernelManager


# -------------------------------------------------------------------------------- server side


class _Shell:
    """Stands in for the kernel's shell while the server imports, so that a module asking at
    import time whether it runs in a Jupyter kernel (pandas sizes its reprs by it) hears yes."""

    kernel = True
    config = {"IPKernelApp": {}}


def _warm(imports: str) -> bool:
    """Import the kernel's modules and run the notebooks' imports, with `sys.path` as in the
    kernel; True when nothing was printed, warned, raised or started (so a kernel forked
    afterwards shows what a fresh one would)."""
    from IPython.core.shellapp import InteractiveShellApp

    if sys.path and sys.path[0] == "":  # as ipykernel_launcher does
        del sys.path[0]
    shown, shell = io.StringIO(), _Shell()
    builtins.get_ipython = lambda: shell
    try:
        with warnings.catch_warnings(record=True) as caught, \
                contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
            for module in KERNEL_MODULES:
                importlib.import_module(module)
            InteractiveShellApp().init_path()  # the notebook's folder after the standard library
            for statement in ast.parse(imports).body:
                code = compile(ast.Module([statement], []), "<notebook imports>", "exec")
                exec(code, {"__name__": "__main__"})  # as in the kernel's namespace
    except Exception:  # noqa: BLE001 - the kernel will raise it in the notebook's own cell
        return False
    finally:
        del builtins.get_ipython
        if "" in sys.path:  # the kernel adds it itself
            sys.path.remove("")
    return (not caught and not shown.getvalue() and threading.active_count() == 1
            and "matplotlib_inline" not in sys.modules)


def _serve(channel: socket.socket) -> dict | None:
    """Answer fork requests until the builder closes the channel (or is gone: killed, its end
    of the channel reset); in a forked child, return its request."""
    try:
        return _answer(channel)
    except (OSError, ValueError):  # BrokenPipeError, a cut line: the builder is gone; end quietly
        return None


def _answer(channel: socket.socket) -> dict | None:
    stream = channel.makefile("rb")
    # the kernels' parent: ipykernel reads it on import, to end a kernel whose parent is gone
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    before = dict(os.environ)
    ready = _warm(json.loads(stream.readline())["imports"])
    set_by_imports = {k: v for k, v in os.environ.items() if before.get(k) != v}
    gc.freeze()  # the collector leaves what the kernels share alone: no copy of every page
    channel.sendall(json.dumps({"ready": ready}).encode() + b"\n")
    children: dict[int, int] = {}  # pidfd -> pid
    while True:
        readable, _, _ = select.select([channel, *children], [], [])
        for fd in readable:
            if fd is channel:
                line = stream.readline()
                if not line:
                    return None
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    for pidfd in children:
                        os.close(pidfd)
                    stream.close()
                    channel.close()
                    request["env"].update(set_by_imports)
                    return request
                children[os.pidfd_open(pid)] = pid
                channel.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            else:
                pid = children.pop(fd)
                os.close(fd)
                status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
                channel.sendall(json.dumps({"exit": pid, "status": status}).encode() + b"\n")


def _become_kernel(request: dict) -> None:
    """In the forked child: be `python -m ipykernel_launcher ARGS` in the requested session,
    folder and environment; the kernel ends with the server (its parent)."""
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    if "numpy.random" in sys.modules:  # fresh entropy, as in a fresh process
        sys.modules["numpy.random"].seed()
    sys.argv = [importlib.util.find_spec(LAUNCHER).origin, *request["argv"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def main(channel: int) -> None:
    """The server process: serve until the builder goes; in a forked child, be the kernel."""
    request = _serve(socket.socket(fileno=channel))
    if request is None:
        os._exit(0)  # nothing to flush or save: skip tearing down the imported modules
    _become_kernel(request)
