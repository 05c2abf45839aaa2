"""Word cloud: a few short text boxes, one word or short phrase each."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import Parts
from ._aria import HIDDEN_LABEL
from ...i18n import N_, _, ngettext
from ._base import AnswerWidget, Translated


class WordCloudAnswer(AnswerWidget):
    missing = Translated(N_("Type at least one word, or skip."))

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        count = int(activity.get("max_words", 3))
        length = int(activity.get("max_length", 30))
        self.inputs = [
            self.parts(
                f"word.{n}", w.Text,
                placeholder=_("Word {number}").format(number=n) if count > 1 else _("A word or two"),
                description=_("Word {number} of {count}").format(number=n, count=count) if count > 1 else _("A word or two"),
                value="", continuous_update=False, classes=("huddle-word", HIDDEN_LABEL), layout_traits={"width": "100%"},
            )
            for n in range(1, count + 1)
        ]
        words = ngettext("Up to {count} word", "Up to {count} words", count).format(count=count)
        letters = ngettext("{length} letter each", "{length} letters each", length).format(length=length)
        said = _("{words}, {letters}.").format(words=words, letters=letters)
        hint = self.parts("hint", w.HTML, value=f"<p class='huddle-muted'>{said}</p>")
        self.view = self._view([hint, *self.inputs])

    def get(self) -> Any:
        words = [box.value.strip() for box in self.inputs if box.value.strip()]
        return words or None

    def set(self, value: Any) -> None:
        for box, word in zip(self.inputs, list(value or []) + [""] * len(self.inputs)):
            box.value = word

    def controls(self) -> list[w.Widget]:
        return list(self.inputs)
