"""What the facilitator's dashboard shows and does, decided without widgets.

``ControlFlow`` turns the feed's snapshot (state, tally, moderation queue, last error) into a
``ControlPicture`` for the control view to draw, and each button into one API command whose
refusal is worded once here. ``projector_prompt`` and ``projector_results`` do the same for the
projector; ``results_text`` is a chart's numbers in words, for anyone who cannot see the chart.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Mapping, Sequence

from ..client import ApiError, Client, Unreachable
from ..content.support import is_stale
from ..i18n import N_, _, ngettext
from ..model.kinds import get_kind
from ..model.types import Activity, Workshop
from ..reports.charts import chart_summary, chart_table

#: The feed is failing: what the facilitator sees above numbers that may be stale.
#: (Marked with ``N_``: each is translated with ``_()`` where it is shown.)
STALE = N_("The server cannot be reached just now, so these numbers may be out of date. Retrying…")
UNREACHABLE = N_("The server cannot be reached; try again in a moment.")
CONFIRM_END = N_("Tick the box first: ending closes the session for everyone.")


def answers(count: int) -> str:
    """ "1 answer", "2 answers", in the current language."""
    return ngettext("{count} answer", "{count} answers", count).format(count=count)


def votes(count: int) -> str:
    """ "1 vote", "2 votes", in the current language."""
    return ngettext("{count} vote", "{count} votes", count).format(count=count)


#: What ``plural`` can count: each noun's singular and plural, through ngettext.
COUNTED: dict[str, Callable[[int], str]] = {"answer": answers, "vote": votes}


def plural(count: int, noun: str) -> str:
    """ "1 answer", "2 answers": ``count`` of one of the nouns in ``COUNTED``, with the current
    language's plural rules (a noun not listed there is an error, not a guess at English)."""
    return COUNTED[noun](count)


def support_notice(support: Mapping[str, Any], today: date | None = None) -> str:
    """What to tell the facilitator about the support list participants see: the entries last
    checked over six months ago (empty when every entry is current). A number that has changed
    is worse than none, so this is said before the session starts, not after."""
    stale = [str(r.get("name")) for r in support.get("resources") or [] if is_stale(r.get("checked"), today)]
    if not stale:
        return ""
    names = ", ".join(dict.fromkeys(stale))
    return ngettext(
        "The support list participants see has {count} entry last checked over 6 months ago ({names}). "
        "Check the numbers and hours before the session, then update the dates in the support file.",
        "The support list participants see has {count} entries last checked over 6 months ago ({names}). "
        "Check the numbers and hours before the session, then update the dates in the support file.",
        len(stale),
    ).format(count=len(stale), names=names)


def notes_html(notes: str | None) -> str:
    """An activity's speaker notes as HTML for the control view ("" when it has none).

    The notes come from the workshop file (for the bundled modules, from their guides'
    scripts), so they are escaped first; then the little Markdown the guides use is kept:
    paragraphs, **bold**, *asides* and `ids`.
    """
    if not notes or not notes.strip():
        return ""
    paragraphs = []
    for block in re.split(r"\n\s*\n", notes.strip()):
        text = html.escape(" ".join(block.split()), quote=False)
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
        text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
        paragraphs.append(f"<p>{text}</p>")
    summary = html.escape(_("Speaker notes (only you see these)"), quote=False)
    return f"<details class='huddle-notes' open><summary>{summary}</summary>" + "".join(paragraphs) + "</details>"


def page_title(view: str, code: str) -> str:
    """The browser tab's title: "Dashboard · K7MPX4" or "Projector · K7MPX4"."""
    return (_("Projector · {code}") if view == "projector" else _("Dashboard · {code}")).format(code=code)


@dataclass(frozen=True)
class Action:
    """One pacing button as it should look now: the command it sends and how it is shown."""

    command: str
    label: str
    #: The one thing to do next is the highlighted button; at most one is.
    primary: bool = False
    hint: str = ""


def pacing(focus_id: str, current: Mapping[str, Any], revealed: bool, has_next: bool, collects: bool = True) -> tuple[Action, Action | None, Action]:
    """The three pacing buttons for the activity in focus: open or close it, reveal or hide its
    results (None unless it is the current activity and collects anything), and move on.

    The highlight follows the session: open an activity, then reveal what the room said, then
    go on to the next one, so an open activity's button is never still the primary "Open".
    """
    is_current = current.get("id") == focus_id
    status = current.get("status") if is_current else None
    if status == "open":
        gate = Action("close", _("Close"), hint=_("Stop taking answers for this activity"))
    else:
        gate = Action("open", _("Open again") if status else _("Open"), hint=_("Open this activity on everyone's phone"))
    results: Action | None = None
    if is_current and collects:
        results = (
            Action("hide", _("Hide results"), hint=_("Take the results off the projector and phones")) if revealed
            else Action("reveal", _("Reveal results"), hint=_("Show the results on the projector and phones"))
        )
    # Never disabled: a disabled button drops a keyboard user's focus, and pressing it on the
    # last activity says why there is no next one.
    following = Action("advance", _("Next activity ▶"), hint=_("Close this activity and open the next one") if has_next else _("This is the last activity"))
    if not is_current:
        gate = replace(gate, primary=True)
    elif results is not None and not revealed:
        results = replace(results, primary=True)
    elif has_next:
        following = replace(following, primary=True)
    return gate, results, following


