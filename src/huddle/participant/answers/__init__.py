"""Answer widgets, one module per activity kind, registered in one table."""

from __future__ import annotations

from typing import Any, Mapping

from ...model import kinds
from ...model.kinds import KINDS
from ...ui.shared import Parts
from ._base import AnswerWidget
from .choice import ChoiceAnswer
from .group_report import GroupReportAnswer
from .measure import MeasureAnswer
from .mood import MoodAnswer
from .multi_choice import MultiChoiceAnswer
from .questions import QuestionsAnswer
from .ranking import RankingAnswer
from .retrospective import RetrospectiveAnswer
from .scale import ScaleAnswer
from .text import TextAnswer
from .word_cloud import WordCloudAnswer

#: The widget of every live (non-exercise) kind, by ``Kind.name``; exercises answer their share
#: question with ``ChoiceAnswer`` (see ``answer_widget``).
ANSWER_WIDGETS: dict[str, type[AnswerWidget]] = {
    kinds.choice.KIND.name: ChoiceAnswer,
    kinds.multi_choice.KIND.name: MultiChoiceAnswer,
    kinds.scale.KIND.name: ScaleAnswer,
    kinds.word_cloud.KIND.name: WordCloudAnswer,
    kinds.text.KIND.name: TextAnswer,
    kinds.ranking.KIND.name: RankingAnswer,
    kinds.mood.KIND.name: MoodAnswer,
    kinds.group_report.KIND.name: GroupReportAnswer,
    kinds.questions.KIND.name: QuestionsAnswer,
    kinds.measure.KIND.name: MeasureAnswer,
    kinds.retrospective.KIND.name: RetrospectiveAnswer,
}


def answer_widget(activity: Mapping[str, Any], parts: Parts | None = None) -> AnswerWidget | None:
    """The answer widget for an activity, or None for a kind with no live answer; its controls
    come from ``parts`` (the live page passes its ``ReusedParts``).

    A skill exercise collects nothing unless it has a share question; then its answer is one
    anonymous choice among the share options.
    """
    kind = KINDS.get(activity.get("kind", ""))
    if kind is not None and kind.exercise:
        if not kind.collects_from(activity) or kind.share_options is None:
            return None
        # The options are named by the share question shown above them, not by the exercise's prompt.
        question = (activity.get("share") or {}).get("question")
        return ChoiceAnswer({**activity, "options": kind.share_options(activity)}, name=question, parts=parts)
    widget_class = ANSWER_WIDGETS.get(activity.get("kind", ""))
    return widget_class(activity, parts=parts) if widget_class else None


__all__ = ["ANSWER_WIDGETS", "AnswerWidget", "answer_widget"]
