"""P3: no distribution below k, and no hidden count can be worked out from what is shown."""

from __future__ import annotations

import itertools

import pytest

from huddle.model import Answer
from huddle.model.kinds import KINDS
from huddle.model.suppression import effective_k, merge_small

OPTIONS = {"options": [{"id": c, "label": c.upper()} for c in "abcd"]}


def shown(counts: tuple[int, ...], k: int):
    given = [Answer(c) for c, n in zip("abcd", counts) for _ in range(n)]
    return KINDS["choice"].tally(OPTIONS, given, k)


def consistent(result, k: int) -> set[tuple[int, ...]]:
    """Every distribution of the same total that would look exactly the same on screen."""
    data = result.data
    total = sum(o["count"] or 0 for o in data["options"]) + (data["merged"]["count"] if data["merged"] else 0)
    matches = set()
    for counts in itertools.product(range(total + 1), repeat=4):
        if sum(counts) == total:
            other = shown(counts, k)
            if other.data == data:
                matches.add(counts)
    return matches


def test_k_is_five_by_default_and_never_below_three():
    assert effective_k(None) == 5 and effective_k(1) == 3 and effective_k(8) == 8


def test_nothing_is_shown_below_k():
    for total in range(5):
        counts = (total, 0, 0, 0)
        assert shown(counts, 5).suppressed and shown(counts, 5).data is None


@pytest.mark.parametrize("counts", [(5, 1, 0, 0), (6, 2, 1, 0), (3, 3, 3, 3), (10, 4, 4, 1), (7, 0, 0, 1), (2, 2, 2, 0)])
def test_every_shown_number_is_either_zero_or_at_least_k(counts):
    result = shown(counts, 5)
    if sum(counts) < 5:
        assert result.suppressed
        return
    for option in result.data["options"]:
        assert option["count"] is None or option["count"] == 0 or option["count"] >= 5
    if result.data["merged"]:
        assert result.data["merged"]["count"] >= 5


@pytest.mark.parametrize("counts", [(5, 1, 0, 0), (6, 2, 1, 0), (8, 1, 1, 0), (5, 5, 1, 1)])
def test_a_hidden_count_cannot_be_derived(counts):
    result = shown(counts, 5)
    hidden = [i for i, o in enumerate(result.data["options"]) if o["count"] is None]
    alternatives = consistent(result, 5)
    assert counts in alternatives
    for index in hidden:
        # At least two different values of each hidden count fit what the room sees.
        assert len({alt[index] for alt in alternatives}) > 1


def test_merge_keeps_the_bucket_at_or_above_k():
    merged = merge_small({"a": 9, "b": 1, "c": 0}, 5)
    assert merged.merged == ["a", "b"] and merged.merged_count == 10 and merged.shown == {"c": 0}
