"""Questions from the room: anonymous questions, moderated like free text (P4), upvoted by the room.

A participant may ask a few questions (``per_person``), each stored under a key of its own. The
facilitator approves a question before anyone else sees it, and may pin it or mark it answered;
participants upvote the approved ones, once each. The tally lists the questions shown, pinned
first, then the open ones by votes, answered ones last; ties go by the question's anonymous id,
never by when it was asked (P8).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..types import Problem
from ._base import Answer, Kind, Tally, check_int
from ._free_text import check_free_text
from .word_cloud import contains_banned, folded
from ...i18n import N_

DEFAULT_LIMIT = 280
DEFAULT_PER_PERSON = 3
PINNED = "pinned"
ANSWERED = "answered"
#: The statuses of a question the room sees: each one implies the facilitator approved it.
SHOWN = ("approved", PINNED, ANSWERED)


def per_person(settings: Mapping[str, Any]) -> int:
    """How many questions one participant may ask in this activity."""
    return int(settings.get("per_person", DEFAULT_PER_PERSON))


def _check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    return check_int(settings, "max_length", 20, 1000) + check_int(settings, "per_person", 1, 10)


def _place(entry: Mapping[str, Any]) -> tuple[int, int, str]:
    """Pinned first, then open questions by votes, answered ones last; equal votes by item id."""
    group = 0 if entry["pinned"] else 2 if entry["answered"] else 1
    return group, -int(entry["votes"]), str(entry["item"])


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    # Below k questions nothing is shown, as for any free text: with two questions asked, the
    # room could tell who asked which.
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    votes = settings.get("votes") or {}
    banned = {folded(w) for w in settings.get("banned", [])}
    shown: list[dict[str, Any]] = []
    hidden = 0
    for answer in answers:
        if answer.status == "hidden" or (answer.status in SHOWN and banned and contains_banned(str(answer.value), banned)):
            hidden += 1  # a word the facilitator hid takes the whole question out
        elif answer.status in SHOWN:
            shown.append({
                "item": answer.item,
                "text": answer.value,
                "votes": int(votes.get(answer.item, 0)),
                "pinned": answer.status == PINNED,
                "answered": answer.status == ANSWERED,
            })
    return Tally(
        suppressed=False,
        data={
            "questions": sorted(shown, key=_place),
            "pending": sum(1 for a in answers if a.status in ("pending", "queued")),
            "hidden": hidden,
            "flagged": sum(1 for a in answers if a.status == "flagged"),
        },
    )


KIND = Kind(
    name="questions",
    label=N_("Questions from the room (moderated, upvoted)"),
    settings=frozenset({"max_length", "per_person"}),
    check_settings=_check_settings,
    check_answer=lambda settings, value: check_free_text(settings, value, DEFAULT_LIMIT),
    tally=_tally,
    result_style="voted_texts",
    free_text=True,
    filters_banned=True,
    many=per_person,
    upvotes=True,
)
