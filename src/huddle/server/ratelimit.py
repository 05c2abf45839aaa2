"""In-memory token buckets, keyed by something that is not a person (session and token digest)."""

from __future__ import annotations

import time
from typing import Callable


class RateLimiter:
    """Allow ``rate`` events a second per key, with bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        """Take one token for ``key``; False when its bucket is empty."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1, now)
        return True

    def exhausted(self, key: str) -> bool:
        """True when ``key`` has no token left (without taking one)."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        return tokens + (now - last) * self.rate < 1

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled carries no information, so it can be dropped.
        self._buckets = {
            key: (tokens, last)
            for key, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate < self.burst
        }
