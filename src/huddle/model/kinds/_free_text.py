"""Shared by the kinds whose answers are free text, which the facilitator moderates (P4)."""

from __future__ import annotations

import unicodedata
from typing import Any, Mapping, Sequence

from ..errors import InvalidValue, TooLarge
from ._base import Answer, Tally


def check_free_text(settings: Mapping[str, Any], value: Any, default_limit: int) -> str:
    """Strip and length-check a free-text answer; control characters other than newlines go."""
    if not isinstance(value, str):
        raise InvalidValue("Please type your answer as text.")
    text = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise InvalidValue("Please type something, or skip the question.")
    limit = int(settings.get("max_length", default_limit))
    if len(text) > limit:
        raise TooLarge(f"Your answer is {len(text)} characters long; the limit is {limit}.")
    return text


def tally_free_text(answers: Sequence[Answer], k: int) -> Tally:
    """Approved texts only; pending and hidden ones are counted, never shown."""
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    approved = [{"item": a.item, "text": a.value} for a in answers if a.status == "approved"]
    return Tally(
        suppressed=False,
        data={
            "approved": sorted(approved, key=lambda entry: entry["item"]),
            # Texts still queued for the facilitator's next batch are waiting too.
            "pending": sum(1 for a in answers if a.status in ("pending", "queued")),
            "hidden": sum(1 for a in answers if a.status == "hidden"),
            "flagged": sum(1 for a in answers if a.status == "flagged"),
        },
    )
