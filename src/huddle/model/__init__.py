"""The pure core: workshops, activities, sessions, answers, tallies and k-suppression.

Nothing here imports widgets, HTTP, SQL or pandas (a test checks it), so every adapter can
rely on it and it can be tested with plain values.
"""

from .errors import (
    Conflict,
    HuddleError,
    InvalidValue,
    NotFound,
    NotRevealed,
    RateLimited,
    TooLarge,
    Unauthorized,
    Unavailable,
)
from .kinds import KINDS, Answer, Kind, Tally, get_kind
from .session import SessionState, apply_control, public_state
from .suppression import DEFAULT_K, MIN_K, effective_k
from .types import Activity, Problem, Workshop
from .workshop import build_workshop, check_workshop

__all__ = [
    "DEFAULT_K",
    "KINDS",
    "MIN_K",
    "Activity",
    "Answer",
    "Conflict",
    "HuddleError",
    "InvalidValue",
    "Kind",
    "NotFound",
    "NotRevealed",
    "Problem",
    "RateLimited",
    "SessionState",
    "Tally",
    "TooLarge",
    "Unauthorized",
    "Unavailable",
    "Workshop",
    "apply_control",
    "build_workshop",
    "check_workshop",
    "effective_k",
    "get_kind",
    "public_state",
]
