"""The facilitator home's view: it draws what ``flow.HomeFlow`` decides and forwards clicks.

Four panels on one page, each reached from the links at the top: start a session, the sessions
(live and ended) with their downloads, the workshops with a participant's-eye preview, and the
editor that adapts a workshop. Every change to the page's widgets happens under one lock, since
the editor's check runs on a timer thread.
"""

from __future__ import annotations

import html
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w

from ..client import Client
from ..dashboard.projector import qr_svg
from ..i18n import _, current_language, negotiate, ngettext, set_language
from ..participant.answers import answer_widget
from ..participant.download import DownloadButton
from ..participant.exercises import exercise_widget
from ..participant.theme import stylesheet as participant_stylesheet
from ..reports._common import kind_label
from ..ui.page import PageGuide
from ..ui.presence import Presence
from .flow import Check, Debounced, HomeFlow, PreviewStep, Said, SessionRow, Started, WorkshopRow

TONES = {"ok": "huddle-home-ok", "error": "huddle-home-error", "info": "huddle-muted"}
SIGN_OUT = "/huddle/sign-out"


@lru_cache(maxsize=1)
def _css() -> str:
    dashboard = (Path(__file__).parent.parent / "dashboard" / "static" / "dashboard.css").read_text()
    return dashboard + (Path(__file__).parent / "static" / "home.css").read_text()


def _html(text: str, *classes: str) -> w.HTML:
    widget = w.HTML(text)
    for name in classes:
        widget.add_class(name)
    return widget


def _button(label: str, callback: Callable[[], None], *, primary: bool = False, tooltip: str = "", danger: bool = False) -> w.Button:
    button = w.Button(description=label, tooltip=tooltip or label, button_style="danger" if danger else "primary" if primary else "", layout=w.Layout(width="auto"))
    button.on_click(lambda _: callback())
    return button


def _said(said: Said | None) -> str:
    if said is None:
        return ""
    role = "alert" if said.tone == "error" else "status"
    return f"<p class='{TONES[said.tone]}' role='{role}'>{html.escape(said.text)}</p>"


def _row(children: list[w.Widget], *classes: str) -> w.Box:
    box = w.Box(children)
    for name in ("huddle-wrap", *classes):
        box.add_class(name)
    return box


def _attr(text: str) -> str:
    """Translated text for an HTML attribute."""
    return html.escape(text, quote=True)


def _panel(heading: str, anchor: str, children: list[w.Widget]) -> w.VBox:
    box = w.VBox([_html(f"<h2 id='{anchor}' tabindex='-1'>{html.escape(heading)}</h2>"), *children])
    box.add_class("huddle-panel")
    box.add_class("huddle-home-panel")
    return box


