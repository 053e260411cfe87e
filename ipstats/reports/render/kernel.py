"""Warm kernels for papermill: a kernel manager whose kernels are forked from a preloaded
template (:mod:`.forkserver`), with a fallback to ordinary kernels.

papermill and nbclient drive the kernel exactly as usual (parameter injection, cell timeouts,
error reporting, the executed notebook); only the launch differs: instead of spawning
``python -m ipykernel_launcher -f CONNECTION_FILE ...`` the provisioner asks the template to
fork a child that runs the same kernel with the same arguments, environment and working
directory. See :mod:`.forkserver` for what a job can and cannot see of another.

Every kernel, forked or not, talks over IPC sockets in a private folder
(:class:`~ipstats.reports.render.kernels.IpcKernelManager`): no TCP port to race for.

Fallbacks to an ordinary kernel: the template is not ready within its start-up timeout, it
died, the platform has no ``fork`` (Windows), the kernel command is not an ipykernel one, or
``IPSTATS_WARM_KERNELS=0`` is set.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from ipstats.reports.render.forkserver import KernelTemplate, warm_kernels_supported
from ipstats.reports.render.kernels import IpcKernelManager, kernel_manager_class

__all__ = ["KernelTemplate", "WarmKernelManager", "manager_class", "warm_kernels_supported"]


class ForkedKernel:
    """The part of :class:`subprocess.Popen` a provisioner uses, for a process that is the
    template's child, not ours (the template reaps it; its exit code is not known here)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._start = _proc_stat(pid)

    def poll(self) -> int | None:
        """None while the kernel runs. Dead: gone, a zombie (its parent, the template, was
        killed first), or its pid now names another process (compared by start time)."""
        if self.returncode is None:
            stat = _proc_stat(self.pid)
            if stat is not None:
                if stat[0] == "Z" or (self._start and stat[1] != self._start[1]):
                    self.returncode = 0
                return self.returncode
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.01)
        return self.returncode or 0

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """State and start time of a process from /proc (Linux); None elsewhere or if gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return fields[0], fields[19]
    except (OSError, IndexError):
        return None


def _launcher_argv(cmd: list[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` of an ipykernel command, else None."""
    if "-m" in cmd:
        i = cmd.index("-m")
        if i + 1 < len(cmd) and cmd[i + 1] == "ipykernel_launcher":
            return cmd[i + 2:]
    return None


class WarmProvisioner(LocalProvisioner):
    """A local provisioner that forks the kernel from the template when it can."""

    template: KernelTemplate | None = None
    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        argv = _launcher_argv(cmd)
        pid = None
        if self.template is not None and argv is not None:
            env = dict(kwargs.get("env") or os.environ)
            cwd = str(Path(kwargs.get("cwd") or os.getcwd()).resolve())
            pid = self.template.fork(argv, cwd, env)
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)  # type: ignore[assignment]  # Popen's interface
        self.pid = self.pgid = pid  # the child called setsid()
        self.cwd = kwargs.get("cwd")
        self.forked = True
        return self.connection_info

    async def wait(self) -> int | None:
        """As LocalProvisioner's, polling every 5 ms instead of 100 ms: a kernel shut down with
        ``now=True`` is killed, so it is gone almost at once, and every job waits for it."""
        ret = 0
        if self.process:
            while await self.poll() is None:
                await asyncio.sleep(0.005)
            ret = self.process.wait()
            for attr in ("stdout", "stderr", "stdin"):
                fid = getattr(self.process, attr)
                if fid:
                    fid.close()
            self.process = None
        return ret


if TYPE_CHECKING:  # the mixin is only ever combined with a kernel manager
    _Manager = AsyncKernelManager
else:
    _Manager = object


class WarmLaunch(_Manager):
    """Mixin for a jupyter_client kernel manager: kernels forked from ``template`` (ordinary
    ones when it is None or unavailable), with ``extra_env`` added to the kernel's environment."""

    template: ClassVar[KernelTemplate | None] = None
    extra_env: ClassVar[dict[str, str]] = {}

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
        if self.provisioner is None:
            provisioner = WarmProvisioner(kernel_id=self.kernel_id,
                                          kernel_spec=self.kernel_spec, parent=self)
            provisioner.template = self.template
            self.provisioner = provisioner
        if self.extra_env:
            kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
        return await super()._async_pre_start_kernel(**kw)

    @property
    def forked(self) -> bool:
        """True if this manager's kernel came from the template."""
        return bool(getattr(self.provisioner, "forked", False))


class WarmKernelManager(WarmLaunch, IpcKernelManager):
    """A kernel manager papermill accepts (``kernel_manager_class=``): warm kernels over IPC
    sockets. Make a subclass per job with :func:`manager_class`."""


class _TcpWarmKernelManager(WarmLaunch, AsyncKernelManager):
    """Off POSIX: jupyter_client's default transport (and never a template: no fork)."""


def manager_class(template: KernelTemplate | None,
                  extra_env: dict[str, str] | None = None) -> type[WarmLaunch]:
    """The manager class for one job: bound to ``template`` and ``extra_env``."""
    base = WarmKernelManager if kernel_manager_class() is IpcKernelManager else _TcpWarmKernelManager
    return type("JobKernelManager", (base,),
                {"template": template, "extra_env": dict(extra_env or {})})
