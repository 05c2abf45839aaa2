"""A series read from the store into tidy pandas DataFrames, one row per observation.

The frames hold what the store holds, per answer: they are the programme lead's working
material, not something to publish. Everything meant to be read by others goes through
``summary`` (k-suppressed) first. Answer keys are dropped (they say nothing across activities
anyway, P2); a measure answer keeps its pairing link digest, the only thing that ties two answers
together, and only when the person opted in (P10). Free text is left out entirely (P4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from ..model import NotFound, Workshop, build_workshop, get_kind
from ..model.kinds.measure import instrument_of, score
from ..model.kinds.mood import options as mood_options
from ..model.store import AnswerRecord, SessionRecord, Store

#: Workshops whose id starts with this are follow-up check-ins (behaviour), not modules.
FOLLOW_UP = "followup-"
#: The feedback items every module ends with (Kirkpatrick's reaction). Named one by one, not by
#: a "feedback-" prefix: thinking-traps' ``feedback-reaction`` asks how people take criticism.
FEEDBACK = ("feedback-helped",)
#: Result styles whose answers are counted per option, so they fit one tidy counts frame.
COUNTED = ("categories", "points", "picks")

SESSION_COLUMNS = ["code", "workshop", "title", "created_at", "participants", "follow_up"]
ANSWER_COLUMNS = ["session", "workshop", "activity", "kind", "skipped", "value"]
MEASURE_COLUMNS = ["session", "activity", "instrument", "phase", "link", "answered", "score"]
RETRO_COLUMNS = ["session", "activity", "item", "before", "now"]
COUNT_COLUMNS = ["session", "workshop", "activity", "kind", "feedback", "option", "label", "count", "respondents"]


@dataclass(frozen=True)
class Series:
    """One series as tidy frames, with the workshop snapshots the frames refer to.

    - ``sessions``: code, workshop, title, created_at (ISO text), participants (how many joined),
      follow_up (a ``followup-`` check-in); oldest first.
    - ``answers``: session, workshop, activity, kind, skipped, value (the stored answer; None for
      skips and for free text, which is never loaded).
    - ``measures``: session, activity, instrument, phase ("pre" or "post"), link (the pairing
      digest, or NA), answered (items answered), score (NA when the scoring rule gives none).
    - ``retrospective``: session, activity, item, before, now (one row per rated item).
    - ``reactions``: counts of the choice-like activities of the module sessions: session,
      workshop, activity, kind, feedback (one of ``FEEDBACK``), option, label, count, respondents.
    - ``checkins``: the same counts for the follow-up sessions (``followup-`` workshops).
    """

    name: str
    created_at: str
    sessions: pd.DataFrame
    answers: pd.DataFrame
    measures: pd.DataFrame
    retrospective: pd.DataFrame
    reactions: pd.DataFrame
    checkins: pd.DataFrame
    #: The workshop snapshot of each session, by session code.
    workshops: Mapping[str, Workshop] = field(default_factory=dict)
    #: Every instrument the series used (the expanded mapping), by instrument id.
    instruments: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __repr__(self) -> str:  # a frame's repr would print answers
        return f"Series({self.name!r}, sessions={len(self.sessions)}, answers={len(self.answers)})"


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _choice_counts(code: str, workshop: Workshop, answers: list[AnswerRecord]) -> list[dict[str, Any]]:
    """One row per option of every counted activity: how many picked it, of how many answered."""
    by_activity: dict[str, list[Any]] = {}
    for answer in answers:
        if not answer.skipped:
            by_activity.setdefault(answer.activity, []).append(answer.value)
    rows = []
    for activity in workshop.activities:
        kind = get_kind(activity.kind)
        if kind is None or kind.exercise or kind.result_style not in COUNTED:
            continue
        values = by_activity.get(activity.id, [])
        if kind.result_style == "points":
            low, high = int(activity.settings.get("min", 1)), int(activity.settings.get("max", 5))
            options = [(str(v), str(v)) for v in range(low, high + 1)]
        else:
            # A mood check-in without options of its own uses the kind's default five.
            listed = mood_options(activity.settings) if activity.kind == "mood" else activity.settings.get("options", [])
            options = [(o["id"], o["label"]) for o in listed]
        for option, label in options:
            count = sum(1 for v in values if (option in v if isinstance(v, list) else str(v) == option))
            rows.append(
                {
                    "session": code, "workshop": workshop.id, "activity": activity.id, "kind": activity.kind,
                    "feedback": activity.id in FEEDBACK, "option": option, "label": label,
                    "count": count, "respondents": len(values),
                }
            )
    return rows


def _session_rows(record: SessionRecord, store: Store, workshop: Workshop, instruments: dict[str, Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows every frame gets from one session."""
    code = record.code
    answers = store.answers(code)
    links = store.links(code)
    follow_up = workshop.id.startswith(FOLLOW_UP)
    out: dict[str, list[dict[str, Any]]] = {"answers": [], "measures": [], "retrospective": [], "counts": []}
    out["session"] = [
        {
            "code": code, "workshop": workshop.id, "title": workshop.title, "created_at": record.created_at,
            "participants": store.count_participants(code), "follow_up": follow_up,
        }
    ]
    activities = {a.id: a for a in workshop.activities}
    for answer in answers:
        activity = activities.get(answer.activity)
        kind = get_kind(activity.kind) if activity else None
        if activity is None or kind is None:
            continue
        kept = None if answer.skipped or kind.free_text else answer.value
        out["answers"].append(
            {"session": code, "workshop": workshop.id, "activity": activity.id, "kind": activity.kind, "skipped": answer.skipped, "value": kept}
        )
        if answer.skipped or not isinstance(answer.value, Mapping):
            continue
        if activity.kind == "measure":
            instrument = instrument_of(activity.settings)
            instruments.setdefault(str(instrument["id"]), instrument)
            out["measures"].append(
                {
                    "session": code, "activity": activity.id, "instrument": str(instrument["id"]),
                    "phase": activity.settings.get("phase"), "link": links.get((activity.id, answer.key), pd.NA),
                    "answered": sum(1 for v in answer.value.values() if v is not None),
                    "score": _na(score(instrument, answer.value)),
                }
            )
        elif activity.kind == "retrospective":
            for item, rating in answer.value.items():
                if isinstance(rating, Mapping):
                    out["retrospective"].append(
                        {"session": code, "activity": activity.id, "item": item, "before": _na(rating.get("before")), "now": _na(rating.get("now"))}
                    )
    out["counts"] = _choice_counts(code, workshop, answers)
    return out


