"""Widget parts a page shares instead of making anew, and the closing of what a page replaced.

Every ipywidgets widget is one model the browser is told about (a ``comm_open`` message, its
whole state), and a widget made the ordinary way brings two more: its own ``Layout`` and its own
``Style``. A screen of a dozen widgets was about 36 models sent to every page each time the
facilitator moved on, and the widgets of the screen before were never closed (a kernel held 246
models after eight screens). So:

- widgets whose layout and style the page never changes take the page's shared ones
  (``layout()``, ``style_for()``): one model each instead of three;
- what replaced a screen closes the old one (``close_tree``), except the widgets that outlive
  screens (``keep``);
- CSS classes go into a widget's first state (``make(classes=...)``), not one update message
  per ``add_class`` after it is opened;
- the live page's answer controls come from ``ReusedParts``: one widget in each named place
  ("the radio group of the answer"), given the next activity's options and words in one update
  message, instead of closing one set of widgets and opening another each time the room moves on.

Each kernel serves one page, so "shared" means shared by the parts of that one page.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any, Iterable, Iterator, TypeVar

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


def make(widget_class: type[W], *, layout_traits: dict[str, Any] | None = None, classes: Iterable[str] = (), **kwargs: Any) -> W:
    """A ``widget_class`` with the page's shared layout (with ``layout_traits``) and style, for a
    widget whose layout and style stay as they are made; ``classes`` are its CSS classes."""
    kwargs.setdefault("layout", layout(**(layout_traits or {})))
    names = tuple(name for name in classes if name)
    if names:
        kwargs.setdefault("_dom_classes", names)
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


def new_id() -> str:
    """An element id unique on the page (widgets live as long as the page, so ids never repeat)."""
    return f"huddle-name-{uuid.uuid4().hex[:12]}"


class Parts:
    """Where a view gets its widgets. This one makes a new widget each time (``make``); see
    ``ReusedParts`` for the live page's."""

    def __call__(self, place: str, widget_class: type[W], *, classes: Iterable[str] = (),
                 layout_traits: dict[str, Any] | None = None, **traits: Any) -> W:
        """A ``widget_class`` with ``traits``, for the view's part called ``place``."""
        return make(widget_class, classes=classes, layout_traits=layout_traits, **traits)

    def element_id(self, place: str) -> str:
        """An element id for the part called ``place``, unique on the page."""
        return new_id()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold back the parts' updates until the block ends (here: nothing to hold)."""
        yield


class ReusedParts(Parts):
    """One widget in each place, given new traits on each call instead of being made again.

    For a page that shows one answer at a time: moving on from one choice to the next sends one
    update to the radio group (its new options, no option chosen) instead of closing it and
    opening another with its layout and style. Every trait given is set, so nothing from the
    activity before survives (a chosen option, typed words, a class). A reused box closes the
    children it no longer holds. Its widgets are ``keep``-ed: closing a screen leaves them.
    """

    def __init__(self) -> None:
        self._widgets: dict[tuple[str, type], w.Widget] = {}
        self._prefix = uuid.uuid4().hex[:8]
        self._holding: contextlib.ExitStack | None = None
        self._dropped: list[w.Widget] = []

    def __call__(self, place: str, widget_class: type[W], *, classes: Iterable[str] = (),
                 layout_traits: dict[str, Any] | None = None, **traits: Any) -> W:
        widget = self._widgets.get((place, widget_class))
        if widget is None or widget.comm is None:
            widget = keep(make(widget_class, classes=classes, layout_traits=layout_traits, **traits))
            self._widgets[(place, widget_class)] = widget
            return widget  # type: ignore[return-value]
        before = list(getattr(widget, "children", ()))
        if self._holding is not None:
            self._holding.enter_context(widget.hold_sync())
        with widget.hold_sync():
            widget._dom_classes = tuple(name for name in classes if name)
            widget.layout = layout(**(layout_traits or {}))
            for name, value in traits.items():
                setattr(widget, name, value)
        now = set(map(id, getattr(widget, "children", ())))
        self._dropped += [child for child in before if id(child) not in now]
        if self._holding is None:
            self._close_dropped()
        return widget  # type: ignore[return-value]

    def element_id(self, place: str) -> str:
        # The same place keeps its id, so what names a reused group (and its class) stays put.
        return f"huddle-name-{self._prefix}-{place.replace('.', '-')}"

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """The parts' updates go out together when the block ends (after the screen around them
        is ready), and what their boxes dropped is closed after that."""
        if self._holding is not None:
            yield
            return
        with contextlib.ExitStack() as stack:
            self._holding = stack
            try:
                yield
            finally:
                self._holding = None
        self._close_dropped()

    def _close_dropped(self) -> None:
        dropped, self._dropped = self._dropped, []
        for child in dropped:
            close_tree(child)


def _only(widget: w.Widget, key: str, attach: Any, detach: Any, handler: Any) -> None:
    """Make ``handler`` the one handler of kind ``key`` this module has put on ``widget``: a
    reused widget drops the handler of the activity it showed before."""
    handlers: dict[str, Any] = widget.__dict__.setdefault("_huddle_handlers", {})
    if key in handlers:
        detach(handlers[key])
    attach(handler)
    handlers[key] = handler


def observe_only(widget: w.Widget, handler: Any, names: str = "value") -> None:
    """``handler`` as the one observer of ``names`` this module keeps on ``widget``."""
    _only(widget, f"observe:{names}", lambda h: widget.observe(h, names=names), lambda h: widget.unobserve(h, names=names), handler)


def click_only(button: w.Button, handler: Any) -> None:
    """``handler`` as the one click handler this module keeps on ``button``."""
    _only(button, "click", button.on_click, lambda h: button.on_click(h, remove=True), handler)
