"""P3: no distribution below k, and no hidden count can be worked out from what is shown."""

from __future__ import annotations

import itertools

import pytest

from huddle.model import Answer
from huddle.model.kinds import KINDS
from huddle.model.suppression import effective_k, merge_small, too_thin_to_show

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


# what may be shown at small numbers ----------------------------------------------------------


def test_no_hidden_category_is_ever_alone_behind_the_shown_total():
    # The total is shown, so total minus the shown counts is the merged bucket: it must always
    # hold at least two hidden categories and at least k answers, never one person's choice.
    for k in (3, 5):
        for counts in itertools.product(range(9), repeat=4):
            if sum(counts) < k:
                continue
            data = shown(counts, k).data
            hidden = [o for o in data["options"] if o["count"] is None]
            assert len(hidden) != 1, counts
            shown_total = sum(o["count"] for o in data["options"] if o["count"] is not None)
            if hidden:
                assert data["merged"]["count"] == sum(counts) - shown_total >= k, counts
            else:
                assert data["merged"] is None


def test_too_thin_to_show_when_only_the_combined_bucket_would_be_left():
    # 8 answers over 4 options, each below k: everything merges into one bucket.
    assert too_thin_to_show(shown((3, 3, 2, 0), 5).data)
    assert too_thin_to_show(shown((9, 1, 0, 0), 5).data)  # the 9 joins the 1 so the bucket reaches k
    assert not too_thin_to_show(shown((10, 4, 4, 1), 5).data)  # a real bar stays beside the bucket
    assert not too_thin_to_show(shown((6, 6, 0, 0), 5).data)  # nothing merged
    # Several picks per person: every option hidden is as empty as a lone bucket.
    picks = KINDS["multi_choice"].tally(OPTIONS, [Answer(["a"]), Answer(["b"]), Answer(["c"]), Answer(["d"]), Answer(["a"])], 5)
    assert too_thin_to_show(picks.data)
    # Rankings and word lists have no per-option counts to merge.
    assert not too_thin_to_show({"options": [{"id": "a", "label": "A", "mean_rank": 1.0}]})
    assert not too_thin_to_show({"words": [], "hidden_words": 3})
    assert not too_thin_to_show(None)


def test_too_thin_to_show_exactly_when_no_option_keeps_a_count():
    for counts in itertools.product(range(8), repeat=4):
        if sum(counts) < 5:
            continue
        data = shown(counts, 5).data
        positive = [o for o in data["options"] if o["count"]]
        assert too_thin_to_show(data) == (data["merged"] is not None and not positive), counts
