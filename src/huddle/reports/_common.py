"""Small pieces the report and the run-sheet share: plain names of the kinds, minute formatting."""

from __future__ import annotations

from datetime import datetime

#: How each kind is named for a person reading a report or a run-sheet.
KIND_LABELS = {
    "choice": "Poll: single choice",
    "multi_choice": "Poll: multiple choice",
    "scale": "Rating scale",
    "word_cloud": "Word cloud",
    "text": "Open text (moderated)",
    "ranking": "Ranking",
    "mood": "Mood check-in",
    "group_report": "Small-group report-back",
    "breathing": "Exercise: paced breathing",
    "grounding": "Exercise: 5-4-3-2-1 grounding",
    "reframe": "Exercise: reframing a thought",
    "smart_goal": "Exercise: SMART goal builder",
    "priority_sort": "Exercise: priority sort",
    "floors": "Exercise: floors plan",
    "red_flags": "Exercise: red-flags self-check",
    "journal": "Exercise: debrief journal",
}

#: Kinds whose results are a list of approved texts rather than a chart.
TEXT_KINDS = frozenset({"text", "group_report"})


def kind_label(kind: str) -> str:
    """The kind in plain words; a skill exercise is named after its kind."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    return "Exercise: " + kind.replace("_", " ").replace("-", " ")


def minutes(value: float) -> str:
    """A number of minutes without a needless ".0": 10, 2.5."""
    return f"{value:g}"


def long_date(value: str | None) -> str:
    """An ISO timestamp as a date a person reads ("12 March 2025"); anything else unchanged."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{parsed.day} {parsed:%B %Y}"
