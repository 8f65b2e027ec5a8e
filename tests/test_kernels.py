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
