"""The jupyter_client internals the builder's forked kernels override, pinned: a release that
renames them fails here, not in a build."""

import inspect

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from phaseone.builder import kernels


def test_the_overridden_jupyter_client_methods_still_exist_with_their_signatures():
    pre_start = AsyncKernelManager._async_pre_start_kernel
    assert inspect.iscoroutinefunction(pre_start)
    assert inspect.signature(pre_start).parameters["kw"].kind is inspect.Parameter.VAR_KEYWORD
    assert list(inspect.signature(LocalProvisioner.launch_kernel).parameters)[:2] == [
        "self", "cmd"]
    assert "restart" in inspect.signature(LocalProvisioner.cleanup).parameters
    source = inspect.getsource(LocalProvisioner)  # the attributes a forked kernel fills in
    assert all(f"self.{name}" in source for name in ("process", "pid", "pgid", "cwd"))


def test_the_manager_class_overrides_exactly_those_methods():
    manager = kernels.manager_class(None)
    assert issubclass(manager, AsyncKernelManager)
    assert "_async_pre_start_kernel" in vars(manager)


def test_the_kernel_server_ends_quietly_when_its_builder_is_gone():
    """A builder killed (SIGKILL) while its server warms up: the server's first reply meets a
    closed channel and it exits 0 without a BrokenPipeError traceback."""
    import json
    import socket
    import subprocess
    import sys

    ours, theirs = socket.socketpair()
    server = f"import runpy, sys; runpy.run_path(sys.argv[1])['main']({theirs.fileno()})"
    process = subprocess.Popen([sys.executable, "-c", server, kernels.__file__],
                               pass_fds=(theirs.fileno(),), stderr=subprocess.PIPE, text=True)
    theirs.close()
    ours.sendall(json.dumps({"imports": ""}).encode() + b"\n")
    ours.close()  # the builder is gone before the server says it is ready
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0 and "Traceback" not in errors, errors
