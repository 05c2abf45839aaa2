"""The dashboard page: check the key, then show the control view or the projector view."""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ipywidgets as w

from ..client import ApiError, Client, Unreachable
from ..i18n import LANGUAGE_NAMES, _, negotiate, set_language
from ..kernel_env import KernelConfig
from ..model.identity import digest, display_key
from ..ui.page import PageGuide
from ..ui.presence import Presence
from .access import check, read_link
from .control import ControlView
from .feed import Feed
from .flow import ControlFlow, page_title, support_notice
from .links import share_links, short_join
from .projector import ProjectorView

def _no_link() -> str:
    """What a dashboard opened without its link's code says."""
    ending = "<code>?code=…&amp;key=…</code>"
    return (
        "<h2>" + _("Facilitator dashboard") + "</h2><p>"
        + _("Open this page with the dashboard address printed when the session was created: it ends in {ending}. "
            "The key keeps the session's controls and answers private.").format(ending=ending)
        + "</p>"
    )


@lru_cache(maxsize=1)
def _css() -> str:
    return (Path(__file__).parent / "static" / "dashboard.css").read_text()


class Dashboard:
    """Waits for the browser to send the page address, then builds the right view."""

    def __init__(self, client_factory: Any = Client) -> None:
        self.client_factory = client_factory
        self.presence = Presence()
        # Names the tab "Dashboard · CODE" or "Projector · CODE" instead of the notebook's name.
        self.page = PageGuide()
        self.body = w.VBox([w.HTML("<p>" + _("Loading…") + "</p>")])
        self.view = w.VBox([w.HTML(f"<style>{_css()}</style>", layout=w.Layout(height="0px")), self.presence, self.page, self.body])
        self.view.add_class("huddle-dash")
        self.feed: Feed | None = None
        #: The language the control view shows the workshop's text in (None: the browser's).
        self.content_language: str | None = None
        self.presence.when_ready(lambda token, query: self.start(query, self.presence.href))

    def _say(self, message_html: str) -> None:
        box = w.HTML(message_html)
        box.add_class("huddle-panel")
        self.body.children = [box]

    def start(self, query: str, page_url: str) -> None:
        """Show nothing but a message unless the link's key opens the session (R3)."""
        access = read_link(query)
        if access is None:
            self._say(_no_link())
            return
        # The facilitator's pages follow their own browser's language; the projector shows the
        # room the workshop's main language (its interface too, once the session says which).
        set_language(negotiate(self.presence.languages))
        self.presence.language = negotiate(self.presence.languages)  # and <html lang>
        client = self.client_factory(None)
        if access.view == "projector":
            client.content_language = None
        elif self.content_language:
            client.content_language = self.content_language
        problem = check(client, access)
        if problem:
            self._say("<h2>" + _("Facilitator dashboard") + f"</h2><p role='alert'>{html.escape(problem)}</p>")
            return
        join_url = page_url.replace("dashboard.ipynb", "join.ipynb") + f"?code={quote(access.code)}"
        self.page.title = page_title(access.view, access.code)
        self.feed = Feed(client, access.code, access.key, moderation=access.view != "projector")
        if access.view == "projector":
            try:
                set_language(client.state(access.code).get("language") or "en")
                self.presence.language = client.state(access.code).get("language") or "en"
            except (ApiError, Unreachable):
                pass
            view: Any = ProjectorView(join_url, short_join(page_url, access.code)[0], access.code)
            self.view.remove_class("huddle-dash")
        else:
            try:
                workshop = client.workshop(access.code, access.key)
            except (ApiError, Unreachable) as error:
                self._say(f"<p role='alert'>{html.escape(str(error))}</p>")
                return
            # The projected address bar and a lecture hall PC's history get the display key only.
            shown = workshop.get("display_key") or display_key(digest(access.key))
            projector = f"?code={quote(access.code)}&view=projector&display={quote(shown)}"
            plan = {name: workshop[name] for name in ("minutes", "allowances", "break_after", "series") if workshop.get(name)}
            flow = ControlFlow(client, access.code, access.key, workshop["activities"], refresh=self.feed.refresh, plan=plan)
            try:
                support = client.support()
            except (ApiError, Unreachable):
                support = {}  # the dashboard still runs; the server warned at start
            notice = support_notice(support)
            links = share_links(page_url, access.code, KernelConfig.current().binder_repo, region=support.get("region"))
            view = ControlView(flow, projector, links, notice)
            texts = self._content_switch(workshop.get("languages") or [], client, query, page_url)
            if texts is not None:
                self.body.children = [texts, view.view]
                self.feed.start(view.update)
                return
        self.body.children = [view.view]
        self.feed.start(view.update)

    def _content_switch(self, languages: list[str], client: Any, query: str, page_url: str) -> w.Widget | None:
        """For a workshop written in several languages, a menu of the language its text is shown
        in here (the interface stays in the browser's); None for a workshop in one language."""
        if len(languages) < 2:
            return None
        shown = client.text_language() or languages[0]
        menu = w.Dropdown(
            options=[(LANGUAGE_NAMES.get(tag, tag), tag) for tag in languages],
            value=shown if shown in languages else languages[0],
            description=_("Workshop text in"),
        )
        menu.add_class("huddle-content-language")
        menu.style.description_width = "initial"
        menu.layout.width = "auto"

        def chosen(change: dict[str, Any]) -> None:
            # Drawn anew from the server in the chosen language; the room is not touched.
            if change["new"] and self.feed is not None:
                self.feed.stop()
                self.content_language = change["new"]
                self.start(query, page_url)

        menu.observe(chosen, names="value")
        return menu


def dashboard_app() -> w.Widget:
    """The facilitator dashboard, ready to display in a notebook cell."""
    return Dashboard().view
