"""A "download what I wrote" button: the browser saves a Markdown file, nothing is uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets

from ..i18n import N_, _

#: The button's words unless the page gives its own (marked here, translated when a button is made).
DEFAULT_LABEL = N_("Download what I wrote")


class DownloadButton(anywidget.AnyWidget):
    """On click, calls ``provide()`` for ``(filename, text)`` and has the browser save it."""

    _esm = Path(__file__).parent / "static" / "download.js"
    label = traitlets.Unicode("").tag(sync=True)
    #: The file's media type (the facilitator home saves HTML reports and CSV exports too).
    mime = traitlets.Unicode("text/markdown;charset=utf-8").tag(sync=True)

    def __init__(self, provide: Callable[[], tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label", _(DEFAULT_LABEL))
        super().__init__(**kwargs)
        self.provide = provide
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "request":
            try:
                filename, text = self.provide()
            except Exception as error:  # noqa: BLE001 - said on the page; Voila would hide it
                self.send({"type": "failed", "message": str(getattr(error, "message", error)) or _("The file could not be made.")})
                return
            self.send({"type": "file", "filename": filename, "content": text})
