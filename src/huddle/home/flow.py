"""What the facilitator home shows and does, decided without widgets (the view only draws it).

The home's kernel calls the API as the signed-in admin (its page was served to a signed-in
browser, see ``huddle.server.signin``), so no call here carries a key. Every failure comes back
as words for a person, never as an exception the page would hide.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import quote

from ..client import ApiError, Client, Unreachable
from ..i18n import N_, _, ngettext
from ..model import Activity, Workshop

#: Said when the API refuses the page: it was not served to a signed-in browser. (Marked with
#: ``N_``: translated with ``_()`` where it is said.)
NOT_SIGNED_IN = N_(
    "This page is for whoever runs this Huddle server, and this browser is not signed in. "
    "Open the sign-in link that huddle serve printed, or sign in with the admin token."
)
UNREACHABLE = N_("The Huddle server cannot be reached from this page. Check that huddle serve is still running, then reload.")
#: A session's status in words, by its value in the API.
STATUS_LABELS = {"waiting": N_("Not started"), "live": N_("Live"), "ended": N_("Ended")}
#: The months as a session's start is written ("1 Dec 2026").
SHORT_MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)
#: How long the editor waits after the last keystroke before checking the file again.
CHECK_DELAY = 0.4
#: The largest workshop file the server takes (the API's body limit).
MAX_FILE = 64 * 1024
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class WorkshopRow:
    """One workshop in the list: bundled with Huddle or the site's own."""

    id: str
    title: str
    minutes: float | None
    activities: int
    bundled: bool
    #: The languages it is written in, its main one first.
    languages: tuple[str, ...] = ("en",)

    @property
    def label(self) -> str:
        """How the workshop is named in a menu: "Title · 60 min · 12 activities"."""
        minutes = " · " + _("{minutes} min").format(minutes=f"{self.minutes:g}") if self.minutes else ""
        own = "" if self.bundled else " · " + _("your site's")
        count = ngettext("{count} activity", "{count} activities", self.activities).format(count=self.activities)
        return f"{self.title}{minutes} · {count}{own}"


@dataclass(frozen=True)
class SessionRow:
    """One session in the list, live or ended."""

    code: str
    workshop: str
    title: str
    status: str
    participants: int
    answers: int
    created_at: str
    series: str | None = None

    @property
    def started(self) -> str:
        """When it was created, as a person reads it: "1 Dec 2026, 17:40 UTC"."""
        try:
            moment = datetime.fromisoformat(self.created_at)
        except ValueError:
            return self.created_at
        moment = moment.astimezone(timezone.utc)
        return _("{day} {month} {year}, {time} UTC").format(
            day=moment.day, month=_(SHORT_MONTHS[moment.month - 1]), year=moment.year, time=f"{moment:%H:%M}",
        )

    @property
    def status_label(self) -> str:
        """The status in words."""
        return _(STATUS_LABELS[self.status]) if self.status in STATUS_LABELS else self.status.capitalize()


@dataclass(frozen=True)
class Said:
    """A message for the person at the page: ``tone`` is "ok", "error" or "info"."""

    text: str
    tone: str = "info"


@dataclass(frozen=True)
class Started:
    """A session just started from the home."""

    code: str
    title: str
    join_url: str
    short_url: str
    dashboard_url: str
    #: The dashboard address with the facilitator key, for a co-facilitator (shown only now).
    keyed_dashboard_url: str
    series: str | None = None


@dataclass(frozen=True)
class PreviewStep:
    """One activity of a workshop, as the preview shows it."""

    workshop: str
    activity: dict[str, Any]
    position: int
    total: int

    @property
    def first(self) -> bool:
        return self.position == 0

    @property
    def last(self) -> bool:
        return self.position >= self.total - 1


@dataclass(frozen=True)
class Check:
    """The editor's text checked: the workshop's id when it is valid, else every problem."""

    problems: tuple[tuple[int | None, str], ...] = ()
    workshop_id: str | None = None
    #: Saving would replace the site's own workshop of this id.
    replaces: bool = False

    @property
    def ok(self) -> bool:
        return self.workshop_id is not None and not self.problems


def _order(row: WorkshopRow) -> tuple[int, int, str]:
    """The site's own workshops first, then the curriculum's modules in the order a series runs
    them, then the rest of the bundled ones by title."""
    from ..content import CURRICULUM

    if not row.bundled:
        return (0, 0, row.title.lower())
    if row.id in CURRICULUM:
        return (1, CURRICULUM.index(row.id), "")
    return (2, 0, row.title.lower())


def _words(error: Exception) -> str:
    if isinstance(error, Unreachable):
        return _(UNREACHABLE)
    if isinstance(error, ApiError) and error.status == 401:
        return _(NOT_SIGNED_IN)
    return str(getattr(error, "message", error))