def _na(value: Any) -> Any:
    return pd.NA if value is None else value


def load_series(store: Store, name: str) -> Series:
    """Read the series ``name`` from ``store`` into a ``Series`` of tidy frames.

    Raises ``NotFound`` when there is no such series. Sessions come oldest first; answers to
    activities no longer in a session's snapshot are ignored; free text is not loaded.
    """
    series = store.get_series(name)
    if series is None:
        raise NotFound(f"There is no series named {name!r}.")
    rows: dict[str, list[dict[str, Any]]] = {"session": [], "answers": [], "measures": [], "retrospective": [], "counts": []}
    workshops: dict[str, Workshop] = {}
    instruments: dict[str, Mapping[str, Any]] = {}
    for record in store.sessions_in_series(series.name):
        workshop = build_workshop(record.workshop)
        workshops[record.code] = workshop
        for key, found in _session_rows(record, store, workshop, instruments).items():
            rows[key].extend(found)
    # Dtypes set even when a frame is empty, so a mask on it is still a mask, not a column list.
    sessions = _frame(rows["session"], SESSION_COLUMNS).astype({"participants": "int64", "follow_up": "bool"})
    counts = _frame(rows["counts"], COUNT_COLUMNS).astype({"feedback": "bool", "count": "int64", "respondents": "int64"})
    follow_ups = set(sessions.loc[sessions["follow_up"], "code"]) if len(sessions) else set()
    in_follow_up = counts["session"].isin(follow_ups)
    measures = _frame(rows["measures"], MEASURE_COLUMNS).astype({"score": "Float64", "answered": "Int64", "link": "string"})
    retrospective = _frame(rows["retrospective"], RETRO_COLUMNS).astype({"before": "Int64", "now": "Int64"})
    return Series(
        name=series.name,
        created_at=series.created_at,
        sessions=sessions,
        answers=_frame(rows["answers"], ANSWER_COLUMNS).astype({"skipped": "bool"}),
        measures=measures,
        retrospective=retrospective,
        reactions=counts[~in_follow_up].reset_index(drop=True),
        checkins=counts[in_follow_up].reset_index(drop=True),
        workshops=workshops,
        instruments=instruments,
    )


__all__ = ["FEEDBACK", "FOLLOW_UP", "Series", "load_series"]
