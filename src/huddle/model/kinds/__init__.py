"""The table of activity kinds: one module per kind, registered here and nowhere else."""

from __future__ import annotations

from . import choice, group_report, mood, multi_choice, ranking, scale, text, word_cloud
from ._base import Answer, Kind, Tally

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (choice, multi_choice, scale, word_cloud, text, ranking, mood, group_report)
}


def get_kind(name: str) -> Kind | None:
    """The kind registered under ``name``, or None."""
    return KINDS.get(name)


__all__ = ["KINDS", "Answer", "Kind", "Tally", "get_kind"]
