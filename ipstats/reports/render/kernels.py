"""Kernels that cannot collide: each one talks over Unix sockets in a directory of its own.

With the default TCP transport, jupyter_client picks five free ports by binding and releasing
them, and the kernel binds them again a moment later; when several kernels start at once, another
process can take a port in between and the kernel dies with "Address already in use" before it
answers (seen in CI as "Kernel died before replying to kernel_info"). IPC sockets are named by
path: a fresh private directory per kernel leaves nothing to race for. Off POSIX, the default
TCP manager is used unchanged.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class IpcKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose sockets live in a private temporary directory."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # absolute, so the kernel (started in the notebook's folder) and this process agree;
        # short, because a Unix socket path is limited to ~100 bytes
        self._ipc_dir = tempfile.mkdtemp(prefix="ipstats-k")
        return os.path.join(self._ipc_dir, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        ipc_dir = getattr(self, "_ipc_dir", None)
        if ipc_dir and not restart:
            shutil.rmtree(ipc_dir, ignore_errors=True)


def kernel_manager_class() -> type[Any]:
    """The manager papermill should use here: IPC on POSIX, jupyter_client's default elsewhere."""
    return IpcKernelManager if os.name == "posix" else AsyncKernelManager
