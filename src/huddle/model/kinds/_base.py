"""What every activity kind provides, and helpers shared by the choice-like kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Literal, Mapping, Sequence, get_args

from ..errors import InvalidValue
from ..types import Problem

OPTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

#: How a kind's result is shown, named by the shape of its tally so that adapters (charts, the
#: room's results, the projector) keep one renderer per style, not one per kind:
#: "categories" one count per option with small ones merged; "points" the same on a numbered axis
#: with a mean; "picks" several options per person, each counted (rare ones hidden); "places"
#: each option's mean place in a ranking; "words" word frequencies; "texts" the approved texts;
#: "score" a questionnaire's group mean on its score range (n, mean, sd); "before_now" each item's
#: mean rating before and now; "voted_texts" the approved texts (the room's questions), each with
#: its upvotes, pinned ones first and answered ones last.
ResultStyle = Literal["categories", "points", "picks", "places", "words", "texts", "score", "before_now", "voted_texts"]
RESULT_STYLES: tuple[str, ...] = get_args(ResultStyle)


@dataclass(frozen=True)
class Answer:
    """A stored, non-skipped answer as the tally sees it.

    ``status`` matters only for free text: "pending" until the facilitator approves it.
    ``item`` is a short anonymous id of the answer, used to moderate free text.
    """

    value: Any
    status: str = "approved"
    item: str = ""


@dataclass(frozen=True)
class Tally:
    """A tally ready to show: None when the whole distribution is suppressed (P3)."""

    suppressed: bool
    data: dict[str, Any] | None


SettingsCheck = Callable[[Mapping[str, Any]], list[Problem]]
AnswerCheck = Callable[[Mapping[str, Any], Any], Any]
Tallier = Callable[[Mapping[str, Any], Sequence[Answer], int], Tally]


@dataclass(frozen=True)
class Kind:
    """An activity kind: the settings it accepts, how it checks an answer, how it tallies, and
    what the rest of Huddle needs to know about it, so no adapter has to test a kind's name.

    ``settings`` names every allowed setting; ``check_settings`` reports problems with their
    values; ``check_answer`` returns the normalised answer or raises ``InvalidValue`` /
    ``TooLarge``; ``tally`` applies k-suppression itself because only the kind knows which
    numbers would give a hidden count away.
    """

    name: str
    #: The kind in plain words, for a person reading a run-sheet, a report or the dashboard.
    label: str
    settings: frozenset[str]
    check_settings: SettingsCheck
    check_answer: AnswerCheck
    tally: Tallier
    #: How its tally is shown: one of ``RESULT_STYLES``.
    result_style: ResultStyle
    collects: bool = True
    #: Answers are free text: moderated before anyone else sees them (P4), screened for crisis
    #: language (S2), withheld from exports unless asked for.
    free_text: bool = False
    #: One shared answer per breakout group (stored under ``group_answer_key``), which any member
    #: writes or updates; it is answered only once the facilitator has put everyone in groups.
    per_group: bool = False
    #: The facilitator's session-wide banned words are left out of its tally, besides its own.
    filters_banned: bool = False
    #: A private skill exercise: done on the participant's page, collecting at most one share choice.
    exercise: bool = False
    #: For exercises: the options of the optional anonymous share question, given the settings.
    share_options: Callable[[Mapping[str, Any]], list[dict[str, str]]] | None = None
    #: An answer may carry an opt-in pairing link (a self-generated code, P10), so one person's
    #: before and after answers in a series can be paired without knowing who they are.
    pairs: bool = False
    #: One participant may give several answers (each under a key of its own, so none replaces
    #: another): at most this many, given the settings. None: one answer, changed by sending again.
    many: Callable[[Mapping[str, Any]], int] | None = None
    #: Participants upvote its approved answers; its tally is given the counts as
    #: ``settings["votes"]`` (``{item: upvotes}``), so the kind itself never reads the store.
    upvotes: bool = False

    def __post_init__(self) -> None:
        # A misspelt style would only show up as a missing chart in a live session.
        if self.result_style not in RESULT_STYLES:
            raise ValueError(f"kind {self.name!r}: unknown result style {self.result_style!r}")

    def collects_from(self, settings: Mapping[str, Any]) -> bool:
        """Whether an activity of this kind with these settings collects any answer at all."""
        return self.collects or (self.exercise and "share" in settings)


def check_options(settings: Mapping[str, Any], *, minimum: int = 2, maximum: int = 12) -> list[Problem]:
    """Problems with a choice-like ``options`` list: ``[{"id", "label"}]`` with unique ids."""
    options = settings.get("options")
    if not isinstance(options, list):
        return [Problem(("options",), "needs a list of options, each with an id and a label")]
    problems: list[Problem] = []
    if not minimum <= len(options) <= maximum:
        problems.append(Problem(("options",), f"needs between {minimum} and {maximum} options, found {len(options)}"))
    seen: set[str] = set()
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            problems.append(Problem(("options", index), "each option needs an id and a label"))
            continue
        unknown = set(option) - {"id", "label"}
        if unknown:
            problems.append(Problem(("options", index), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}"))
        option_id = option.get("id")
        if not isinstance(option_id, str) or not OPTION_ID.match(option_id):
            problems.append(Problem(("options", index, "id"), "an option id is lowercase letters, digits, '-' or '_' (at most 40)"))
        elif option_id in seen:
            problems.append(Problem(("options", index, "id"), f"the option id '{option_id}' is used twice"))
        else:
            seen.add(option_id)
        label = option.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(Problem(("options", index, "label"), "an option needs a label to show"))
    return problems


def option_ids(settings: Mapping[str, Any]) -> list[str]:
    """The option ids of a choice-like activity, in order."""
    return [option["id"] for option in settings.get("options", [])]


def option_answer(settings: Mapping[str, Any], value: Any) -> str:
    """Check a single option id against the activity's options."""
    if not isinstance(value, str):
        raise InvalidValue("Please choose one of the options.")
    if value not in option_ids(settings):
        raise InvalidValue("That option is not one of this question's choices.")
    return value


def check_int(settings: Mapping[str, Any], name: str, low: int, high: int) -> list[Problem]:
    """A problem if the optional integer setting ``name`` is present and outside [low, high]."""
    if name not in settings:
        return []
    value = settings[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [Problem((name,), f"must be a whole number from {low} to {high}")]
    return []


def check_text(settings: Mapping[str, Any], name: str, *, required: bool = False) -> list[Problem]:
    """A problem if the setting ``name`` is not a non-empty string."""
    if name not in settings:
        return [Problem((name,), "is required")] if required else []
    value = settings[name]
    if not isinstance(value, str) or not value.strip():
        return [Problem((name,), "must be some text")]
    return []
