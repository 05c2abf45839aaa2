"""Small pieces the report and the run-sheet share: plain names of the kinds, minute formatting."""

from __future__ import annotations

from datetime import datetime

from ..i18n import N_, _
from ..model.kinds import get_kind

#: The months, as a date is written in a report ("12 March 2025").
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)


def kind_label(kind: str) -> str:
    """The kind named ``kind`` in plain words (its ``Kind.label``, in the current language).

    A name no longer registered (an old export, a kind since retired) is still given a readable
    name rather than an error, because a report must print whatever a session held.
    """
    known = get_kind(kind)
    if known is not None:
        return _(known.label)
    return kind.replace("_", " ").replace("-", " ").capitalize()


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
    return _("{day} {month} {year}").format(day=parsed.day, month=_(MONTHS[parsed.month - 1]), year=parsed.year)
