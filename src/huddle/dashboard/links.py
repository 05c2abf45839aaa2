"""The links a facilitator shares: joining on this server or through Binder, and the follow-ups."""

from __future__ import annotations

from urllib.parse import quote

from ..binder import binder_url
from ..i18n import N_, _

#: The follow-up pages, each named as the link list shows it (translated there).
REFLECTIONS = ((N_("One-week reflection"), "reflection-1-week.ipynb"), (N_("Four-week reflection"), "reflection-4-weeks.ipynb"))


def short_join(page_url: str, code: str) -> tuple[str, str]:
    """``(shown, url)``: the join address a room can type, ``huddle.example.edu/K7MPX4`` (no
    scheme, which every browser adds), and the address it stands for; the server sends that on
    to the join page (huddle.server.app)."""
    base = page_url.split("/voila/", 1)[0].rstrip("/")
    url = f"{base}/{quote(code)}"
    return url.split("://", 1)[-1], url


def share_links(page_url: str, code: str, binder_repo: str | None = None, region: str | None = None) -> list[tuple[str, str]]:
    """``[(label, url)]`` for the dashboard at ``page_url`` running session ``code``.

    The reflections are offered without a session: opened that way they send nothing. Binder
    links appear only when the site names the repository Binder builds; they carry the site's
    support ``region``, so a page on Binder shows the site's list, not every region's.
    """
    base = page_url.split("/voila/", 1)[0].rstrip("/")
    links = [(_("Join (the QR code's link)"), f"{base}/voila/render/join.ipynb?code={quote(code)}"), (_("Join, short address to type"), short_join(page_url, code)[1])]
    if binder_repo:
        links.append((_("Join through Binder"), binder_url(binder_repo, "join.ipynb", server=base, code=code, region=region)))
    for label, notebook in REFLECTIONS:
        links.append((_("{page}, private").format(page=_(label)), f"{base}/voila/render/{notebook}"))
        if binder_repo:
            links.append((_("{page} on Binder, private").format(page=_(label)), binder_url(binder_repo, notebook, region=region)))
    return links
