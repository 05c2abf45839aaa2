"""The kernel manager Voila is configured with: every kernel gets the kernel-environment
contract, and pool refills are spaced out.

Voila builds its pooling manager on top of the ``multi_kernel_manager_class`` it is configured
with, so both pooled and on-demand kernels pass through ``start_kernel`` here: the one place a
kernel's environment is decided.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Dict, Float

from ..kernel_env import KernelConfig, kernel_environment


class HuddleKernelManager(AsyncMappingKernelManager):
    """Starts kernels with Huddle's kernel configuration and no secrets, refills spaced apart."""

    kernel_variables = Dict(config=True, help="the kernel-environment contract's variables (huddle.kernel_env)")
    refill_spacing = Float(
        0.6, config=True,
        help="seconds between two pooled kernel starts: Voila starts every missing kernel at once, "
        "and 30 kernels starting together on two cores stall the pages of everyone who just joined",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._next_slot = 0.0

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        inherited = kwargs.get("env") or dict(os.environ)
        kwargs["env"] = kernel_environment(inherited, KernelConfig.current(self.kernel_variables))
        # Voila marks the kernels it starts for its pool (VOILA_PREHEAT); a visitor's own
        # on-demand kernel is never held back.
        if inherited.get("VOILA_PREHEAT") == "True":
            await self._wait_for_slot()
        return await super().start_kernel(*args, **kwargs)

    async def _wait_for_slot(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self.refill_spacing
        if slot > now:
            await asyncio.sleep(slot - now)
