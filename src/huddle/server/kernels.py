"""The kernel manager Voila is configured with: every kernel gets the kernel-environment
contract and a pass of its own, runs under a memory ceiling, and pool refills are spaced out.

Voila builds its pooling manager on top of the ``multi_kernel_manager_class`` it is configured
with, so both pooled and on-demand kernels pass through ``start_kernel`` here: the one place a
kernel's environment is decided.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import resource
from dataclasses import replace
from typing import Any, Callable

import zmq
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Any as AnyTrait, Dict, Float, Int, TraitError

from ..kernel_env import KernelConfig, kernel_environment

log = logging.getLogger("huddle.server")

#: ZeroMQ sockets the server holds: each kernel's control and heartbeat channels, and each page's
#: websocket four more (shell, iopub, stdin, control), with headroom for the pool and the API.
SOCKETS_PER_KERNEL = 2
SOCKETS_PER_PAGE = 4
#: The share of the room kept started ahead once the room has joined, for whoever comes late.
LATE_RESERVE = 0.05


def sockets_for(pages: int) -> int:
    """How many ZeroMQ sockets (and so file descriptors) a server with ``pages`` live pages needs:
    a kernel per page, and a websocket per page, two when a page reconnects."""
    return 256 + pages * (SOCKETS_PER_KERNEL + 2 * SOCKETS_PER_PAGE)


def raise_open_files(needed: int) -> int:
    """Raise this process's soft limit of open files to ``needed`` (at most the hard limit), so
    the sockets above do not fail with "Too many open files"; returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft


def pool_target(room: int, in_use: int, reserve: float = LATE_RESERVE) -> int:
    """How many kernels to keep started ahead: what the expected room (``room``, the pool size)
    still needs, then a small reserve for late joiners instead of a second full pool."""
    if room <= 0:
        return 0
    return max(room - in_use, math.ceil(room * reserve), 1)


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
    max_sockets = Int(
        0, config=True,
        help="ZeroMQ sockets the server's context may hold (0: ZeroMQ's default, 1023, which a room "
        "of about 125 live pages exhausts); set before the first socket exists",
    )
    #: The server's ``Visitors`` (visitors.py), set once the app is built: it hands out kernel passes.
    visitors = AnyTrait(None, allow_none=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._next_slot = 0.0
        if self.max_sockets:
            # ZeroMQ reads the limit when the context makes its first socket: this is before it.
            limit = min(self.max_sockets, self.context.get(zmq.SOCKET_LIMIT))
            raise_open_files(limit + 256)
            self.context.set(zmq.MAX_SOCKETS, limit)

    def fit_pool(self, fill: Callable[..., None], notebook: str) -> Callable[..., None]:
        """Voila's ``fill_if_needed``, made to refill ``notebook``'s pool only to ``pool_target``:
        Voila refills the whole pool after every kernel handed out, so after a room of N joined
        it held 2N kernels. The configured size is the room expected; kernels given to pages
        count against it."""
        pools = self.kernel_pools_config  # type: ignore[attr-defined]
        room = int(pools.get(notebook, {}).get("pool_size", 0))

        def fitted(*args: Any, notebook_name: str | None = None, **kwargs: Any) -> None:
            if notebook_name == notebook and room:
                pools[notebook] = {**pools.get(notebook, {}), "pool_size": pool_target(room, self.pages_from(notebook))}
            fill(*args, notebook_name=notebook_name, **kwargs)

        return fitted

    def limit_prerun(self, initialize: Callable[..., Any], at_once: int | None = None) -> Callable[..., Any]:
        """Voila's ``_initialize`` (start a pooled kernel, then run its notebook ahead), with at
        most ``at_once`` notebooks (one per CPU) being run ahead together. Voila started every
        missing kernel at once: filling a pool of 200 on two cores, 70 notebooks waited past
        their output timeout and their pages would have been handed out empty."""
        gate = asyncio.Semaphore(at_once or max(1, os.cpu_count() or 1))

        async def limited(*args: Any, **kwargs: Any) -> Any:
            await gate.acquire()
            try:
                started = await initialize(*args, **kwargs)
            except BaseException:
                gate.release()
                raise
            task = started.get("task") if isinstance(started, dict) else None
            if isinstance(task, asyncio.Future) and not task.done():
                task.add_done_callback(lambda _: gate.release())
            else:
                gate.release()
            return started

        return limited

    def pages_from(self, notebook: str) -> int:
        """Kernels of ``notebook`` given to pages (started for it, and no longer in its pool)."""
        data = getattr(self, "notebook_data", {})
        started = sum(len(entry.get("kernel_ids", ())) for path, entry in data.items() if str(path).endswith(notebook))
        pool = getattr(self, "_pools", {}).get(notebook, [])
        waiting = sum(1 for task in pool if task.done() and not task.cancelled() and task.exception() is None)
        return max(0, started - waiting)

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

    def start_watching_activity(self, kernel_id: str) -> None:
        """Watch the kernel's messages for activity as jupyter_server does, reading less of each.

        jupyter_server checks every message's signature and parses its dates only to learn its
        type and, for a status, the kernel's state: with 200 pages that was a seventh of the
        server's CPU. This reads the two headers' JSON and a status's content, nothing more.
        Skipping the signature is safe here: the messages come from the server's own kernel over
        its own socket, and all they can move is when an idle kernel is culled.
        """
        super().start_watching_activity(kernel_id)
        kernel = self._kernels[kernel_id]
        kernel._activity_stream.on_recv(self._activity_recorder(kernel))  # replaces upstream's callback

    def _activity_recorder(self, kernel: Any) -> Callable[[list[bytes]], None]:
        unpack = kernel.session.unpack

        def record(message: list[bytes]) -> None:
            try:
                _identities, parts = kernel.session.feed_identities(message, copy=True)
                header, parent = unpack(parts[1]), unpack(parts[2])
            except (ValueError, IndexError, TypeError):
                return  # not a message; jupyter_server would have logged and dropped it too
            kind, parent_kind = header.get("msg_type"), (parent or {}).get("msg_type")
            tracked = self.track_message_type(parent_kind)
            if self.track_message_type(kind) or tracked or kernel.execution_state == "busy":
                self.last_kernel_activity = kernel.last_activity = utcnow()
            if kind != "status":
                return
            try:
                state = unpack(parts[4]).get("execution_state")
            except (ValueError, IndexError, AttributeError):
                return
            if tracked:
                kernel.execution_state = state
            elif kernel.execution_state == "starting" and state != "starting":
                kernel.execution_state = "idle"  # after starting, idle unless we know better

        return record

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull as jupyter_server does, except a kernel still starting: it has no last activity
        yet, and asking for it raised a TraitError traceback into the log for every kernel of a
        large pool fill. The next round of culling looks at it again."""
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            return
        if getattr(kernel, "execution_state", None) != "dead":  # a dead one is culled at once, as upstream
            try:
                kernel.last_activity  # noqa: B018 - set once the kernel's first message is seen
            except TraitError:
                return
        await super().cull_kernel_if_idle(kernel_id)

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
