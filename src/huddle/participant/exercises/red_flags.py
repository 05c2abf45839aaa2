"""Red-flags self-check: tick what you recognise; the healthier counterpart appears under it."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import _, ngettext
from ...model.kinds.red_flags import flags
from ..answers._aria import name_group
from ..theme import paragraph
from ._base import ExerciseWidget


#: From this many ticks on, the note under the list speaks more plainly.
SEVERAL = 3


def more_than_stress(ticked: int) -> str:
    """The note under the flags: when a pattern is more than a hard patch, and where to turn.

    It never diagnoses; it says what would make talking to someone the next step. With several
    flags ticked it comes first in bold, since that is the moment it matters.
    """
    if ticked >= SEVERAL:
        lead = ngettext(
            "You ticked {count}. When several of these fit, or they have lasted for weeks, it is worth talking to someone",
            "You ticked {count}. When several of these fit, or they have lasted for weeks, it is worth talking to someone",
            ticked,
        ).format(count=ticked)
        # The bold part is a placeholder, so the markup stays out of the sentence to translate.
        sentence = html.escape(_("{lead}: a colleague you trust, your own doctor, occupational health or a counsellor."), quote=False)
        said = "<p>" + sentence.format(lead=f"<strong>{html.escape(lead)}</strong>") + "</p>"
    else:
        lead = _("When it is more than stress.")
        rest = _("If several of these fit, or they have lasted for weeks, talk to someone: a colleague you trust, your own doctor, occupational health or a counsellor.")
        said = f"<p><strong>{html.escape(lead)}</strong> {html.escape(rest)}</p>"
    signs = paragraph(_(
        "Low mood or lost interest most days for two weeks or more, constant worry or panic, or feeling hopeless can be "
        "signs of depression or anxiety, which a doctor can help with. If you have thoughts of harming yourself, get help "
        "today: the Support button at the top lists who to call."
    ))
    return f"<div class='huddle-more-note{' huddle-more-note-strong' if ticked >= SEVERAL else ''}'>{said}{signs}</div>"


class RedFlagsExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.flags = flags(activity)
        self.ticks: dict[str, w.Checkbox] = {}
        self.healthier: dict[str, w.HTML] = {}
        self.hint = w.HTML()
        parts: list[w.Widget] = []
        for flag in self.flags:
            tick = w.Checkbox(value=False, description=flag["label"], indent=False, layout=w.Layout(width="100%"))
            tick.add_class("huddle-option")
            better = w.HTML()
            better.layout.display = "none"
            tick.observe(lambda change, b=better: setattr(b.layout, "display", None if change["new"] else "none"), names="value")
            self.ticks[flag["id"]], self.healthier[flag["id"]] = tick, better
            parts += [tick, better]
        group = w.VBox(parts)
        group.add_class("huddle-options")
        self.more = w.HTML()
        self.more.add_class("huddle-more-than-stress")
        for tick in self.ticks.values():
            tick.observe(lambda _: setattr(self.more, "value", more_than_stress(len(self.recognised()))), names="value")
        self.view = self._view([self.hint, name_group(group, str(activity.get("prompt", ""))), group, self.more])
        self.relabel()

    def relabel(self) -> None:
        self.hint.value = paragraph(_("Tick any you recognise. Nobody sees your ticks; each one shows a healthier counterpart to try."), "huddle-muted")
        word = html.escape(_("Healthier:"))
        for flag in self.flags:
            self.healthier[flag["id"]].value = f"<p class='huddle-healthier'><strong>{word}</strong> {html.escape(flag['healthier'])}</p>"
        self.more.value = more_than_stress(len(self.recognised()))

    def recognised(self) -> list[str]:
        """The ids of the flags ticked, in order."""
        return [flag["id"] for flag in self.flags if self.ticks[flag["id"]].value]

    def notes(self) -> str:
        ticked = [f for f in self.flags if self.ticks[f["id"]].value]
        return "\n".join("- " + _("I recognise: {flag}. Healthier: {healthier}").format(flag=f["label"], healthier=f["healthier"]) for f in ticked)
