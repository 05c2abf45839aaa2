"""What the individual skill exercises share: private by default, an optional anonymous share.

A skill exercise is done on the participant's own page and nothing from it is sent. A workshop
file may add ``share: {question, options}`` to collect one anonymous choice after the exercise
(for example "which pattern do you recognise most?"); that choice is tallied and suppressed like
any single-choice answer. What a person types inside the exercise is never part of an answer.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from ..errors import InvalidValue
from ..types import Problem
from ._base import Answer, Kind, Tally, check_options, check_text, option_answer
from ._categorical import tally_categories
from ...i18n import N_

PRIVATE = N_("This exercise is private: nothing from it is collected, so there is nothing to send.")

ShareOptions = Callable[[Mapping[str, Any]], list[dict[str, str]]]


def _own_options(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    share = settings.get("share")
    return list(share.get("options") or []) if isinstance(share, Mapping) else []


def check_share(settings: Mapping[str, Any], default_options: ShareOptions | None = None) -> list[Problem]:
    """Problems with the optional ``share`` setting."""
    if "share" not in settings:
        return []
    share = settings["share"]
    if not isinstance(share, Mapping):
        return [Problem(("share",), "needs a question, and options unless the exercise provides them")]
    problems = [Problem(("share", key), "is not a setting of share") for key in share if key not in ("question", "options")]
    problems += [p.at("share") for p in check_text(share, "question", required=True)]
    if "options" in share or default_options is None:
        problems += [p.at("share") for p in check_options(share)]
    return problems


def make_exercise(
    name: str,
    label: str,
    settings: frozenset[str],
    check: Callable[[Mapping[str, Any]], list[Problem]],
    share_options: ShareOptions | None = None,
) -> Kind:
    """A private skill-exercise kind whose only collectable answer is the optional share choice.

    Its result is that choice, so it is shown like any single choice ("categories").
    """

    def options(settings: Mapping[str, Any]) -> list[dict[str, str]]:
        own = _own_options(settings)
        return own or (share_options(settings) if share_options else [])

    def check_settings(settings: Mapping[str, Any]) -> list[Problem]:
        return check(settings) + check_share(settings, share_options)

    def check_answer(settings: Mapping[str, Any], value: Any) -> str:
        if "share" not in settings:
            raise InvalidValue(PRIVATE)
        return option_answer({"options": options(settings)}, value)

    def tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
        if "share" not in settings:
            return Tally(suppressed=False, data={"private": True})
        return tally_categories([(o["id"], o["label"]) for o in options(settings)], answers, k)

    return Kind(
        name=name,
        label=label,
        settings=settings | {"share"},
        check_settings=check_settings,
        check_answer=check_answer,
        tally=tally,
        result_style="categories",
        collects=False,
        exercise=True,
        share_options=options,
    )


def check_text_list(settings: Mapping[str, Any], name: str, *, minimum: int = 1, maximum: int = 12) -> list[Problem]:
    """A problem if the optional setting ``name`` is not a list of short texts."""
    if name not in settings:
        return []
    value = settings[name]
    if not isinstance(value, list) or not minimum <= len(value) <= maximum:
        return [Problem((name,), f"needs a list of {minimum} to {maximum} texts")]
    return [
        Problem((name, index), "must be some text of at most 300 characters")
        for index, item in enumerate(value)
        if not isinstance(item, str) or not item.strip() or len(item) > 300
    ]
