"""The series summary by Kirkpatrick level, every figure k-suppressed (P3).

Rules that keep small numbers out, whatever the level:

- a count, n, mean or SD is shown only when it rests on at least k answers (or people, or pairs);
  below that the figure is None and the text says "fewer than k", never the number, not even 0;
- a total is shown only when every part of it is, so a hidden part cannot be worked out by
  subtraction; paired people's own before and after means are never shown beside everyone's
  means (the difference would give away the unpaired few), only their mean change;
- choice-like items are tallied by their own kind (``Kind.tally``), which merges or hides
  options as the live results and the session report do;
- never a per-person score, and never a pairing digest.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from scipy import stats

from ..model import Answer, effective_k, get_kind
from ._shapes import (
    CheckIn, ItemEntry, Measure, Paired, Participation, Phase, Repeated, RepeatedUse, RetroItem,
    Retrospective, SessionEntry, SessionItems, Summary,
)
from .load import COUNTED, FEEDBACK, Series

LIMITS = (
    "Self-report: every figure is what people said about themselves at the time, not an observed outcome.",
    "No control group: a change from before to after may come from anything else that happened in those weeks, not only from the workshops.",
    "People who chose to make a pairing code may differ from those who did not, so a paired change describes them, not everyone.",
    "Counts are attendances, not people: answers are anonymous and are not joined across sessions (apart from the optional pairing code), so someone who came three times counts three times.",
    "People chose to come and to answer: those who skipped, left early or stayed away are not represented.",
)
NOT_A_DIAGNOSIS = (
    "Scores are summaries of a group's answers to short questionnaires: never a diagnosis, and never "
    "an assessment of any one person."
)
PAIRING_RULE = (
    "A pair is one scored before answer and one scored after answer to the same instrument made with "
    "the same pairing code; a code used more than once in either phase is left out, since it cannot "
    "be told apart."
)


# small helpers ------------------------------------------------------------------------------


def _shown(count: int, k: int) -> int | None:
    """A count as it may be shown: itself from k up, otherwise None (even 0, so "fewer than k"
    never tells 0 from 1)."""
    return int(count) if count >= k else None


def _round(value: float | None, places: int = 2) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), places)


# participation ------------------------------------------------------------------------------


def _participation(series: Series, k: int) -> Participation:
    entries: list[SessionEntry] = []
    for row in series.sessions.itertuples(index=False):
        entries.append(
            {
                "code": row.code, "workshop": row.workshop, "title": row.title, "created_at": row.created_at,
                "follow_up": bool(row.follow_up), "participants": _shown(int(row.participants), k),
            }
        )
    every = all(e["participants"] is not None for e in entries)
    total = int(series.sessions["participants"].sum()) if entries and every else None
    note = "" if every else f"No total is given because a session with fewer than {k} participants is not shown."
    return {"sessions": entries, "attendances": total, "note": note}


# choice-like items (reaction, behaviour) -------------------------------------------------------


def _item(series: Series, k: int, code: str, activity_id: str, answers: pd.DataFrame) -> ItemEntry | None:
    """One choice-like activity's answers tallied by its own kind (which applies P3)."""
    activity = series.workshops[code].activity(activity_id)
    kind = get_kind(activity.kind) if activity else None
    if activity is None or kind is None or kind.exercise or kind.result_style not in COUNTED:
        return None
    given = [Answer(v) for v in answers.loc[~answers["skipped"], "value"]]
    skipped = int(answers["skipped"].sum())
    result = kind.tally(activity.settings, given, k)
    return {
        "activity": activity.id, "prompt": activity.prompt, "kind": activity.kind,
        "count": None if result.suppressed else _shown(len(given), k),
        "skipped": None if result.suppressed else _shown(skipped, k),
        "suppressed": result.suppressed, "tally": result.data,
    }


def _reaction(series: Series, k: int) -> list[SessionItems]:
    out: list[SessionItems] = []
    answers = series.answers
    for row in series.sessions[~series.sessions["follow_up"]].itertuples(index=False):
        items = []
        for activity in series.workshops[row.code].activities:
            if activity.id in FEEDBACK:
                chosen = answers[(answers["session"] == row.code) & (answers["activity"] == activity.id)]
                entry = _item(series, k, row.code, activity.id, chosen)
                if entry is not None:
                    items.append(entry)
        if items:
            out.append({"code": row.code, "title": row.title, "items": items})
    return out


def _behaviour(series: Series, k: int) -> list[CheckIn]:
    """The follow-up check-ins, pooled by follow-up workshop (its latest session's wording)."""
    out: list[CheckIn] = []
    follow = series.sessions[series.sessions["follow_up"]]
    for workshop_id, group in follow.groupby("workshop", sort=True):
        codes = list(group["code"])
        latest = codes[-1]
        chosen = series.answers[series.answers["session"].isin(codes)]
        items = []
        for activity in series.workshops[latest].activities:
            entry = _item(series, k, latest, activity.id, chosen[chosen["activity"] == activity.id])
            if entry is not None:
                items.append(entry)
        every = all(_shown(int(n), k) is not None for n in group["participants"])
        out.append(
            {
                "workshop": str(workshop_id), "title": str(group["title"].iloc[-1]), "sessions": codes,
                "attendances": _shown(int(group["participants"].sum()), k) if every else None, "items": items,
            }
        )
    return out


