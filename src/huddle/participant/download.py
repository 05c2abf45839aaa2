"""A "download what I wrote" button: the browser saves a Markdown file, nothing is uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets


class DownloadButton(anywidget.AnyWidget):
    """On click, calls ``provide()`` for ``(filename, text)`` and has the browser save it."""

    _esm = Path(__file__).parent / "static" / "download.js"
    label = traitlets.Unicode("Download what I wrote").tag(sync=True)

    def __init__(self, provide: Callable[[], tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.provide = provide
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "request":
            filename, text = self.provide()
            self.send({"type": "file", "filename": filename, "content": text})
