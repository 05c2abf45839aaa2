"""Errors the core raises; each carries a message a participant or facilitator can read.

The HTTP adapter maps each class to a status code (see ``huddle.server.api``); the CLI prints
the message on one line.
"""

from __future__ import annotations


class HuddleError(Exception):
    """Base class: ``code`` is a stable machine name, ``str(error)`` the human message."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValue(HuddleError):
    """The input has the wrong type, shape or value."""

    code = "invalid_value"


class Unauthorized(HuddleError):
    """A key is missing or wrong."""

    code = "unauthorized"


class NotRevealed(HuddleError):
    """Results were asked for before the facilitator revealed them."""

    code = "not_revealed"


class NotFound(HuddleError):
    """The session or activity does not exist."""

    code = "not_found"


class Conflict(HuddleError):
    """The request does not fit the session's current state (activity closed, session ended)."""

    code = "conflict"


class TooLarge(HuddleError):
    """The input is larger than allowed."""

    code = "too_large"


class RateLimited(HuddleError):
    """Too many requests in a short time."""

    code = "rate_limited"


class Unavailable(HuddleError):
    """This installation lacks a part the request needs (the analysis extra, say)."""

    code = "unavailable"