class HomeView:
    """The page: waits for the browser's address, then draws the four panels."""

    def __init__(self, client_factory: Callable[[str | None], Client] = Client) -> None:
        self.client_factory = client_factory
        self.lock = threading.RLock()
        self.presence = Presence()
        self.page = PageGuide(title=_("Facilitator home · Huddle"))
        self.body = w.VBox([_html("<p>" + _("Loading…") + "</p>")])
        self.view = w.VBox([_html(f"<style>{_css()}</style>"), participant_stylesheet(), self.presence, self.page, self.body])
        self.view.add_class("huddle-dash")
        self.view.add_class("huddle-home")
        self.flow: HomeFlow | None = None
        self.presence.when_ready(lambda _token, _query: self.start(self.presence.href))

    # building -----------------------------------------------------------------------------

    def start(self, page_url: str) -> None:
        set_language(negotiate(self.presence.languages))  # the facilitator's own browser's language
        self.presence.language = current_language()
        base = page_url.split("/voila/", 1)[0]
        self.flow = HomeFlow(self.client_factory(None), base_url=base)
        problem = self.flow.load()
        if problem is not None:
            self.body.children = [_html("<h1>" + _("Facilitator home") + f"</h1>{_said(problem)}", "huddle-panel")]
            return
        self._build()

    def _build(self) -> None:
        assert self.flow is not None
        top = _html(
            "<div class='huddle-home-top'><h1>" + _("Facilitator home") + "</h1>"
            "<nav aria-label='" + _attr(_("On this page")) + "'><ul>"
            "<li><a href='#home-start'>" + _("Start a session") + "</a></li><li><a href='#home-sessions'>" + _("Sessions") + "</a></li>"
            "<li><a href='#home-workshops'>" + _("Workshops") + "</a></li><li><a href='#home-adapt'>" + _("Adapt a workshop") + "</a></li>"
            f"</ul></nav><a class='huddle-home-signout' href='{SIGN_OUT}'>" + _("Sign out") + "</a></div>"
        )
        # Start a session.
        self.start_choice = w.Dropdown(description=_("Workshop"), style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%"))
        self.session_language = w.Dropdown(description=_("Runs in"), style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%"))
        self.start_choice.observe(lambda change: self._offer_languages(), names="value")
        self.series_box = w.Combobox(
            description=_("Series (optional)"), placeholder=_("e.g. Residents 2026"), ensure_option=False,
            style={"description_width": "initial"}, layout=w.Layout(width="auto", max_width="100%"),
        )
        self.start_said = _html("")
        self.started = w.VBox()
        start_panel = _panel(_("Start a session"), "home-start", [
            _html("<p class='huddle-muted'>" + _("Choose a workshop, optionally the series it belongs to (for a programme's before-and-after figures), and start. The room joins with the link or QR code.") + "</p>"),
            self.start_choice, self.session_language, self.series_box, _row([_button(_("Start session"), self._start, primary=True)]), self.start_said, self.started,
        ])
        # Sessions.
        self.sessions_box = w.VBox()
        self.sessions_said = _html("")
        sessions_panel = _panel(_("Sessions"), "home-sessions", [self.sessions_said, self.sessions_box])
        # Workshops and the preview.
        self.workshops_box = w.VBox()
        self.preview_box = w.VBox()
        workshops_panel = _panel(_("Workshops"), "home-workshops", [
            _html("<p class='huddle-muted'>" + _("The workshops bundled with Huddle, and your site's own. Preview one as a participant will see it, start it, or adapt a copy.") + "</p>"),
            self.workshops_box, self.preview_box,
        ])
        # Adapt.
        self.upload = w.FileUpload(accept=".yaml,.yml,.json", multiple=False, description=_("Upload a workshop file"))
        self.upload.observe(self._uploaded, names="value")
        self.editor = w.Textarea(
            description=_("The workshop file (YAML)"), placeholder=_("Choose “Adapt a copy” beside a workshop, or upload a file, to start editing here."),
            continuous_update=True, style={"description_width": "initial"}, layout=w.Layout(width="100%"),
        )
        self.editor.add_class("huddle-editor")
        self.check_box = _html("<p class='huddle-muted' role='status'>" + _("Nothing to check yet.") + "</p>")
        self.adapt_said = _html("")
        self.save_button = _button(_("Save workshop"), self._save, primary=True)
        self.save_button.disabled = True
        self.checker = Debounced(self._check)
        self.editor.observe(lambda _change: self.checker.poke(), names="value")
        adapt_panel = _panel(_("Adapt a workshop"), "home-adapt", [
            _html(
                "<p class='huddle-muted'>"
                + _("Choose “Adapt a copy” beside a workshop, or upload a workshop file. Every problem is listed with its line as you type; "
                    "save when there are none. Your site's workshops are kept by the server and can be downloaded as a file.")
                + "</p>"
            ),
            _row([self.upload]), self.editor, self.check_box, _row([self.save_button]), self.adapt_said,
        ])
        columns = w.Box([w.VBox([start_panel, sessions_panel]), w.VBox([workshops_panel])])
        columns.add_class("huddle-home-columns")
        self.body.children = [top, columns, adapt_panel]
        self._refresh_lists()

    def _refresh_lists(self) -> None:
        assert self.flow is not None
        flow = self.flow
        with self.lock:
            chosen = self.start_choice.value
            self.start_choice.options = [(row.label, row.id) for row in flow.workshops]
            if flow.workshops:
                self.start_choice.value = chosen if flow.workshop_row(str(chosen or "")) else flow.workshops[0].id
            self.series_box.options = flow.series_names()
            self.workshops_box.children = [self._workshop_row(row) for row in flow.workshops]
            self.sessions_box.children = [self._session_row(row) for row in flow.sessions] or [
                _html("<p class='huddle-muted'>" + _("No sessions yet. Start one above.") + "</p>")
            ]

    def _workshop_row(self, row: WorkshopRow) -> w.Widget:
        minutes = _("{minutes} min").format(minutes=f"{row.minutes:g}") + " · " if row.minutes else ""
        badge = "<span class='huddle-badge'>" + _("bundled") + "</span>" if row.bundled else "<span class='huddle-badge huddle-badge-open'>" + _("your site's") + "</span>"
        count = ngettext("{count} activity", "{count} activities", row.activities).format(count=row.activities)
        info = _html(f"<p class='huddle-home-name'><strong>{html.escape(row.title)}</strong></p><p class='huddle-muted'>{badge} {minutes}{count} · <code>{html.escape(row.id)}</code></p>")
        buttons: list[w.Widget] = [
            _button(_("Preview"), lambda: self._preview(row.id, 0), tooltip=_("Preview {title}").format(title=row.title)),
            _button(_("Start"), lambda: self._start_from(row.id), tooltip=_("Start a session of {title}").format(title=row.title)),
            _button(
                _("Adapt a copy") if row.bundled else _("Edit"), lambda: self._adapt(row.id),
                tooltip=(_("Adapt a copy of {title}") if row.bundled else _("Edit {title}")).format(title=row.title),
            ),
        ]
        if not row.bundled:
            assert self.flow is not None
            flow = self.flow
            download = DownloadButton(lambda: flow.workshop_file(row.id), label=_("Download file"), mime="application/yaml;charset=utf-8")
            buttons.append(download)
        box = w.VBox([info, _row(buttons)])
        box.add_class("huddle-home-item")
        box.add_class("huddle-home-workshop")
        return box

    def _session_row(self, row: SessionRow) -> w.Widget:
        assert self.flow is not None
        flow = self.flow
        status = {"live": "huddle-badge-open", "ended": "huddle-badge-closed"}.get(row.status, "")
        series = " · " + _("series {name}").format(name=f"<strong>{html.escape(row.series)}</strong>") if row.series else ""
        joined = ngettext("{count} joined", "{count} joined", row.participants).format(count=row.participants)
        answers = ngettext("{count} answer", "{count} answers", row.answers).format(count=row.answers)
        started = _("started {moment}").format(moment=html.escape(row.started))
        info = _html(
            f"<p class='huddle-home-name'><strong class='huddle-home-code'>{html.escape(row.code)}</strong> {html.escape(row.title)}</p>"
            f"<p class='huddle-muted'><span class='huddle-badge {status}'>{html.escape(row.status_label)}</span> "
            f"{joined} · {answers} · {started}{series}</p>"
        )
        opened, hidden = _("Open dashboard"), " " + _("of {code} (opens a new tab)").format(code=html.escape(row.code))
        dashboard = _html(
            f"<a class='huddle-home-link' href='{html.escape(flow.dashboard_url(row.code), quote=True)}' target='_blank' rel='noopener'>"
            f"{opened}<span class='huddle-visually-hidden'>{hidden}</span></a>"
        )
        confirm = w.VBox()

        def ask() -> None:
            with self.lock:
                question = _("Delete session {code}?").format(code=html.escape(row.code))
                warning = _("Every answer in it goes too, and this cannot be undone. Download its report first if you need it.")
                confirm.children = [_html(f"<p role='alert'><strong>{question}</strong> {warning}</p>"),
                                    _row([_button(_("Yes, delete {code}").format(code=row.code), lambda: self._purge(row.code), danger=True), _button(_("Cancel"), lambda: setattr(confirm, "children", []))])]

        buttons = [
            dashboard,
            DownloadButton(lambda: flow.report(row.code), label=_("Report"), mime="text/html;charset=utf-8"),
            DownloadButton(lambda: flow.runsheet(row.code), label=_("Run-sheet"), mime="text/html;charset=utf-8"),
            DownloadButton(lambda: flow.export(row.code), label=_("Answers (CSV)"), mime="text/csv;charset=utf-8"),
            _button(_("Delete…"), ask, tooltip=_("Delete session {code} and every answer in it").format(code=row.code)),
        ]
        box = w.VBox([info, _row(buttons), confirm])
        box.add_class("huddle-home-item")
        box.add_class("huddle-home-session")
        return box

    # actions ------------------------------------------------------------------------------

    def _offer_languages(self) -> None:
        """The languages the chosen workshop can run in (a menu only when there is a choice)."""
        assert self.flow is not None
        choices = self.flow.session_languages(str(self.start_choice.value or ""))
        self.session_language.options = choices
        self.session_language.value = choices[0][1] if choices else None
        self.session_language.layout.display = None if len(choices) > 1 else "none"

    def _start_from(self, workshop_id: str) -> None:
        self.start_choice.value = workshop_id
        self._start()

    def _start(self) -> None:
        assert self.flow is not None
        outcome = self.flow.start(str(self.start_choice.value or ""), self.series_box.value or "", self.session_language.value)
        with self.lock:
            if isinstance(outcome, Said):
                self.start_said.value = _said(outcome)
                self.started.children = []
                return
            self.start_said.value = ""
            self.started.children = [self._started(outcome)]
            self._refresh_lists()
        self.page.announce(_("Session {code} started. Its join link and QR code are shown.").format(code=outcome.code))

    def _started(self, started: Started) -> w.Widget:
        series = "<p>" + _("In the series {name}.").format(name=f"<strong>{html.escape(started.series)}</strong>") + "</p>" if started.series else ""
        join = f"<a href='{html.escape(started.join_url, quote=True)}'>{html.escape(started.short_url)}</a>"
        ready = _("{title} is ready").format(title=html.escape(started.title))
        code_label, link_line = _("Session code"), _("Join link: {link}").format(link=join)
        opened, new_tab = _("Open its dashboard"), " " + _("(opens a new tab)")
        key_summary = _("A dashboard link for a co-facilitator")
        key_note = _("This address carries the session's facilitator key. Share it only with someone running the session with you; it is shown only now.")
        qr_label = _attr(_("QR code of the join link"))
        card = _html(
            f"<div class='huddle-home-started'><div><h3>{ready}</h3>"
            f"<p class='huddle-muted'>{code_label}</p><p class='huddle-home-bigcode'>{html.escape(started.code)}</p>{series}"
            f"<p>{link_line}</p>"
            f"<p><a class='huddle-home-link huddle-home-primary' href='{html.escape(started.dashboard_url, quote=True)}' target='_blank' rel='noopener'>{opened}"
            f"<span class='huddle-visually-hidden'>{new_tab}</span></a></p>"
            f"<details><summary>{key_summary}</summary><p class='huddle-muted'>{key_note}</p>"
            f"<p class='huddle-home-url'>{html.escape(started.keyed_dashboard_url)}</p></details></div>"
            f"<figure class='huddle-home-qr' aria-label='{qr_label}'>{qr_svg(started.join_url)}</figure></div>"
        )
        return card

    def _purge(self, code: str) -> None:
        assert self.flow is not None
        said = self.flow.purge(code)
        with self.lock:
            self.sessions_said.value = _said(said)
            self._refresh_lists()

    def _preview(self, workshop_id: str, position: int) -> None:
        assert self.flow is not None
        step = self.flow.preview(workshop_id, position)
        with self.lock:
            if isinstance(step, Said):
                self.preview_box.children = [_html(_said(step))]
                return
            self.preview_box.children = [self._preview_view(workshop_id, step)]
        self.page.announce(_("Preview of {workshop}: activity {number} of {total}.").format(workshop=step.workshop, number=step.position + 1, total=step.total))

    def _preview_view(self, workshop_id: str, step: PreviewStep) -> w.Widget:
        activity = step.activity
        minutes = " · " + _("{minutes} min").format(minutes=f"{activity['minutes']:g}") if isinstance(activity.get("minutes"), (int, float)) else ""
        where = _("Activity {number} of {total}").format(number=step.position + 1, total=step.total)
        heading = _("Preview: {workshop}").format(workshop=html.escape(step.workshop))
        head = _html(
            f"<h3 id='home-preview'>{heading}</h3>"
            f"<p class='huddle-muted'>{where} · {html.escape(kind_label(activity['kind']))}{minutes} · "
            + _("as a participant's phone shows it (nothing here is sent)") + "</p>"
        )
        parts: list[w.Widget] = []
        if activity.get("content_note"):
            label, skip = _("Content note:"), _("You can skip this one at any time.")
            parts.append(_html(f"<div class='huddle-note'><strong>{label}</strong> {html.escape(activity['content_note'])} {skip}</div>"))
        parts.append(_html(f"<p class='huddle-home-prompt'>{html.escape(activity['prompt'])}</p>"))
        exercise = exercise_widget(activity)
        answer = answer_widget(activity)
        if exercise is not None:
            parts.append(exercise.view)
        if answer is not None:
            send = w.Button(description=_("Send answer"), button_style="primary", disabled=True, tooltip=_("Participants send their answer here"))
            parts += [answer.view, send]
        if exercise is None and answer is None:
            parts.append(_html("<p class='huddle-muted'>" + _("Participants see: “Follow the facilitator's instructions for this part.”") + "</p>"))
        phone = w.VBox(parts)
        for name in ("huddle-screen", "huddle-card", "huddle-home-phone"):
            phone.add_class(name)
        back = _button(_("◀ Previous"), lambda: self._preview(workshop_id, step.position - 1), tooltip=_("Previous activity"))
        forward = _button(_("Next ▶"), lambda: self._preview(workshop_id, step.position + 1), tooltip=_("Next activity"))
        back.disabled, forward.disabled = step.first, step.last
        close = _button(_("Close preview"), lambda: setattr(self.preview_box, "children", []))
        box = w.VBox([head, _row([back, forward, close]), phone])
        box.add_class("huddle-home-preview")
        return box

    def _adapt(self, workshop_id: str) -> None:
        assert self.flow is not None
        if self._edit(self.flow.copy_of(workshop_id)):
            self.page.announce(_("The workshop's file is in the editor, under Adapt a workshop."))

    def _uploaded(self, change: dict[str, Any]) -> None:
        assert self.flow is not None
        files = change.get("new") or ()
        if not files:
            return
        first = files[0]
        self._edit(self.flow.uploaded(str(first.get("name") or _("the file")), bytes(first.get("content", b""))))

    def _edit(self, text: str | Said) -> bool:
        """Put a workshop file in the editor and check it, or say why there is none; True when put."""
        with self.lock:
            if isinstance(text, Said):
                self.adapt_said.value = _said(text)
                return False
            self.adapt_said.value = ""
            self.editor.value = text
        self._check()
        return True

    def _check(self) -> None:
        assert self.flow is not None
        self._show_check(self.flow.check(self.editor.value))

    def _show_check(self, check: Check) -> None:
        with self.lock:
            if check.ok:
                replace = " " + _("Saving replaces your site's earlier version of it.") if check.replaces else ""
                ready = _("No problems: {id} is ready to save.").format(id=f"<code>{html.escape(check.workshop_id or '')}</code>")
                self.check_box.value = f"<p class='huddle-home-ok' role='status'>{ready}{replace}</p>"
                self.save_button.disabled = False
                return
            items = "".join(
                "<li>" + ("<strong>" + _("Line {number}").format(number=line) + "</strong>: " if line else "")
                + f"{html.escape(message)}</li>"
                for line, message in check.problems
            )
            count = len(check.problems)
            heading = ngettext("{count} problem to fix before saving", "{count} problems to fix before saving", count).format(count=count)
            self.check_box.value = (
                f"<div class='huddle-home-problems' role='status'><p><strong>{heading}</strong></p><ul>{items}</ul></div>"
            )
            self.save_button.disabled = True

    def _save(self) -> None:
        assert self.flow is not None
        outcome = self.flow.save(self.editor.value)
        with self.lock:
            if isinstance(outcome, Check):
                self._show_check(outcome)
                return
            self.adapt_said.value = _said(outcome)
            self._refresh_lists()


def home_app() -> w.Widget:
    """The facilitator home, ready to display in a notebook cell."""
    return HomeView().view
