"""Paced breathing: the anywidget pacer, with counts the person can adjust."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import anywidget
import ipywidgets as w
import traitlets

from ...i18n import _, ngettext
from ...model.kinds.breathing import counts
from ..theme import paragraph
from ._base import ExerciseWidget


def pacer_labels(rounds: int) -> dict[str, str]:
    """Everything the pacer (breathing.js) says, translated here; ``{name}`` placeholders are
    filled in the browser."""
    return {
        "phase_inhale": _("Breathe in"),
        "phase_hold": _("Hold"),
        "phase_exhale": _("Breathe out"),
        "name_inhale": _("In"),
        "name_hold": _("Hold"),
        "name_exhale": _("Out"),
        "name_hold_after": _("Rest"),
        "shorter": _("Shorter {name}"),
        "longer": _("Longer {name}"),
        "seconds": _("{seconds}s"),
        "ready": _("Ready when you are"),
        "start": _("Start"),
        "stop": _("Stop"),
        "count": _("{left} · breath {number} of {total}"),
        "done": ngettext("Done: {total} breath. Notice how you feel now.", "Done: {total} breaths. Notice how you feel now.", rounds),
        "paused": _("Paused. Start again whenever you like."),
    }


class BreathingPacer(anywidget.AnyWidget):
    """A circle that grows and shrinks with the breath; animated in the browser."""

    _esm = Path(__file__).parent.parent / "static" / "breathing.js"
    inhale = traitlets.Int(4).tag(sync=True)
    hold = traitlets.Int(4).tag(sync=True)
    exhale = traitlets.Int(6).tag(sync=True)
    hold_after = traitlets.Int(0).tag(sync=True)
    rounds = traitlets.Int(6).tag(sync=True)
    completed = traitlets.Int(0).tag(sync=True)
    #: The pacer's words in the page's language (see ``pacer_labels``).
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.relabel()
        self.observe(lambda change: self.relabel(), names="rounds")

    def relabel(self) -> None:
        """Say the pacer's words again in the current language."""
        self.labels = pacer_labels(self.rounds)


class BreathingExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.pacer = BreathingPacer(**counts(activity))
        self.intro = w.HTML()
        self.view = self._view([self.intro, self.pacer])
        self.relabel()

    def relabel(self) -> None:
        self.intro.value = paragraph(_(
            "Sit comfortably, let your shoulders drop, and follow the circle: in as it grows, "
            "out as it shrinks. Change the counts with − and + until it feels easy, not strained."
        ), "huddle-muted")
        self.pacer.relabel()

    def notes(self) -> str:
        p = self.pacer
        rhythm = _("in {inhale} s, hold {hold} s, out {exhale} s").format(inhale=p.inhale, hold=p.hold, exhale=p.exhale)
        if p.hold_after:
            rhythm = _("{rhythm}, rest {rest} s").format(rhythm=rhythm, rest=p.hold_after)
        if not p.completed:
            return _("Paced breathing rhythm that suits me: {rhythm}.").format(rhythm=rhythm)
        return ngettext(
            "Paced breathing: {count} breath at {rhythm}.", "Paced breathing: {count} breaths at {rhythm}.", p.completed,
        ).format(count=p.completed, rhythm=rhythm)
