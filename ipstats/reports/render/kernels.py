"""Kernels that cannot collide: each one talks over Unix sockets in a directory of its own.

With the default TCP transport, jupyter_client picks five free ports by binding and releasing
them, and the kernel binds them again a moment later; when several kernels start at once, another
process can take a port in between and the kernel dies with "Address already in use" before it
answers (seen in CI as "Kernel died before replying to kernel_info"). IPC sockets are named by
path: a fresh private directory per kernel leaves nothing to race for. Off POSIX, the default
TCP manager is used unchanged.

Their client (:class:`QuickStartClient`) is ready as soon as the kernel answers: jupyter_client's
own waits for 0.2 s of silence on IOPub after the kernel's first reply, to drop start-up
messages, on every start (nbclient ignores messages that do not answer its own requests).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, default

# Seconds of IOPub silence that end the start-up flush (jupyter_client waits 0.2 s).
FLUSH_SECONDS = 0.01


class QuickStartClient(AsyncKernelClient):
    """An AsyncKernelClient whose :meth:`wait_for_ready` does not idle after the kernel is up."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """As jupyter_client's (kernel_info until answered and IOPub connected, or the kernel
        died, or ``timeout``), with a short IOPub flush."""
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once a message arrives on it
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=FLUSH_SECONDS)
            except Empty:
                break

    def stop_channels(self) -> None:
        """As jupyter_client's, without lingering 0.1 s on messages to a kernel that is gone."""
        for channel in (self.shell_channel, self.iopub_channel, self.stdin_channel,
                        self.hb_channel, self.control_channel):
            if channel.is_alive():
                channel.stop()
        if self._created_context and not self.context.closed:
            self.context.destroy(linger=0)


class IpcKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose sockets live in a private temporary directory."""

    client_class = DottedObjectName("ipstats.reports.render.kernels.QuickStartClient")

    @default("client_factory")
    def _client_factory_default(self) -> type[QuickStartClient]:
        return QuickStartClient

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # absolute, so the kernel (started in the notebook's folder) and this process agree;
        # short, because a Unix socket path is limited to ~100 bytes
        self._ipc_dir = tempfile.mkdtemp(prefix="ipstats-k")
        return os.path.join(self._ipc_dir, "k")

    async def _async_wait(self, pollinterval: float = 0.005) -> None:
        # after a kill the kernel is gone within milliseconds; jupyter_client polls every 0.1 s
        await super()._async_wait(pollinterval=pollinterval)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        if self._created_context and not restart and not await self._async_is_alive():
            # the kernel is gone: nothing queued for it can be delivered; do not wait 0.1 s
            self.context.destroy(linger=0)
        await super()._async_cleanup_resources(restart=restart)
        ipc_dir = getattr(self, "_ipc_dir", None)
        if ipc_dir and not restart:
            shutil.rmtree(ipc_dir, ignore_errors=True)


def kernel_manager_class() -> type[Any]:
    """The manager papermill should use here: IPC on POSIX, jupyter_client's default elsewhere."""
    return IpcKernelManager if os.name == "posix" else AsyncKernelManager