def file_name(text: str, suffix: str) -> str:
    """A safe file name made from ``text``."""
    return SAFE_NAME.sub("-", text).strip("-")[:60] + suffix


@dataclass
class HomeFlow:
    """The facilitator home's state and every action on it."""

    client: Client
    #: The server's address as the browser sees it (``https://huddle.example.edu``).
    base_url: str = ""
    workshops: list[WorkshopRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    _files: dict[str, dict[str, Any]] = field(default_factory=dict)
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    # loading ------------------------------------------------------------------------------

    def load(self) -> Said | None:
        """Read the workshops and sessions; None when both came, else what went wrong."""
        try:
            rows = [
                WorkshopRow(w["id"], w["title"], w.get("minutes"), w["activities"], w.get("bundled", True), tuple(w.get("languages") or ("en",)))
                for w in self.client.workshops()
            ]
            self.workshops = sorted(rows, key=_order)
            self.sessions = [
                SessionRow(s["code"], s["workshop"], s["title"], s["status"], s["participants"], s.get("answers", 0), s.get("created_at", ""), s.get("series"))
                for s in self.client.sessions()
            ]
        except (ApiError, Unreachable) as error:
            return Said(_words(error), "error")
        self._files = {}
        return None

    def series_names(self) -> list[str]:
        """The series sessions here belong to, for the start form's suggestions."""
        return sorted({s.series for s in self.sessions if s.series})

    def workshop_row(self, workshop_id: str) -> WorkshopRow | None:
        return next((w for w in self.workshops if w.id == workshop_id), None)

    def _file(self, workshop_id: str) -> dict[str, Any]:
        if workshop_id not in self._files:
            self._files[workshop_id] = self.client.workshop_file(workshop_id)
        return self._files[workshop_id]

    # preview ------------------------------------------------------------------------------

    def preview(self, workshop_id: str, position: int = 0) -> PreviewStep | Said:
        """The activity at ``position`` of a workshop, as a participant will see it."""
        try:
            found = self._file(workshop_id)
        except (ApiError, Unreachable) as error:
            return Said(_words(error), "error")
        activities = found["activities"]
        if not activities:
            return Said(_("This workshop has no activities."), "info")
        position = max(0, min(position, len(activities) - 1))
        # The preview shows what participants see: speaker notes stay on the facilitator's side.
        shown = {key: value for key, value in activities[position].items() if key != "notes"}
        return PreviewStep(found["title"], shown, position, len(activities))

    # sessions -----------------------------------------------------------------------------

    def session_languages(self, workshop_id: str) -> list[tuple[str, str]]:
        """``[(name, language)]`` a session of the workshop can run in, the facilitator's own
        language first when the workshop has it."""
        from ..i18n import LANGUAGE_NAMES, current_language

        row = self.workshop_row(workshop_id)
        languages = list(row.languages) if row else ["en"]
        languages.sort(key=lambda tag: tag != current_language())
        return [(LANGUAGE_NAMES.get(tag, tag), tag) for tag in languages]

    def start(self, workshop_id: str, series: str = "", language: str | None = None) -> Started | Said:
        """Start a session of the workshop, in a series when one is named, run in ``language``
        (one the workshop is written in) when given."""
        row = self.workshop_row(workshop_id)
        if row is None:
            return Said(_("Choose a workshop to start."), "error")
        try:
            created = self.client.create_session(workshop_id, "", series.strip() or None, language if language and language != row.languages[0] else None)
        except (ApiError, Unreachable) as error:
            return Said(_words(error), "error")
        code = created["code"]
        base = self.base_url.rstrip("/")
        self.load()
        return Started(
            code=code, title=row.title, join_url=f"{base}/voila/render/join.ipynb?code={quote(code)}",
            short_url=f"{base}/{quote(code)}".split("://", 1)[-1], dashboard_url=self.dashboard_url(code),
            keyed_dashboard_url=f"{base}/voila/render/dashboard.ipynb?code={quote(code)}&key={quote(created['facilitator_key'])}",
            series=created.get("series"),
        )

    def dashboard_url(self, code: str) -> str:
        """The dashboard of a session, opened as the signed-in admin (no key in the address)."""
        return f"{self.base_url.rstrip('/')}/voila/render/dashboard.ipynb?code={quote(code)}"

    def purge(self, code: str) -> Said:
        """Delete a session and every answer in it."""
        try:
            self.client.purge(code)
        except (ApiError, Unreachable) as error:
            return Said(_words(error), "error")
        self.load()
        return Said(_("Session {code} and every answer in it were deleted.").format(code=code), "ok")

    def _session_workshop(self, code: str) -> Workshop:
        data = self.client.workshop(code, "")
        return Workshop(
            id=data["id"], title=data["title"], minutes=data.get("minutes"),
            activities=tuple(Activity.from_public(a) for a in data["activities"]),
            allowances=data.get("allowances") or {}, break_after=data.get("break_after"),
        )

    def report(self, code: str) -> tuple[str, str]:
        """``(file name, HTML)`` of a session's report: every figure k-suppressed, as ``huddle report`` writes it."""
        from ..reports import build_report  # matplotlib loads only when a report is asked for

        row = next((s for s in self.sessions if s.code == code), None)
        workshop = self._session_workshop(code)
        summary = {"code": code, "workshop": workshop.id, "title": workshop.title, "created_at": row.created_at if row else ""}
        if row and row.series:
            summary["series"] = row.series
        text = build_report(summary, self.client.tally(code, ""), workshop, generated=self.clock().strftime("%Y-%m-%d %H:%M UTC"))
        return f"huddle-report-{code}.html", text

    def runsheet(self, code: str) -> tuple[str, str]:
        """``(file name, HTML)`` of the run-sheet of the workshop a session ran."""
        from ..reports import runsheet_html

        workshop = self._session_workshop(code)
        return file_name(f"runsheet-{workshop.id}-{code}", ".html"), runsheet_html(workshop)

    def export(self, code: str) -> tuple[str, str]:
        """``(file name, CSV)`` of a session's answers, without free text (as the API exports it)."""
        from ..export import rows_to_csv

        return f"huddle-{code}.csv", rows_to_csv(self.client.export(code, "")["answers"])

    # adapting -----------------------------------------------------------------------------

    def copy_of(self, workshop_id: str) -> str | Said:
        """The text to start adapting from: a bundled workshop made into the site's copy (new id,
        ``based_on``), or the site's own workshop's file as it was saved."""
        row = self.workshop_row(workshop_id)
        if row is None:
            return Said(_("Choose a workshop first."), "error")
        if row.bundled:
            from ..content import copy_source

            copied = copy_source(workshop_id)
            return copied if copied is not None else Said(_("That workshop's file could not be read."), "error")
        try:
            return str(self._file(workshop_id)["source"])
        except (ApiError, Unreachable) as error:
            return Said(_words(error), "error")

    def workshop_file(self, workshop_id: str) -> tuple[str, str]:
        """``(file name, YAML)`` of a workshop, to keep or share."""
        return file_name(workshop_id, ".yaml"), str(self._file(workshop_id)["source"])

    def check(self, text: str) -> Check:
        """Every problem in the editor's text, each with its line (the same checks as saving)."""
        from ..content import site_workshop

        if not text.strip():
            return Check(((None, _("The file is empty: duplicate a workshop or upload a file to start from.")),))
        if len(text.encode("utf-8")) > MAX_FILE:
            return Check(((None, _("The file is larger than {size} KiB, the most the server takes.").format(size=MAX_FILE // 1024)),))
        workshop, problems = site_workshop(text, reserved={w.id for w in self.workshops if w.bundled})
        if workshop is None:
            return Check(tuple((p.line, f"{p.where}: {p.message}" if p.where else p.message) for p in problems))
        return Check((), workshop.id, replaces=any(w.id == workshop.id and not w.bundled for w in self.workshops))

    def save(self, text: str) -> Said | Check:
        """Keep the editor's text as one of the site's workshops; what happened, or the problems
        the server found (the same as ``check``'s, unless the rules changed meanwhile)."""
        try:
            saved = self.client.save_workshop(text)
        except ApiError as error:
            problems = error.details.get("problems")
            if error.status == 400 and isinstance(problems, list):
                return Check(tuple((p.get("line"), str(p.get("message"))) for p in problems))
            return Said(_words(error), "error")
        except Unreachable as error:
            return Said(_words(error), "error")
        self.load()
        said = (
            _("“{title}” ({id}) is saved. It is in the workshop list, ready to preview or start.") if saved.get("created")
            else _("“{title}” ({id}) is updated. It is in the workshop list, ready to preview or start.")
        )
        return Said(said.format(title=saved["title"], id=saved["id"]), "ok")

    def uploaded(self, name: str, content: bytes) -> str | Said:
        """The text of an uploaded workshop file, or why it cannot be used."""
        if len(content) > MAX_FILE:
            return Said(_("{name} is larger than {size} KiB, the most the server takes.").format(name=name, size=MAX_FILE // 1024), "error")
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Said(_("{name} is not a text file in UTF-8; save it as YAML and try again.").format(name=name), "error")


class Debounced:
    """Calls ``action`` once, ``delay`` seconds after the last ``poke``: the editor is checked
    when typing pauses, not on every key."""

    def __init__(self, action: Callable[[], None], delay: float = CHECK_DELAY) -> None:
        self.action, self.delay = action, delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.action)
            self._timer.daemon = True
            self._timer.start()
