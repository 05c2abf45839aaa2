"""The participant's presence in the page: anonymous token, query string and heartbeat.

A tiny anywidget. Its browser side reads (or creates) a random token in ``localStorage`` so a
reload keeps the same anonymous identity (P2, R7), sends the page's real query string (pooled
kernels cannot trust the environment for it), and pings the kernel so the page can say plainly
when its kernel is gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets


class Presence(anywidget.AnyWidget):
    """Syncs ``token`` and ``query`` from the browser; answers the browser's pings."""

    _esm = Path(__file__).parent / "static" / "presence.js"
    token = traitlets.Unicode("").tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    href = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            self.send({"type": "pong"})

    def when_ready(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(token, query)`` once the browser has sent both."""

        def check(_change: Any = None) -> None:
            if self.token:
                self.unobserve(check, names=["token"])
                callback(self.token, self.query)

        self.observe(check, names=["token"])
        check()
