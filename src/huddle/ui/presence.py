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

from ..i18n import _


def presence_labels() -> dict[str, str]:
    """The lost-connection banner's words, translated here while the kernel is still there."""
    return {
        "lost": _("Connection lost."),
        "reload_to_carry_on": _("Reload this page to carry on: your answers are kept."),
        "support_still_there": _("Support is still at the top of the page."),
        "reload": _("Reload"),
    }


class Presence(anywidget.AnyWidget):
    """Syncs ``token`` and ``query`` from the browser; answers the browser's pings."""

    _esm = Path(__file__).parent / "static" / "presence.js"
    token = traitlets.Unicode("").tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    href = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    #: The browser's languages (``navigator.languages``), most wanted first.
    languages = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    #: The page's language: the browser sends the one chosen here before (or ""), the kernel
    #: sets the one it uses, and the browser keeps it (localStorage) and puts it in ``<html lang>``.
    language = traitlets.Unicode("").tag(sync=True)
    #: Keep the page's language in this browser for its next visit (a participant's own choice).
    remember = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("labels", presence_labels())
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def relabel(self) -> None:
        """Word the lost-connection banner in the current language."""
        self.labels = presence_labels()

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
