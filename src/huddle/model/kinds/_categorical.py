"""Tallying answers that each fall in exactly one category (choice, mood, scale)."""

from __future__ import annotations

from typing import Sequence

from ..suppression import merge_small
from ._base import Answer, Tally


def tally_categories(categories: list[tuple[str, str]], answers: Sequence[Answer], k: int) -> Tally:
    """Count answers per category and merge small ones; ``categories`` is ``[(id, label)]``."""
    counts = {category_id: 0 for category_id, _ in categories}
    for answer in answers:
        key = str(answer.value)
        if key in counts:
            counts[key] += 1
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    merged = merge_small(counts, k)
    labels = dict(categories)
    return Tally(
        suppressed=False,
        data={
            "options": [
                {"id": category_id, "label": labels[category_id], "count": merged.count_of(category_id)}
                for category_id, _ in categories
            ],
            "merged": (
                {"options": merged.merged, "count": merged.merged_count} if merged.merged else None
            ),
        },
    )
