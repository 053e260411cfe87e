"""Report kernels talk over Unix sockets in a private folder, so parallel starts cannot race
for TCP ports (CI once lost a job to "Address already in use")."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from ipstats.reports.render.kernels import IpcKernelManager, kernel_manager_class


@pytest.mark.skipif(os.name != "posix", reason="IPC sockets are POSIX only")
def test_posix_renders_use_the_ipc_manager():
    assert kernel_manager_class() is IpcKernelManager


@pytest.mark.skipif(os.name != "posix", reason="IPC sockets are POSIX only")
def test_each_kernel_gets_a_private_absolute_socket_folder_removed_at_shutdown():
    a, b = IpcKernelManager(kernel_name="python3"), IpcKernelManager(kernel_name="python3")
    assert a.transport == "ipc"
    assert os.path.isabs(a.ip) and os.path.isabs(b.ip)
    assert Path(a.ip).parent != Path(b.ip).parent
    assert len(a.ip) < 80  # a Unix socket path is limited to about 100 bytes
    folder = Path(a.ip).parent

    async def start_talk_stop() -> list[str]:
        await a.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        try:
            client = a.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            sockets = sorted(p.name for p in folder.iterdir())
            client.stop_channels()
            return sockets
        finally:
            await a.shutdown_kernel(now=True)

    sockets = asyncio.run(start_talk_stop())
    assert len(sockets) == 5 and all(s.startswith("k-") for s in sockets)
    assert not folder.exists()
    Path(b.ip).parent.rmdir()
