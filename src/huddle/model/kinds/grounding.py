"""5-4-3-2-1 grounding: notice five things you see, four you feel, three you hear, two you smell, one you taste."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import make_exercise
from ...i18n import N_

#: (how many, the sense, a hint) for each step, in order.
STEPS = (
    (5, N_("see"), N_("Look around slowly: colours, shapes, light, something you had not noticed.")),
    (4, N_("feel"), N_("Your feet on the floor, the chair under you, the air on your skin, your clothes.")),
    (3, N_("hear"), N_("Near sounds and far ones: voices, traffic, a fan, your own breath.")),
    (2, N_("smell"), N_("Coffee, soap, the room itself. If nothing comes, recall two smells you like.")),
    (1, N_("taste"), N_("What is in your mouth right now, or a taste you enjoy.")),
)


def _check(settings: Mapping[str, Any]) -> list:
    return []


KIND = make_exercise(
    "grounding",
    N_("Exercise: 5-4-3-2-1 grounding"),
    frozenset(),
    _check,
)