# learning -----------------------------------------------------------------------------------


def _phase(scores: pd.DataFrame, k: int) -> Phase:
    scored = scores["score"].dropna().astype(float)
    n = len(scored)
    ok = n >= k
    return {
        "sessions": sorted(set(scores["session"]), key=list(scores["session"]).index),
        "n": _shown(n, k),
        "mean": _round(scored.mean()) if ok else None,
        "sd": _round(scored.std(ddof=1)) if ok and n > 1 else None,
        "unscored": _shown(int(scores["score"].isna().sum()), k),
    }


def paired_changes(measures: pd.DataFrame, instrument: str) -> tuple[pd.Series, int]:
    """Each pair's change (after minus before) for one instrument, and how many codes were
    left out as ambiguous (see ``PAIRING_RULE``). For analysis only: never show it per pair."""
    scored = measures[(measures["instrument"] == instrument) & measures["score"].notna() & measures["link"].notna()]
    pre = scored[scored["phase"] == "pre"].groupby("link")["score"].agg(["count", "first"])
    post = scored[scored["phase"] == "post"].groupby("link")["score"].agg(["count", "first"])
    both = pre.merge(post, left_index=True, right_index=True, suffixes=("_pre", "_post"))
    single = both[(both["count_pre"] == 1) & (both["count_post"] == 1)]
    changes = (single["first_post"].astype(float) - single["first_pre"].astype(float)).reset_index(drop=True)
    return changes, len(both) - len(single)


