"""The kernel manager Voila is configured with: every kernel gets the kernel-environment
contract and a pass of its own, runs under a memory ceiling, and pool refills are spaced out.

Voila builds its pooling manager on top of the ``multi_kernel_manager_class`` it is configured
with, so both pooled and on-demand kernels pass through ``start_kernel`` here: the one place a
kernel's environment is decided.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
from dataclasses import replace
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Any as AnyTrait, Dict, Float, Int

from ..kernel_env import KernelConfig, kernel_environment

log = logging.getLogger("huddle.server")


class HuddleKernelManager(AsyncMappingKernelManager):
    """Starts kernels with Huddle's kernel configuration and no secrets, refills spaced apart."""

    kernel_variables = Dict(config=True, help="the kernel-environment contract's variables (huddle.kernel_env)")
    refill_spacing = Float(
        0.6, config=True,
        help="seconds between two pooled kernel starts: Voila starts every missing kernel at once, "
        "and 30 kernels starting together on two cores stall the pages of everyone who just joined",
    )

    memory_limit_mb = Int(
        0, config=True,
        help="the most private memory (MiB) one kernel may hold, so one page cannot take the machine's "
        "memory (H2); 0: no limit",
    )
    #: The server's ``Visitors`` (visitors.py), set once the app is built: it hands out kernel passes.
    visitors = AnyTrait(None, allow_none=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._next_slot = 0.0

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        inherited = kwargs.get("env") or dict(os.environ)
        kernel_pass = self.visitors.new_pass() if self.visitors is not None else None
        config = replace(KernelConfig.current(self.kernel_variables), kernel_pass=kernel_pass)
        kwargs["env"] = kernel_environment(inherited, config)
        # Voila marks the kernels it starts for its pool (VOILA_PREHEAT); a visitor's own
        # on-demand kernel is never held back.
        if inherited.get("VOILA_PREHEAT") == "True":
            await self._wait_for_slot()
        kernel_id = await super().start_kernel(*args, **kwargs)
        if self.visitors is not None and kernel_pass:
            self.visitors.kernel_started(kernel_id, kernel_pass)
        self._limit_memory(kernel_id)
        return kernel_id

    def _limit_memory(self, kernel_id: str) -> None:
        """Cap the kernel process's private memory (RLIMIT_DATA: heap and private mappings, the
        memory a flood of widget messages fills). Past it the kernel's allocations fail and the
        kernel stops, not the server; its page offers a reload."""
        pid = getattr(getattr(self.get_kernel(kernel_id), "provisioner", None), "pid", None)
        if not self.memory_limit_mb or not pid:
            return
        limit = self.memory_limit_mb * 1024 * 1024
        try:
            resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))
        except (OSError, ValueError, AttributeError) as error:  # the kernel already exited, or a platform without prlimit
            log.warning("Could not limit a kernel's memory: %s", error)

    async def _wait_for_slot(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self.refill_spacing
        if slot > now:
            await asyncio.sleep(slot - now)
