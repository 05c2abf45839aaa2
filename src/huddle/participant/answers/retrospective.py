"""Then and now: for each item, two rows of 1-5 ("Before" and "Now"); items may be left out."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import N_, _
from ...model.kinds.retrospective import HIGH, LOW, WHEN, items_of
from ..theme import paragraph
from ._aria import NAME_FROM_TOOLTIP, name_group
from ...ui.shared import Parts
from ._base import AnswerWidget

#: The two rows' names, marked here and translated where they are shown.
SIDES = {"before": N_("Before"), "now": N_("Now")}
#: What a screen reader hears for each row's group: "Describing what resilience is: before (1 = ..., 5 = ...)".
SIDE_NAMES = {"before": N_("{item}: before ({ends})"), "now": N_("{item}: now ({ends})")}


class RetrospectiveAnswer(AnswerWidget):
    """One card per item with a "Before" and a "Now" row; ``get()`` is
    ``{item id: {"before": n, "now": n}}`` for the items rated on both rows."""

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        low_label, high_label = str(activity.get("min_label", "")), str(activity.get("max_label", ""))
        ends = f"{LOW} = {low_label}, {HIGH} = {high_label}"
        self.items = items_of(activity)
        self.radios: dict[str, dict[str, w.RadioButtons]] = {}
        self.clears: list[w.Button] = []
        blocks: list[w.Widget] = []
        for item in self.items:
            text = str(item["text"])
            rows: list[w.Widget] = []
            sides: dict[str, w.RadioButtons] = {}
            for when in WHEN:
                radio = w.RadioButtons(options=[(str(v), v) for v in range(LOW, HIGH + 1)], value=None, layout=w.Layout(width="100%"))
                radio.add_class("huddle-scale")
                # Heard as "Describing what resilience is: before (1 = Not at all confident, 5 = ...)".
                group = name_group(radio, _(SIDE_NAMES[when]).format(item=text, ends=ends))
                side = w.VBox([w.HTML(f"<p class='huddle-retro-side-name' aria-hidden='true'>{html.escape(_(SIDES[when]))}</p>"), group, radio])
                side.add_class("huddle-retro-side")
                rows.append(side)
                sides[when] = radio
            clear = w.Button(description=_("Clear"), tooltip=_("Clear {item}").format(item=text))
            clear.add_class(NAME_FROM_TOOLTIP)
            clear.add_class("huddle-small-button")
            clear.on_click(lambda _, s=sides: [setattr(r, "value", None) for r in s.values()])
            self.clears.append(clear)
            pair = w.HBox(rows)
            pair.add_class("huddle-retro-pair")
            block = w.VBox([w.HTML(f"<p class='huddle-retro-text'>{html.escape(text)}</p>"), pair, clear])
            block.add_class("huddle-retro-item")
            blocks.append(block)
            self.radios[str(item["id"])] = sides
        shown_ends = (
            f"<p class='huddle-muted' aria-hidden='true'>{LOW} = {html.escape(low_label)} · {HIGH} = {html.escape(high_label)}</p>"
            + paragraph(_("Leave out any item you like. Only the room’s averages are ever shown."), "huddle-muted")
        )
        self.view = self._view([w.HTML(shown_ends), *blocks])
        self.view.add_class("huddle-retro")

    def _half_done(self) -> int | None:
        """The number of the first item rated on one row only, or None."""
        for number, sides in enumerate(self.radios.values(), start=1):
            if (sides["before"].value is None) != (sides["now"].value is None):
                return number
        return None

    @property
    def missing(self) -> str:  # type: ignore[override]
        """Why ``get()`` gave nothing: an item rated on one row only, or nothing rated."""
        half = self._half_done()
        if half is not None:
            return _("Item {number}: pick a number for both Before and Now, or press Clear to leave it out.").format(number=half)
        return _("Rate at least one item first, or skip.")

    def get(self) -> Any:
        if self._half_done() is not None:
            return None
        given = {
            item_id: {when: sides[when].value for when in WHEN}
            for item_id, sides in self.radios.items()
            if sides["before"].value is not None
        }
        return given or None

    def set(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        for item_id, sides in self.radios.items():
            pair = value.get(item_id) if isinstance(value.get(item_id), Mapping) else {}
            for when, radio in sides.items():
                radio.value = pair.get(when) if pair.get(when) in range(LOW, HIGH + 1) else None

    def controls(self) -> list[w.Widget]:
        return [radio for sides in self.radios.values() for radio in sides.values()] + self.clears
