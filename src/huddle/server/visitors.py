"""What the server knows about the browsers it serves, in memory only: which page was given
which kernel, and how much one client address may ask for.

This is the server's side of four rules of the hardening issue:

- **Kernel budget (H2):** at most ``max_pages`` participant pages hold a kernel at once, and one
  client address starts at most ``starts_per_minute`` of them a minute; past either a visitor
  gets a page saying so instead of a hang.
- **Identities the server vouches for (M1, P9):** one client address brings at most
  ``joins_per_address`` new participant identities into a session. A participant's page joins
  through its kernel, which calls the API over loopback: the kernel's per-kernel pass (in its
  environment, ``huddle.kernel_env``) tells the API which page, and so which address, a call
  comes from.
- **Kernel access bound to its page (L4):** the page that was given a kernel gets a secret in a
  cookie scoped to that kernel's addresses; its channels open for that secret only.

Addresses are never stored or logged (P1): they are kept as keyed digests under a key made when
the process starts, and only for as long as a limit needs them. Behind a reverse proxy the
client's address comes from the header the proxy sets (``--client-address-header``, for example
``X-Real-IP``), which is trusted from any peer: set it only when every request reaches Huddle
through that proxy. A request from this machine (127.0.0.1 or ::1) that names no client (the
server's own kernels, or a proxy on this machine left without the header) is not limited per
address, so such a proxy never locks a whole room out; the cap on pages still holds.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
from dataclasses import dataclass, field
from typing import Iterable, Literal

from tornado.httputil import HTTPServerRequest

from ..kernel_env import KERNEL_PASS_HEADER
from ..model.identity import digest, normalise_code
from .kernels import LATE_RESERVE
from .ratelimit import RateLimiter

#: The cookie holding the page's secret for its own kernel.
PAGE_COOKIE = "huddle-page"
#: About this much memory, in MiB, one participant page's kernel holds once its notebook ran.
MEMORY_PER_KERNEL_MB = 80

#: The addresses this machine's own connections come from: its kernels, and a reverse proxy on it.
THIS_MACHINE = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})

Refusal = Literal["full", "busy"]


def default_max_pages(pool_size: int, memory_mb: int | None = None) -> int:
    """How many participant pages may hold a kernel at once on this machine: three quarters of
    its memory, at ``MEMORY_PER_KERNEL_MB`` a kernel, less the reserve the pool keeps started
    once the room is in (kernels.pool_target). The pool's kernels are the room's own once handed
    out, so the pool is not counted twice: with it subtracted whole, a 24 GB server with a pool
    of 200 refused every page after the 30th."""
    if memory_mb is None:
        memory_mb = machine_memory_mb()
    reserve = math.ceil(pool_size * LATE_RESERVE) if pool_size > 0 else 0
    return max(10, int(memory_mb * 0.75 / MEMORY_PER_KERNEL_MB) - reserve)


def machine_memory_mb() -> int:
    """This machine's memory in MiB (4 GiB when it cannot be read)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 4096


@dataclass
class _Kernel:
    pass_digest: str
    address: str | None = None
    page_digest: str | None = None
    #: A participant's page (counted against the cap), not a facilitator's.
    participant: bool = True
    #: A page served to a browser signed in to the facilitator home: its calls are the admin's.
    admin: bool = False