def _paired(measures: pd.DataFrame, instrument: str, k: int) -> Paired:
    changes, ambiguous = paired_changes(measures, instrument)
    n = len(changes)
    paired: Paired = {
        "shown": False, "n": None, "mean_change": None, "ci95": None, "sd_change": None, "d_z": None,
        "ambiguous": _shown(ambiguous, k), "rule": PAIRING_RULE,
    }
    if n < k:
        return paired
    mean = float(changes.mean())
    sd = float(changes.std(ddof=1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    paired.update(
        shown=True, n=n, mean_change=_round(mean), ci95=[_round(mean - half), _round(mean + half)],  # type: ignore[typeddict-item]
        sd_change=_round(sd), d_z=_round(mean / sd) if sd > 0 else None,
    )
    return paired


def _measures(series: Series, k: int) -> list[Measure]:
    out: list[Measure] = []
    measures = series.measures
    for instrument_id, instrument in series.instruments.items():
        rows = measures[measures["instrument"] == instrument_id]
        scoring = instrument.get("scoring") or {}
        low_high = instrument.get("range")
        out.append(
            {
                "instrument": instrument_id,
                "name": str(instrument.get("name", instrument_id)),
                "citation": str(instrument.get("citation", "")),
                "licence": str(instrument.get("licence", "")),
                "range": [float(v) for v in low_high] if low_high else None,
                "higher_means": str(instrument.get("higher_means", "")),
                "rule": str(scoring.get("rule", "")),
                "not_a_diagnosis": str(instrument.get("not_a_diagnosis") or NOT_A_DIAGNOSIS),
                "pre": _phase(rows[rows["phase"] == "pre"], k),
                "post": _phase(rows[rows["phase"] == "post"], k),
                "paired": _paired(measures, instrument_id, k),
            }
        )
    return out


def _retrospective(series: Series, k: int) -> list[Retrospective]:
    out: list[Retrospective] = []
    frame = series.retrospective
    for row in series.sessions.itertuples(index=False):
        for activity in series.workshops[row.code].activities:
            if activity.kind != "retrospective":
                continue
            mine = frame[(frame["session"] == row.code) & (frame["activity"] == activity.id)]
            items: list[RetroItem] = []
            for item in activity.settings.get("items", []):
                rated = mine[(mine["item"] == item["id"]) & mine["before"].notna() & mine["now"].notna()]
                n = len(rated)
                ok = n >= k
                before = float(rated["before"].astype(float).mean()) if ok else None
                now = float(rated["now"].astype(float).mean()) if ok else None
                items.append(
                    {
                        "id": item["id"], "text": item["text"], "n": _shown(n, k),
                        "before": _round(before), "now": _round(now),
                        "change": _round(now - before) if ok and before is not None and now is not None else None,
                    }
                )
            out.append(
                {
                    "code": row.code, "title": row.title, "activity": activity.id, "prompt": activity.prompt,
                    "min_label": str(activity.settings.get("min_label", "")), "max_label": str(activity.settings.get("max_label", "")),
                    "items": items,
                }
            )
    return out


def _repeated(series: Series, k: int) -> list[Repeated]:
    """Rating scales asked in two or more module sessions with the same wording and scale (module
    1's baseline-confidence and module 6's end-confidence): the mean in each, unpaired."""
    groups: dict[tuple[Any, ...], list[tuple[Any, Any]]] = {}
    for row in series.sessions[~series.sessions["follow_up"]].itertuples(index=False):
        for activity in series.workshops[row.code].activities:
            if activity.kind == "scale":
                s = activity.settings
                key = (" ".join(activity.prompt.split()), int(s.get("min", 1)), int(s.get("max", 5)), s.get("min_label", ""), s.get("max_label", ""))
                groups.setdefault(key, []).append((row, activity))
    answers = series.answers[~series.answers["skipped"]]
    out: list[Repeated] = []
    for (prompt, low, high, low_label, high_label), uses in groups.items():
        if len({row.code for row, _ in uses}) < 2:
            continue
        found: list[RepeatedUse] = []
        for row, activity in uses:
            values = answers.loc[(answers["session"] == row.code) & (answers["activity"] == activity.id), "value"].astype(float)
            found.append(
                {
                    "code": row.code, "title": row.title, "created_at": row.created_at, "activity": activity.id,
                    "n": _shown(len(values), k), "mean": _round(values.mean()) if len(values) >= k else None,
                }
            )
        out.append({"prompt": prompt, "min": low, "max": high, "min_label": str(low_label), "max_label": str(high_label), "sessions": found})
    return out


# the whole ----------------------------------------------------------------------------------


def summary(series: Series, k: int) -> Summary:
    """The series by Kirkpatrick level, as JSON-able data with every figure k-suppressed.

    ``k`` is the smallest group shown (raised to 3 if lower). Every number below that is None,
    and no shown number lets a hidden one be worked out. The keys:

    - ``series``, ``created_at`` (ISO), ``k``: the series' name, when it began, the k applied.
    - ``n``: ``sessions`` (all), ``module_sessions``, ``follow_up_sessions`` (session counts,
      never suppressed: they count meetings, not people) and ``attendances`` (people who joined,
      summed over sessions; None unless every session's count is shown).
    - ``limits``: sentences a reader must see with the figures (self-report, no control group,
      who chose to pair, attendances not people, self-selection); ``not_a_diagnosis``: likewise.
    - ``participation`` (level 1a): ``sessions``, oldest first, each ``{code, workshop, title,
      created_at, follow_up, participants}``; ``attendances``; ``note`` (why no total, or "").
    - ``reaction`` (level 1): ``sessions``, each ``{code, title, items}`` for the module
      sessions' feedback items (``FEEDBACK``: ``feedback-helped``); an item is ``{activity, prompt, kind, count, skipped,
      suppressed, tally}`` where ``tally`` is that kind's own k-suppressed tally (as in
      ``GET /sessions/{code}/tally``), None when ``suppressed``.
    - ``learning`` (level 2): ``measures``, one per instrument: ``{instrument, name, citation,
      licence, range, higher_means, rule, not_a_diagnosis, pre, post, paired}``; ``pre`` and
      ``post`` are ``{sessions, n, mean, sd, unscored}`` over every scored answer (``unscored``:
      answers with too few items for the scoring rule); ``paired`` is ``{shown, n,
      mean_change, ci95, sd_change, d_z, ambiguous, rule}``, shown only from k pairs: mean
      change after minus before, its 95 % confidence interval from the t distribution, the SD
      of the changes and the effect size d_z = mean change / SD of change.
      ``retrospective``: one per retrospective activity, ``{code, title, activity, prompt,
      min_label, max_label, items}``, each item ``{id, text, n, before, now, change}`` (means
      over the people who rated both, on the 1-5 scale).
      ``repeated``: rating scales asked in two or more module sessions with the same wording
      and scale, ``{prompt, min, max, min_label, max_label, sessions}``, each session
      ``{code, title, created_at, activity, n, mean}`` (unpaired: answers are not linked).
    - ``behaviour`` (level 3): ``checkins``, one per follow-up workshop, pooled over its
      sessions: ``{workshop, title, sessions, attendances, items}`` with items as in reaction.
    """
    k = effective_k(k)
    sessions = series.sessions
    participation = _participation(series, k)
    follow = int(sessions["follow_up"].sum()) if len(sessions) else 0
    return {
        "series": series.name,
        "created_at": series.created_at,
        "k": k,
        "n": {
            "sessions": len(sessions),
            "module_sessions": len(sessions) - follow,
            "follow_up_sessions": follow,
            "attendances": participation["attendances"],
        },
        "limits": list(LIMITS),
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
        "participation": participation,
        "reaction": {"sessions": _reaction(series, k)},
        "learning": {
            "measures": _measures(series, k),
            "retrospective": _retrospective(series, k),
            "repeated": _repeated(series, k),
        },
        "behaviour": {"checkins": _behaviour(series, k)},
    }


__all__ = ["LIMITS", "NOT_A_DIAGNOSIS", "PAIRING_RULE", "Summary", "paired_changes", "summary"]
