"""Signing in to the facilitator home without putting a long-lived secret in an address.

- ``huddle serve`` and ``huddle demo`` print a **one-time sign-in link**
  (``/huddle/sign-in?once=...``). Its code is kept in this process's memory as a digest, works
  once, and lapses after ``ONCE_SECONDS``; opening it signs the browser in.
- Without a link, the sign-in page asks for the server's admin token (from the data folder's
  ``admin-token`` file). Wrong tokens are answered slowly and, past a burst, refused for a while.
- Signing in sets a **session cookie**: no expiry date (it ends with the browser session), and a
  value the server can check without keeping anything, because it is signed with a key made from
  the admin token (so rotating the token signs everyone out). It is refused after ``SIGNED_IN_HOURS``
  even if the browser keeps running.

A page served while signed in marks its kernel as the admin's (``Visitors.page_given``), and the
API then takes that kernel's calls as the admin's, so the home page and the dashboards it opens
need no key in their address either.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

#: The cookie that says this browser signed in to the facilitator home.
COOKIE = "huddle-home"
#: Where the sign-in page lives, below the server's base URL.
SIGN_IN_PATH = "/huddle/sign-in"
SIGN_OUT_PATH = "/huddle/sign-out"
#: The facilitator home notebook.
HOME_NOTEBOOK = "home.ipynb"
#: A one-time link lapses this long after it was made, used or not.
ONCE_SECONDS = 24 * 60 * 60
#: A sign-in is refused this long after it was made, even in a browser never closed.
SIGNED_IN_HOURS = 12


@dataclass
class SignIn:
    """One-time codes and signed sign-in cookies for one server (see the module)."""

    admin_token: str
    clock: Callable[[], float] = time.time
    _once: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def _key(self) -> bytes:
        # A key of its own, made from the admin token, so a cookie is no use as a token.
        return hmac.new(self.admin_token.encode(), b"huddle facilitator home sign-in", hashlib.sha256).digest()

    def one_time_code(self) -> str:
        """A new code for a one-time sign-in link."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_lapsed()
            self._once[_digest(code)] = self.clock() + ONCE_SECONDS
        return code

    def use_code(self, code: str | None) -> bool:
        """True (once) for a code this server made and nobody used yet, if it has not lapsed."""
        if not code or len(code) > 100:
            return False
        with self._lock:
            self._forget_lapsed()
            return self._once.pop(_digest(code), None) is not None

    def token_matches(self, token: str | None) -> bool:
        """True when ``token`` is the server's admin token."""
        return bool(token) and hmac.compare_digest(token.strip().encode(), self.admin_token.encode())  # type: ignore[union-attr]

    def cookie_value(self) -> str:
        """The value of a new sign-in cookie: when it was made, a nonce and their signature."""
        made = f"{int(self.clock())}.{secrets.token_urlsafe(12)}"
        return f"{made}.{self._sign(made)}"

    def signed_in(self, value: str | None) -> bool:
        """True when ``value`` is a sign-in cookie this server signed, not older than allowed."""
        if not value or value.count(".") != 2 or len(value) > 200:
            return False
        made, _, signature = value.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(made)):
            return False
        issued = made.partition(".")[0]
        return issued.isdigit() and 0 <= self.clock() - int(issued) <= SIGNED_IN_HOURS * 3600

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def _forget_lapsed(self) -> None:
        now = self.clock()
        for code in [c for c, until in self._once.items() if until < now]:
            del self._once[code]


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