@dataclass(frozen=True)
class ResultsText:
    """A chart's numbers in words (huddle.reports.charts): one paragraph for the image's
    alternative text, and the same rows as a table. Suppressed exactly as the chart is."""

    summary: str
    headings: tuple[str, str] | None = None
    rows: tuple[tuple[str, str], ...] = ()


def results_text(entry: Mapping[str, Any], activity: Activity) -> ResultsText:
    """What the chart of ``entry`` shows, as text (no table when the chart has no rows, e.g.
    "waiting for more answers" when merging would leave only the combined bucket)."""
    table = chart_table(entry, activity)
    headings, rows = table if table else (None, [])
    return ResultsText(chart_summary(entry, activity), headings, tuple(rows))


@dataclass(frozen=True)
class Row:
    """One activity in the list of activities."""

    number: int
    id: str
    prompt: str
    count: int
    status: str | None
    revealed: bool
    focus: bool

    @property
    def answers(self) -> str:
        """Like "1 answer" or "6 answers"."""
        return answers(self.count)


@dataclass(frozen=True)
class Moderation:
    """One moderation button of an answer in the queue: its label and the status it sets."""

    label: str
    status: str
    style: str = ""
    hint: str = ""


def moderation_buttons(item: Mapping[str, Any], questions: bool) -> tuple[Moderation, ...]:
    """The buttons beside one answer in the moderation queue. Every answer can be shared or
    hidden; a shared question can also be pinned (the one being taken now) or marked answered,
    and either undone (back to simply shared)."""
    status = item.get("status")
    share = Moderation(_("Share with room"), "approved", "success", _("Show it to the room"))
    hide = Moderation(_("Hide"), "hidden", hint=_("Never show it to the room"))
    if not questions or status not in ("approved", "pinned", "answered"):
        return (share, hide)
    pin = Moderation(_("Unpin"), "approved", hint=_("Back among the other questions")) if status == "pinned" else Moderation(
        _("Pin"), "pinned", hint=_("Put it at the top of the list, on phones and the projector"))
    answered = Moderation(_("Not answered yet"), "approved", hint=_("Back among the open questions")) if status == "answered" else Moderation(
        _("Mark answered"), "answered", hint=_("Move it to the end of the list, marked answered"))
    return (pin, answered, hide)


@dataclass(frozen=True)
class ControlPicture:
    """Everything the control view shows for one snapshot."""

    title: str
    code: str
    status: str
    participants: int
    pauses: int
    crisis: int
    groups: Mapping[str, Any] | None
    self_paced: bool
    rows: tuple[Row, ...]
    focus: Mapping[str, Any]
    focus_status: str | None
    counts: str
    timer: int | None
    #: The tally entry to chart, with its activity (None: nothing to draw yet).
    chart: tuple[Mapping[str, Any], Activity] | None
    moderates: bool
    filters_words: bool
    queue: tuple[Mapping[str, Any], ...]
    held_for_safety: int
    problem: str = ""
    #: Texts sent but not shown yet: they arrive together (P8).
    waiting: int = 0
    #: The pacing buttons: open/close, reveal/hide (None: not offered), next (see ``pacing``).
    #: (The default is English; ``ControlFlow.picture`` always gives the translated buttons.)
    actions: tuple[Action, Action | None, Action] = (Action("open", "Open", primary=True), None, Action("advance", "Next activity ▶"))
    #: The chart's numbers as text, shown with the chart (None when nothing is drawn).
    results: ResultsText | None = None
    #: The activity in focus takes questions: its queue shows votes, and Pin and Mark answered.
    questions: bool = False


