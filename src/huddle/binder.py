"""Binder links that open a Huddle notebook straight in Voila.

A Binder link carries the page to open in ``urlpath``. Query parameters meant for the notebook
(the facilitator's server address and the session code) survive Binder's redirect only when they
are percent-encoded inside ``urlpath``; Binder then adds its own ``token=``, which the notebook
ignores.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

BINDER = "https://mybinder.org/v2/gh"
#: The public repository the README's Binder badges point at; a copy hosted elsewhere passes its own.
DEFAULT_REPO = "huddle-workshops/huddle"
#: The notebooks a participant opens (the dashboard is the facilitator's, on the facilitator's server).
PARTICIPANT_NOTEBOOKS = ("join.ipynb", "reflection-1-week.ipynb", "reflection-4-weeks.ipynb")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def is_repo(name: str) -> bool:
    """True when ``name`` has the shape of a GitHub repository, ``OWNER/NAME``."""
    return bool(_REPO.fullmatch(name))


def binder_url(
    repo: str, notebook: str, *, ref: str = "HEAD", server: str | None = None, code: str | None = None, region: str | None = None
) -> str:
    """The mybinder.org link opening ``notebooks/<notebook>`` in Voila, joined to a session if given.

    ``repo`` is ``owner/name`` on GitHub. ``server`` is the facilitator server's public address
    (https://...) and ``code`` the session code; give both or neither. ``region`` (``uk``, ``us``,
    ...) picks the support list a page with no server of its own shows; without it the page asks.
    """
    if (server is None) != (code is None):
        raise ValueError("give both the server address and the session code, or neither")
    page = f"voila/render/notebooks/{notebook}"
    query = {"server": server, "code": code} if server is not None else {}
    if region:
        query["region"] = region
    if query:
        page += "?" + urlencode(query)
    return f"{BINDER}/{repo}/{quote(ref, safe='')}?urlpath={quote(page, safe='')}"
