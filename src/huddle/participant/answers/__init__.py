"""Answer widgets, one module per activity kind, registered in one table."""

from __future__ import annotations

from typing import Any, Mapping

from ...model.kinds import KINDS
from ._base import AnswerWidget
from .choice import ChoiceAnswer
from .group_report import GroupReportAnswer
from .mood import MoodAnswer
from .multi_choice import MultiChoiceAnswer
from .ranking import RankingAnswer
from .scale import ScaleAnswer
from .text import TextAnswer
from .word_cloud import WordCloudAnswer

ANSWER_WIDGETS: dict[str, type[AnswerWidget]] = {
    "choice": ChoiceAnswer,
    "multi_choice": MultiChoiceAnswer,
    "scale": ScaleAnswer,
    "word_cloud": WordCloudAnswer,
    "text": TextAnswer,
    "ranking": RankingAnswer,
    "mood": MoodAnswer,
    "group_report": GroupReportAnswer,
}


def answer_widget(activity: Mapping[str, Any]) -> AnswerWidget | None:
    """The answer widget for an activity, or None for a kind with no live answer.

    A skill exercise collects nothing unless it has a share question; then its answer is one
    anonymous choice among the share options.
    """
    kind = KINDS.get(activity.get("kind", ""))
    if kind is not None and kind.exercise:
        if not kind.collects_from(activity) or kind.share_options is None:
            return None
        return ChoiceAnswer({**activity, "options": kind.share_options(activity)})
    widget_class = ANSWER_WIDGETS.get(activity.get("kind", ""))
    return widget_class(activity) if widget_class else None


__all__ = ["ANSWER_WIDGETS", "AnswerWidget", "answer_widget"]
