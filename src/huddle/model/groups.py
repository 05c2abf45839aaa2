"""Small-group breakouts: splitting the people who joined into groups, as a pure function."""

from __future__ import annotations

import math
import random
from typing import Sequence

STRATEGIES = ("random", "mixed")
STAGES = ("student", "resident", "fellow", "pharmacist", "nurse", "img", "faculty", "other")


def group_count(people: int, size: int) -> int:
    """How many groups of about ``size`` people to make (at least one)."""
    return max(1, math.floor(people / size + 0.5)) if people else 0


def assign_groups(members: Sequence[tuple[str, str | None]], size: int, strategy: str, seed: int) -> dict[str, int]:
    """Group numbers (1..n) for ``members``, given as ``(key, training stage or None)``.

    "random" shuffles everyone; "mixed" deals people out stage by stage, so each group gets a
    spread of training stages where people chose to give one. Group sizes differ by at most one.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    rng = random.Random(seed)
    order = [key for key, _ in members]
    rng.shuffle(order)
    if strategy == "mixed":
        stage = dict(members)
        rank = {name: index for index, name in enumerate(STAGES)}
        # A stable sort keeps the shuffle within each stage; people without a stage come last.
        order.sort(key=lambda key: rank.get(stage[key] or "", len(STAGES)))
    groups = group_count(len(order), size)
    return {key: index % groups + 1 for index, key in enumerate(order)}