@dataclass
class ControlFlow:
    """The control view's decisions: the picture of a snapshot, and one command per button."""

    client: Client
    code: str
    key: str
    activities: Sequence[Mapping[str, Any]]
    refresh: Callable[[], None] = lambda: None
    snapshot: dict[str, Any] = field(default_factory=dict)
    selected: str | None = None
    #: The workshop's plan beyond its activities: ``minutes``, ``allowances``, ``break_after``, and the ``series`` it belongs to.
    plan: Mapping[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> dict[str, Any]:
        return self.snapshot.get("state") or {}

    @property
    def focus_id(self) -> str:
        """The activity in focus: the one picked, else the current one, else the first."""
        current = self.state.get("current")
        return self.selected or (current["id"] if current else self.activities[0]["id"])

    def select(self, activity_id: str) -> None:
        self.selected = activity_id

    def command(self, action: str, **fields: Any) -> str:
        """Send one control command; "" when done, else why it was refused."""
        try:
            self.client.control(self.code, self.key, action, **fields)
        except ApiError as error:
            return error.message
        except Unreachable:
            return _(UNREACHABLE)
        self.selected = None
        self.refresh()
        return ""

    def end(self, confirmed: bool) -> str:
        """End the session for everyone, once the facilitator has ticked the box."""
        return self.command("end") if confirmed else _(CONFIRM_END)

    def export(self, fmt: str, include_text: bool) -> tuple[str, str] | str:
        """``(file name, data: URL)`` of the raw answers (free text only when asked, P4), or why not."""
        try:
            data = self.client.export(self.code, self.key, include_text=include_text)
        except (ApiError, Unreachable) as error:
            return str(error)
        if fmt == "json":
            body, mime = json.dumps(data, indent=2, ensure_ascii=False), "application/json"
        else:
            from ..export import rows_to_csv

            body, mime = rows_to_csv(data["answers"]), "text/csv"
        name = f"huddle-{self.code}.{fmt}"
        return f"{name} ({answers(len(data['answers']))})", _data_url(name, mime, body)

    def runsheet(self) -> tuple[str, str]:
        """``(file name, data: URL)`` of this session's one-page run-sheet."""
        from ..reports.runsheet import runsheet_html

        title = self.state.get("title") or _("Workshop")
        activities = tuple(Activity.from_public(a) for a in self.activities)
        allowances = {key: float(value) for key, value in (self.plan.get("allowances") or {}).items()}
        minutes = self.plan.get("minutes") or sum(a.minutes or 0 for a in activities) + sum(allowances.values()) or None
        workshop = Workshop(id="session", title=title, activities=activities, minutes=minutes, allowances=allowances, break_after=self.plan.get("break_after"))
        name = f"runsheet-{self.code}.html"
        return name, _data_url(name, "text/html", runsheet_html(workshop))

    def picture(self, snapshot: dict[str, Any]) -> ControlPicture | None:
        """What to show for ``snapshot`` (None until the first state and tally arrive)."""
        self.snapshot = snapshot
        state, tally = snapshot.get("state"), snapshot.get("tally")
        if not state or not tally:
            return None
        entries = {e["id"]: e for e in tally["activities"]}
        current = state.get("current") or {}
        focus_id = self.focus_id
        focus = next(a for a in self.activities if a["id"] == focus_id)
        entry = entries.get(focus_id)
        kind = get_kind(focus["kind"])
        rows = tuple(
            Row(number, a["id"], _shorten(a["prompt"], 80), entries.get(a["id"], {}).get("count", 0),
                current.get("status") if a["id"] == current.get("id") else None,
                bool(state.get("revealed")) and a["id"] == current.get("id"), a["id"] == focus_id)
            for number, a in enumerate(self.activities, start=1)
        )
        private = bool(entry and (entry.get("tally") or {}).get("private"))
        needed = " · " + _("waiting for {count} more before anything can be shown").format(count=entry["needed"]) if entry and entry["suppressed"] and entry["needed"] else ""
        counts = _("private: nothing is collected, everyone works on their own page") if private else (
            answers(entry["count"] if entry else 0) + " · " + ngettext("{count} skipped", "{count} skipped", entry["skipped"] if entry else 0).format(count=entry["skipped"] if entry else 0) + needed
        )
        moderation = snapshot.get("moderation") or {"items": [], "held_for_safety": 0}
        timer = state.get("timer")
        ids = [a["id"] for a in self.activities]
        has_next = current.get("id") != ids[-1]
        chart = (entry, Activity.from_public(focus)) if entry and not entry["suppressed"] else None
        return ControlPicture(
            title=state["title"], code=state["code"], status=state["status"], participants=tally["participants"],
            pauses=tally["signals"]["pause"], crisis=tally["signals"]["crisis"], groups=tally.get("breakout"),
            self_paced=bool(state.get("self_paced")), rows=rows, focus=focus,
            focus_status=current.get("status") if current.get("id") == focus_id else None, counts=counts,
            timer=timer["remaining"] if timer else None,
            chart=chart,
            moderates=bool(kind and kind.free_text), filters_words=bool(kind and kind.filters_banned),
            queue=_queue(moderation["items"], focus_id, entry if kind and kind.upvotes else None),
            held_for_safety=moderation.get("held_for_safety", 0),
            problem=problem_of(snapshot),
            waiting=moderation.get("waiting", 0) if kind and kind.free_text and not kind.per_group else 0,
            actions=pacing(focus_id, current, bool(state.get("revealed")), has_next, collects=not private and (kind is None or kind.collects_from(Activity.from_public(focus).settings))),
            results=results_text(*chart) if chart else None,
            questions=bool(kind and kind.upvotes),
        )


def _queue(items: Sequence[Mapping[str, Any]], focus_id: str, questions: Mapping[str, Any] | None) -> tuple[Mapping[str, Any], ...]:
    """The moderation queue of the activity in focus. For questions: those waiting for a decision
    first, then the shared ones in the room's order (pinned, then by votes, answered last), each
    with its votes, then the hidden ones."""
    mine = [item for item in items if item["activity"] == focus_id]
    if questions is None:
        return tuple(mine)
    shown = ((questions.get("tally") or {}).get("questions") or []) if not questions.get("suppressed") else []
    place = {q["item"]: (n, q["votes"]) for n, q in enumerate(shown)}
    with_votes = [{**item, "votes": place[item["item"]][1]} if item["item"] in place else dict(item) for item in mine]
    order = {"pending": 0, "approved": 1, "pinned": 1, "answered": 1, "hidden": 2}
    return tuple(sorted(with_votes, key=lambda i: (order.get(i["status"], 1), place.get(i["item"], (len(place), 0))[0], i["item"])))


def problem_of(snapshot: Mapping[str, Any]) -> str:
    """What to say above the numbers when the feed's last fetch failed ("" when all is well)."""
    return _(STALE) if snapshot.get("error") else ""


def projector_prompt(state: Mapping[str, Any]) -> str:
    """The projector's headline: the current prompt, or what the room should do now."""
    if state.get("status") == "ended":
        return _("Thank you for taking part.")
    current = state.get("current")
    return str(current["prompt"]) if current else _("Join now: we start in a moment.")


#: The projector shows the pinned questions (at most this many) and then the open ones most
#: upvoted (at most ``TOP_QUESTIONS``): a list the back of the room can still read.
PINNED_QUESTIONS = 2
TOP_QUESTIONS = 5


@dataclass(frozen=True)
class ProjectorQuestion:
    """One question on the projector."""

    text: str
    votes: int
    pinned: bool = False

    @property
    def count(self) -> str:
        return votes(self.votes)


@dataclass(frozen=True)
class ProjectorResults:
    """The projector's results area: ``what`` is "none", "message", "texts", "voted" (questions) or "chart"."""

    what: str
    message: str = ""
    texts: tuple[str, ...] = ()
    chart: tuple[Mapping[str, Any], Activity] | None = None
    text: ResultsText | None = None
    questions: tuple[ProjectorQuestion, ...] = ()


def top_questions(tally: Mapping[str, Any]) -> tuple[ProjectorQuestion, ...]:
    """The questions the room sees on the projector: pinned first, then the open ones by votes
    (the tally's order already); answered ones are done and make room."""
    questions = tally.get("questions") or []
    pinned = [q for q in questions if q["pinned"]][:PINNED_QUESTIONS]
    open_ = [q for q in questions if not q["pinned"] and not q["answered"]][:TOP_QUESTIONS]
    return tuple(ProjectorQuestion(str(q["text"]), int(q["votes"]), bool(q["pinned"])) for q in pinned + open_)


def projector_results(state: Mapping[str, Any], entry: Mapping[str, Any] | None, k: int) -> ProjectorResults:
    """What the room sees of the current activity: a chart once revealed, else the count only."""
    current = state.get("current")
    if not current or entry is None:
        return ProjectorResults("none")
    if (entry.get("tally") or {}).get("private"):
        return ProjectorResults("message", _("Everyone works privately on their own phone. Nothing is collected."))
    kind = get_kind(current["kind"])
    if kind is not None and kind.upvotes:
        # Questions are shown as the facilitator shares them, revealed or not (as on phones).
        if entry["suppressed"]:
            return ProjectorResults("message", _("Ask your questions on your phone: they show here once at least {k} have been asked and shared.").format(k=k))
        shown = top_questions(entry["tally"])
        if not shown:
            return ProjectorResults("message", _("Ask your questions on your phone: the facilitator shares them here."))
        return ProjectorResults("voted", questions=shown)
    if not state.get("revealed"):
        count = entry["count"]
        return ProjectorResults("message", ngettext("{count} answer so far", "{count} answers so far", count).format(count=count))
    if entry["suppressed"]:
        return ProjectorResults("message", _("Waiting for more answers: results show once at least {k} people have answered.").format(k=k))
    if kind is not None and kind.result_style == "texts":
        return ProjectorResults("texts", texts=tuple(str(e["text"]) for e in entry["tally"]["approved"]))
    activity = Activity.from_public(current)
    return ProjectorResults("chart", chart=(entry, activity), text=results_text(entry, activity))


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _data_url(name: str, mime: str, body: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(body.encode()).decode()}"
