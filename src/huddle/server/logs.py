"""Logging that never records who a participant is (P1) or a key (R3).

Tornado's access log prints the client's address and the full URL (whose query string can carry
a facilitator key); its error logs print the request, address included. We replace the access
log with one that keeps only method, path and status of failed requests, and redact addresses
from every other line that passes through our handler.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Iterable

from tornado.web import RequestHandler

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")
_SECRETS = re.compile(r"((?:key|token)=)[^&\s'\"]+", re.IGNORECASE)
#: A query string anywhere in a line: it can carry a code, a participant token or a key, and
#: its names may be percent-encoded (``k%65y=`` is ``key=`` to the page that reads it).
_QUERY = re.compile(r"(/[^\s?'\"]*)\?[^\s'\")]*")
#: Kernel ids open a kernel's channels (an access capability), so they are not logged either.
_KERNEL_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")

access_log = logging.getLogger("huddle.access")


class RedactingFilter(logging.Filter):
    """Replace IP addresses (except the server's own) and key/token values in a record."""

    def __init__(self, keep: Iterable[str] = ()) -> None:
        super().__init__()
        self.keep = set(keep)

    def _address(self, match: re.Match[str]) -> str:
        return match.group(0) if match.group(0) in self.keep else "[address]"

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _QUERY.sub(r"\1?[query]", message)
        cleaned = _SECRETS.sub(r"\1[secret]", cleaned)
        cleaned = _KERNEL_ID.sub("[kernel]", cleaned)
        cleaned = _IPV6.sub(lambda m: m.group(0) if m.group(0).count(":") < 2 or m.group(0) in self.keep else "[address]", cleaned)
        cleaned = _IPV4.sub(self._address, cleaned)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def log_request(handler: RequestHandler) -> None:
    """Tornado ``log_function``: failed requests only, path without query string, no address.

    Successful participant requests leave no trace at all, so there is no timeline of activity.
    """
    status = handler.get_status()
    if status < 400:
        return
    level = logging.WARNING if status < 500 else logging.ERROR
    access_log.log(level, "%d %s %s", status, handler.request.method, handler.request.path)


def protect(logger: logging.Logger, redact: RedactingFilter) -> None:
    """Put ``redact`` on a logger that prints through handlers of its own (Voila's app log)."""
    for handler in logger.handlers:
        handler.addFilter(redact)


def configure(keep: Iterable[str] = ()) -> RedactingFilter:
    """Send every log record through one redacting handler on stderr; returns its filter."""
    redact = RedactingFilter(keep)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(levelname).1s %(name)s] %(message)s"))
    handler.addFilter(redact)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in ("tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).propagate = True
    return redact
