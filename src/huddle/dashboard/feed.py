"""A background poller that keeps the dashboard's picture of the session fresh (twice a second)."""

from __future__ import annotations

import threading
from typing import Any, Callable

from ..client import ApiError, Client, Unreachable

POLL_SECONDS = 0.5


class Feed:
    """Fetches state, tally and moderation queue; once started, calls ``on_change(snapshot)``
    whenever they change (a failed fetch is a change too: the snapshot then carries ``error``)."""

    def __init__(self, client: Client, code: str, key: str, *, moderation: bool = True) -> None:
        self.client, self.code, self.key = client, code, key
        self.on_change: Callable[[dict[str, Any]], None] = lambda snapshot: None
        self.moderation = moderation
        self.snapshot: dict[str, Any] = {}
        self.running = False
        self._stop = threading.Event()

    def fetch(self) -> dict[str, Any]:
        """One fresh snapshot: ``{"state", "tally", "moderation", "error"}``."""
        try:
            return {
                "state": self.client.state(self.code),
                "tally": self.client.tally(self.code, self.key),
                "moderation": self.client.moderation(self.code, self.key) if self.moderation else None,
                "error": None,
            }
        except (ApiError, Unreachable) as error:
            return {**self.snapshot, "error": str(error)}

    def refresh(self) -> None:
        """Fetch now and tell the listener if anything changed (a ticking timer alone is no change)."""
        snapshot = self.fetch()
        if _steady(snapshot) != _steady(self.snapshot):
            self.snapshot = snapshot
            self.on_change(snapshot)

    def start(self, on_change: Callable[[dict[str, Any]], None]) -> None:
        """Tell ``on_change`` about the session now, then keep refreshing in a background thread until ``stop``."""
        if self.running:
            return
        self.running = True
        self.on_change = on_change
        self.snapshot = {}
        self.refresh()

        def loop() -> None:
            while not self._stop.wait(POLL_SECONDS):
                self.refresh()

        threading.Thread(target=loop, name="huddle-dashboard-feed", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def _steady(snapshot: dict[str, Any]) -> Any:
    state = snapshot.get("state")
    if not state or not state.get("timer"):
        return snapshot
    return {**snapshot, "state": {**state, "timer": {**state["timer"], "remaining": None}}}