@dataclass
class Visitors:
    """The in-memory registry of kernels, pages and client addresses (see the module)."""

    max_pages: int
    starts_per_minute: int = 20
    joins_per_address: int = 3
    address_header: str | None = None
    _salt: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _kernels: dict[str, _Kernel] = field(default_factory=dict)
    _by_pass: dict[str, str] = field(default_factory=dict)
    _starts: RateLimiter = field(init=False)
    _joins: RateLimiter = field(init=False)
    _joins_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._starts = RateLimiter(rate=self.starts_per_minute / 60, burst=max(1, self.starts_per_minute))
        # New identities per session and address: a whole allowance, refilled over an hour.
        self._joins = RateLimiter(rate=self.joins_per_address / 3600, burst=max(1, self.joins_per_address))

    # client addresses -----------------------------------------------------------------------

    def address(self, request: HTTPServerRequest) -> str | None:
        """A keyed digest of the client's address, or None for a request from this machine that
        names no client (see the module)."""
        peer = request.remote_ip or ""
        # The proxy's own value is the last one: anything before it came from the client.
        named = request.headers.get(self.address_header, "").split(",")[-1].strip() if self.address_header else ""
        if named:
            peer = named
        elif peer in THIS_MACHINE:
            return None
        return hmac.new(self._salt, peer.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]

    def caller(self, request: HTTPServerRequest) -> str | None:
        """Whose API call this is, as an address digest: the page's address when the call comes
        from a participant kernel with its pass, else the request's own client address."""
        presented = request.headers.get(KERNEL_PASS_HEADER)
        if presented:
            kernel_id = self._by_pass.get(digest(presented))
            kernel = self._kernels.get(kernel_id) if kernel_id else None
            if kernel is not None:
                # A pooled kernel not yet given to a page speaks for nobody yet: limited on its own.
                return kernel.address or f"kernel:{kernel_id}"
        return self.address(request)

    # kernels and pages ----------------------------------------------------------------------

    def new_pass(self) -> str:
        """A fresh pass for a kernel about to start (it goes into the kernel's environment)."""
        return secrets.token_urlsafe(24)

    def kernel_started(self, kernel_id: str, kernel_pass: str) -> None:
        """Remember which kernel holds ``kernel_pass``."""
        pass_digest = digest(kernel_pass)
        self._kernels[kernel_id] = _Kernel(pass_digest)
        self._by_pass[pass_digest] = kernel_id

    def may_open_page(self, address: str | None, live: Iterable[str]) -> Refusal | None:
        """None when a page may be given a kernel now; else why not ("full": the room's cap is
        reached, "busy": this address started many pages within the last minute)."""
        self.forget_gone(live)
        if self.pages() >= self.max_pages:
            return "full"
        if address is not None and self.starts_per_minute and not self._starts.allow(address):
            return "busy"
        return None

    def page_given(self, kernel_id: str, address: str | None, *, participant: bool = True, admin: bool = False) -> str:
        """Record that a page from ``address`` was given ``kernel_id``; returns the page's secret.
        A facilitator's page (``participant=False``) is not counted against the cap; an admin's
        page (``admin``, served to a browser signed in to the facilitator home) makes its
        kernel's API calls the admin's."""
        secret = secrets.token_urlsafe(24)
        kernel = self._kernels.setdefault(kernel_id, _Kernel(pass_digest=""))
        kernel.address, kernel.page_digest, kernel.participant = address, digest(secret), participant
        kernel.admin = admin and not participant
        return secret

    def admin_call(self, request: HTTPServerRequest) -> bool:
        """True when an API call comes from the kernel of a page served to the signed-in admin
        (it carries that kernel's pass, which only the kernel holds)."""
        presented = request.headers.get(KERNEL_PASS_HEADER)
        kernel_id = self._by_pass.get(digest(presented)) if presented else None
        kernel = self._kernels.get(kernel_id) if kernel_id else None
        return bool(kernel and kernel.admin)

    def page_matches(self, kernel_id: str, secret: str | None) -> bool:
        """True when ``secret`` is the one given with ``kernel_id``'s page."""
        kernel = self._kernels.get(kernel_id)
        if kernel is None or kernel.page_digest is None or not secret:
            return False
        return hmac.compare_digest(digest(secret), kernel.page_digest)

    def pages(self) -> int:
        """How many participant pages hold a kernel now."""
        return sum(1 for kernel in self._kernels.values() if kernel.page_digest is not None and kernel.participant)

    def forget_gone(self, live: Iterable[str]) -> None:
        """Drop what is known about kernels no longer running."""
        alive = set(live)
        for kernel_id in [k for k in self._kernels if k not in alive]:
            kernel = self._kernels.pop(kernel_id)
            self._by_pass.pop(kernel.pass_digest, None)

    # identities -----------------------------------------------------------------------------

    def may_join(self, code: str, caller: str | None) -> bool:
        """Take one new-identity allowance for ``caller`` in session ``code``."""
        if caller is None:
            return True
        with self._joins_lock:  # joins are decided in the store's threads, several for PostgreSQL
            return self._joins.allow(f"{normalise_code(code)}:{caller}")
