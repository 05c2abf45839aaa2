"""Widget parts a page shares instead of making anew, and the closing of what a page replaced.

Every ipywidgets widget is one model the browser is told about (a ``comm_open`` message, its
whole state), and a widget made the ordinary way brings two more: its own ``Layout`` and its own
``Style``. A screen of a dozen widgets was about 36 models sent to every page each time the
facilitator moved on, and the widgets of the screen before were never closed (a kernel held 246
models after eight screens). So:

- widgets whose layout and style the page never changes take the page's shared ones
  (``layout()``, ``style_for()``): one model each instead of three;
- what replaced a screen closes the old one (``close_tree``), except the widgets that outlive
  screens (``keep``).

Each kernel serves one page, so "shared" means shared by the parts of that one page.
"""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

import ipywidgets as w

W = TypeVar("W", bound=w.Widget)

_layouts: dict[tuple[tuple[str, Any], ...], w.Layout] = {}
_styles: dict[type, w.Widget] = {}
#: Model ids of widgets ``close_tree`` never closes (shared parts, and widgets that outlive screens).
_kept: set[str] = set()


def keep(widget: W) -> W:
    """Mark ``widget`` as one that outlives the screens it is shown in; returns it."""
    _kept.add(widget.model_id)
    return widget


def layout(**traits: Any) -> w.Layout:
    """The page's one layout with exactly these settings (``layout(width="100%")``), for widgets
    whose layout is never changed after they are made."""
    key = tuple(sorted(traits.items()))
    if key not in _layouts or _layouts[key].comm is None:
        _layouts[key] = keep(w.Layout(**traits))
    return _layouts[key]


def style_for(widget_class: type[w.DOMWidget]) -> w.Widget | None:
    """The page's one default style for ``widget_class`` (None for a widget without a style)."""
    trait = widget_class.class_traits().get("style")
    style_class = getattr(trait, "klass", None)
    if not isinstance(style_class, type):
        return None
    if style_class not in _styles or _styles[style_class].comm is None:
        _styles[style_class] = keep(style_class())
    return _styles[style_class]


def make(widget_class: type[W], *, layout_traits: dict[str, Any] | None = None, **kwargs: Any) -> W:
    """A ``widget_class`` with the page's shared layout (with ``layout_traits``) and style, for a
    widget whose layout and style stay as they are made."""
    kwargs.setdefault("layout", layout(**(layout_traits or {})))
    shared_style = style_for(widget_class)  # type: ignore[arg-type]
    if shared_style is not None:
        kwargs.setdefault("style", shared_style)
    return widget_class(**kwargs)


def _parts(widget: w.Widget) -> Iterable[w.Widget]:
    """The widgets ``widget`` refers to in its synced state: a box's children, its layout and style."""
    for name in widget.keys:
        value = getattr(widget, name, None)
        if isinstance(value, w.Widget):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (item for item in value if isinstance(item, w.Widget))


def close_tree(root: w.Widget, also_keep: Iterable[w.Widget] = ()) -> int:
    """Close ``root`` and every widget under it, except shared and kept ones and ``also_keep``
    (with what is under them); returns how many were closed."""
    spared = set(_kept) | {widget.model_id for widget in also_keep if widget.comm is not None}
    seen: set[int] = set()
    closing: list[w.Widget] = []
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen or widget.comm is None or widget.model_id in spared:
            continue
        seen.add(id(widget))
        closing.append(widget)
        stack.extend(_parts(widget))
    for widget in closing:
        widget.close()
    return len(closing)
