"""The participant page's stylesheet, put in the page as one small HTML widget."""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import ipywidgets as w

from ..ui.shared import make


@lru_cache(maxsize=1)
def _css() -> str:
    return (Path(__file__).parent / "static" / "participant.css").read_text()


def stylesheet() -> w.HTML:
    """A widget that carries the stylesheet (it shows nothing itself)."""
    return w.HTML(f"<style>{_css()}</style>", layout=w.Layout(height="0px", margin="0"))


def html_block(text: str, css: str = "") -> w.HTML:
    """An HTML widget, with a CSS class from the stylesheet when given."""
    # The page's shared layout and style: one model for the browser instead of three.
    return make(w.HTML, value=text, classes=[css])


def paragraph(text: str, css: str = "") -> str:
    """``text`` (a translated sentence, say) as an escaped HTML paragraph, with a CSS class when given."""
    attribute = f" class='{css}'" if css else ""
    return f"<p{attribute}>{html.escape(text, quote=False)}</p>"
