"""Breakout groups: even sizes, and a spread of training stages when people gave one."""

from __future__ import annotations

from collections import Counter

import pytest

from huddle.model.groups import assign_groups, group_count


@pytest.mark.parametrize("people, size, groups", [(0, 4, 0), (1, 4, 1), (9, 4, 2), (10, 4, 3), (30, 8, 4), (60, 10, 6)])
def test_group_count_rounds_to_the_nearest_size(people, size, groups):
    assert group_count(people, size) == groups


def test_random_groups_differ_in_size_by_at_most_one():
    members = [(f"p{n}", None) for n in range(23)]
    sizes = Counter(assign_groups(members, 5, "random", seed=1).values())
    assert len(sizes) == 5 and max(sizes.values()) - min(sizes.values()) <= 1


def test_mixed_groups_spread_training_stages():
    stages = ["student"] * 4 + ["resident"] * 4 + ["pharmacist"] * 4
    members = [(f"p{n}", stage) for n, stage in enumerate(stages)]
    groups = assign_groups(members, 3, "mixed", seed=7)
    for group in set(groups.values()):
        assert sorted(stage for key, stage in members if groups[key] == group) == ["pharmacist", "resident", "student"]


def test_unknown_strategy_is_refused():
    with pytest.raises(ValueError):
        assign_groups([("a", None)], 2, "alphabetical", seed=1)
