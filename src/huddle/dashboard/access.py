"""Reading the dashboard's code and key, and refusing a wrong key without showing anything."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from ..client import ApiError, Client, Unreachable
from ..i18n import _


@dataclass(frozen=True)
class Access:
    """What the dashboard link carries: the session code, its key, and the view. The projector's
    link carries the display key, which shows but controls nothing."""

    code: str
    key: str
    view: str


def read_link(query: str) -> Access | None:
    """The code, key and view from a dashboard link's query string (None if the code is missing).

    A control view's link may carry no key: opened from the facilitator home, the page's kernel
    acts for the signed-in admin, who opens every session."""
    parsed = parse_qs(query.lstrip("?"))
    code = (parsed.get("code") or [""])[-1].strip().upper()
    view = "projector" if (parsed.get("view") or ["control"])[-1] == "projector" else "control"
    key = (parsed.get("key") or [""])[-1].strip() or ((parsed.get("display") or [""])[-1].strip() if view == "projector" else "")
    if not code or (view == "projector" and not key):
        return None
    return Access(code, key, view)


def check(client: Client, access: Access) -> str | None:
    """None when the key opens the session; otherwise a message for the person holding the link."""
    try:
        client.tally(access.code, access.key)
    except ApiError as error:
        if error.status == 401 and not access.key:
            return _("This dashboard address has no facilitator key. Open the dashboard from the facilitator home, or use the dashboard address printed when the session was created.")
        if error.status in (401, 404):
            return _("This dashboard link is not valid: the session code or its facilitator key is wrong. Use the dashboard address printed when the session was created.")
        if error.status == 429:
            return _("Too many attempts with a wrong key. Wait a minute, then use the dashboard address printed when the session was created.")
        return error.message
    except Unreachable:
        return _("The Huddle server cannot be reached from this page. Check that `huddle serve` is still running.")
    return None
