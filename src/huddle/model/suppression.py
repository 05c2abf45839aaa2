"""k-anonymity for tallies (PRODUCT P3).

No distribution is shown until at least k answers exist. Categories with fewer than k answers
are merged into one bucket; if that bucket would itself hold fewer than k answers, the smallest
shown categories join it until it holds at least k. Because the bucket's total is shown and is
never below k, no hidden category's count can be worked out from the numbers on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

DEFAULT_K = 5
MIN_K = 3


def effective_k(k: int | None) -> int:
    """The k in force: the default when None, and never below ``MIN_K``."""
    return max(MIN_K, DEFAULT_K if k is None else int(k))


@dataclass(frozen=True)
class Merged:
    """The result of suppressing one categorical distribution."""

    shown: dict[str, int]
    merged: list[str]
    merged_count: int

    def count_of(self, category: str) -> int | None:
        """The shown count of a category, or None when it was merged."""
        return self.shown.get(category)


def merge_small(counts: dict[str, int], k: int) -> Merged:
    """Merge categories below k (and, if needed, the smallest others) into one bucket of >= k.

    Empty categories stay shown as 0: nobody can be identified by a zero. Expects the total of
    ``counts`` to be at least k (callers suppress the whole distribution below that).
    """
    shown = {name: count for name, count in counts.items() if count == 0 or count >= k}
    merged = [name for name, count in counts.items() if 0 < count < k]
    bucket = sum(counts[name] for name in merged)
    while 0 < bucket < k:
        candidates = sorted((count, name) for name, count in shown.items() if count > 0)
        if not candidates:
            break
        count, name = candidates[0]
        del shown[name]
        merged.append(name)
        bucket += count
    order = list(counts)
    merged.sort(key=order.index)
    return Merged(shown=shown, merged=merged, merged_count=bucket)


def hide_small(counts: dict[str, int], k: int) -> dict[str, int | None]:
    """Independent counts (multiple choice, words): each below k is hidden as None.

    Used where categories are not parts of one whole, so no total lets a hidden one be derived.
    """
    return {name: (count if count == 0 or count >= k else None) for name, count in counts.items()}


def too_thin_to_show(tally: Mapping[str, Any] | None) -> bool:
    """Whether a shown categorical tally has nothing left but its combined bucket or hidden rows.

    True when options carry counts and none of them keeps a count above zero: every answer went
    into the merged bucket (8 answers over 4 options, each below k), or every option is hidden.
    Such a chart tells the room nothing, so it is shown as "waiting for more answers" instead.
    Showing less than the tally does can never reveal a hidden count (P3).
    """
    options = (tally or {}).get("options")
    if not options or not all(isinstance(o, Mapping) and "count" in o for o in options):
        return False  # a ranking (mean places) or a word list: nothing is merged there
    combined = bool((tally or {}).get("merged")) or any(o["count"] is None for o in options)
    return combined and not any((o["count"] or 0) > 0 for o in options)
