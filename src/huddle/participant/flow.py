"""What the participant page shows and does, decided without widgets.

``ParticipantFlow`` holds one participant's session (code, token, answers, position, group) and
turns each event (the page opened, a code typed, Join pressed, the session changed, an answer
sent) into a ``Screen`` to show or an ``Outcome`` to report. Every failure is worded once, here.
The view in ``app.py`` only draws screens and forwards clicks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Union
from urllib.parse import urlsplit

from ..client import ApiError, Client, Unreachable, new_submission_id
from ..i18n import N_, _, current_language, ngettext
from ..model.identity import looks_like_code, normalise_code
from ..model.kinds import get_kind
from ..model.safety import mentions_crisis
from .query import api_url_for, join_params

#: The optional training stages, ``(label, stage id)``: the labels are marked here and translated
#: where the page shows them (the language is chosen per page, after import).
STAGE_CHOICES = [
    (N_("Prefer not to say"), None),
    (N_("Medical student"), "student"),
    (N_("Resident"), "resident"),
    (N_("Fellow"), "fellow"),
    (N_("Pharmacist"), "pharmacist"),
    (N_("Nurse"), "nurse"),
    (N_("International medical graduate"), "img"),
    (N_("Faculty"), "faculty"),
    (N_("Something else"), "other"),
]
PRIVACY_LINES = (
    N_("Collected: only your answers, with no name, email, device or location, so nobody can tell which are yours."),
    N_("Not collected: anything about who you are. Every question can be skipped, and free text is seen by the facilitator before anyone else."),
)
#: Shown instead of the notice to someone whose browser already joined (a reload, a phone that slept).
RETURNING_LINE = N_("Welcome back. Only your answers are kept, never who you are; you can skip anything.")


class Wording:
    """Every message the participant page can show about something that went wrong, said once.

    Each is marked with ``N_`` and translated (``_(Wording.X)``) when it is said, in the page's
    language of that moment; placeholders are filled after translating."""

    NO_LINK = N_("This page joins a live workshop, and it needs the link your facilitator shares: it carries the workshop's address and session code.")
    BAD_CODE = N_("A session code has 6 letters and numbers, like K7MPX4. Check the screen and try again.")
    NO_SESSION = N_("There is no session with the code {code}. Check the code on the screen and try again.")
    UNREACHABLE = N_("We cannot reach the workshop server right now. Check your Wi-Fi or data connection, then try again.")
    RECONNECTING = N_("Reconnecting to the workshop server…")
    NOT_SENT = N_("Not sent: the connection dropped. Press the button again when you are back online.")
    PAUSE_NOT_SENT = N_("Not sent: the connection dropped. Try again in a moment.")
    PAUSE_AGAIN = N_("Already sent: the facilitator has it.")
    PAUSE_SENT = N_("Sent. The facilitator sees only that someone asked, never who.")
    RECEIVED = N_("✓ Received. You can change it while this activity is open.")
    SKIPPED = N_("Skipped. That is completely fine.")
    SAVED = N_("Your answer is saved.")
    SKIPPED_BEFORE = N_("You skipped this one.")
    HELD_BEFORE = N_("What you wrote here was not kept: only that support was offered. The Support button is at the top whenever you want it.")
    #: Said after one of the three above (with a space between) while the answer can still change.
    CHANGE_WHILE_OPEN = N_("You can change it while this activity is open.")
    CLOSED = N_("This activity is closed now.")
    PROBLEM_HEADING = N_("That did not work")
    BAD_LINK_HEADING = N_("This join link does not work")
    NEW_ACTIVITY = N_("New activity: {prompt}")
    OPEN_AGAIN = N_("Open again: {prompt}")
    ASKED = N_("Sent. The facilitator sees each question before the room does.")
    NO_QUESTIONS = N_("No questions have been shared with the room yet.")
    QUESTIONS_WAITING = N_("Questions show here once enough have been asked and the facilitator shares them.")
    VOTE_NOT_SENT = N_("Your upvote was not sent: the connection dropped. Try again in a moment.")


# --- what the page can show ------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A page that cannot join anything: opened without a link, or with a broken one."""

    message: str
    error: bool = False


@dataclass(frozen=True)
class CodeEntry:
    """Type the session code; ``message`` says what was wrong with the last one."""

    message: str = ""


@dataclass(frozen=True)
class Problem:
    """Something failed; ``retry`` tries the same step again and gives the next screen."""

    message: str
    retry: Callable[[], "Screen"]


@dataclass(frozen=True)
class Privacy:
    """What is collected and what is not, the optional training stage, and Join (P7)."""

    #: Marked, not translated (``N_``): the page translates each line and label as it draws them.
    lines: tuple[str, ...] = PRIVACY_LINES
    stages: tuple[tuple[str, str | None], ...] = tuple(STAGE_CHOICES)
    #: The host answers go to, when the link named a server (a Binder or hub page, or another
    #: server this site allows): said before Join, so nobody answers a server they did not expect.
    destination: str | None = None

    @property
    def destination_line(self) -> str:
        return _("Your answers go to the workshop server at {host}.").format(host=self.destination) if self.destination else ""


@dataclass(frozen=True)
class Waiting:
    """Joined, and nothing is open yet."""


@dataclass(frozen=True)
class Ended:
    """The session ended (or was purged: ``purged``)."""

    purged: bool = False


@dataclass(frozen=True)
class Group:
    """This participant's breakout group, as the group banner shows it (None: not in a group)."""

    number: int | None
    groups: int = 0
    members: int = 0


@dataclass(frozen=True)
class ActivityScreen:
    """One activity: open or closed, its place when self-paced, the group, the earlier answer."""

    activity: Mapping[str, Any]
    open_now: bool
    #: ``(position, total)`` when the participant moves through activities themselves.
    navigation: tuple[int, int] | None = None
    group: Group | None = None
    previous: Mapping[str, Any] | None = None
    revealed: bool = False

    @property
    def accepting(self) -> bool:
        """Whether answers can be sent now (a breakout activity needs a group too)."""
        return self.open_now and (self.group is None or self.group.number is not None)

    @property
    def key(self) -> tuple:
        """What, when it changes, means the screen is built anew (otherwise only results update)."""
        group = self.group.number if self.group else None
        return ("activity", self.activity["id"], self.open_now, self.navigation, group)

    def previous_message(self) -> str | None:
        """What to say about an answer given earlier, or about a closed activity."""
        if self.previous:
            said = _(Wording.SKIPPED_BEFORE if self.previous["skipped"] else Wording.HELD_BEFORE if self.previous.get("held") else Wording.SAVED)
            return said + (" " + _(Wording.CHANGE_WHILE_OPEN) if self.accepting else "")
        return None if self.accepting else _(Wording.CLOSED)


Screen = Union[Notice, CodeEntry, Problem, Privacy, Waiting, Ended, ActivityScreen]


# --- questions from the room -------------------------------------------------------------------


def first_words(text: str, count: int = 8) -> str:
    """The start of a question, to name its upvote button: "How do I say no to…"."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def asked_the_most(most: int) -> str:
    """What a person is told once they asked as many questions as one person may."""
    return ngettext(
        "You have asked {count} question here, the most one person can ask.",
        "You have asked {count} questions here, the most one person can ask.",
        most,
    ).format(count=most)


@dataclass(frozen=True)
class QuestionRow:
    """One question the room is shown, as this participant sees it."""

    item: str
    text: str
    votes: int
    pinned: bool = False
    answered: bool = False
    #: This participant upvoted it already (the button stays pressed).
    voted: bool = False
    #: Upvoting is possible now (the activity is open and this person has not voted for it).
    can_vote: bool = False

    @property
    def label(self) -> str:
        """The upvote button's accessible name: its visible word, then the question's start."""
        return _("Upvote: {question}").format(question=first_words(self.text))

    @property
    def button(self) -> str:
        """The upvote button's visible text."""
        return _("Upvoted") if self.voted else _("Upvote")

    @property
    def count(self) -> str:
        return ngettext("{count} vote", "{count} votes", self.votes).format(count=self.votes)

    @property
    def badges(self) -> tuple[str, ...]:
        """What the facilitator made of it, in words: "Pinned" or "Answered"."""
        return (_("Pinned"),) * self.pinned + (_("Answered"),) * self.answered


@dataclass(frozen=True)
class QuestionBoard:
    """A questions activity on the page: how many more this person may ask, and the list."""

    rows: tuple[QuestionRow, ...]
    asked: int
    most: int
    accepting: bool
    #: Said instead of the list: waiting for enough questions, or none shared yet ("" for none).
    message: str = ""

    @property
    def left(self) -> int:
        return max(0, self.most - self.asked)

    @property
    def can_ask(self) -> bool:
        return self.accepting and self.left > 0

    @property
    def ask_line(self) -> str:
        """How many more questions this person may ask ("" once the activity is closed)."""
        if not self.accepting:
            return ""
        if not self.left:
            return asked_the_most(self.most)
        if not self.asked:
            return ngettext(
                "You can ask up to {count} question, anonymously.", "You can ask up to {count} questions, anonymously.", self.most,
            ).format(count=self.most)
        return ngettext("You can ask {count} more.", "You can ask {count} more.", self.left).format(count=self.left)


def question_board(result: Mapping[str, Any] | None, *, asked: int, most: int, voted: set[str] | frozenset[str], accepting: bool) -> QuestionBoard:
    """What a participant sees of a questions activity, from its ``Service.results`` (None when it
    could not be had): the approved questions in the tally's order (pinned first, then by votes,
    answered last), each with this person's vote; nothing at all while below k (P3)."""
    tally = (result or {}).get("tally")
    if result is None or result.get("suppressed") or not isinstance(tally, Mapping):
        # Closed and not revealed, the room has nothing more to see; the page says it is closed.
        return QuestionBoard((), asked, most, accepting, _(Wording.QUESTIONS_WAITING) if accepting or result is not None else "")
    rows = tuple(
        QuestionRow(
            str(q["item"]), str(q["text"]), int(q.get("votes", 0)), bool(q.get("pinned")), bool(q.get("answered")),
            # An answered question needs no more votes; a closed activity takes none.
            voted=q["item"] in voted, can_vote=accepting and q["item"] not in voted and not q.get("answered"),
        )
        for q in tally.get("questions", [])
    )
    return QuestionBoard(rows, asked, most, accepting, "" if rows else _(Wording.NO_QUESTIONS))


@dataclass(frozen=True)
class Outcome:
    """What became of an action, to show beside it: ``tone`` is "ok", "error" or "info"."""

    message: str
    tone: str
    done: bool = False


@dataclass(frozen=True)
class Update:
    """What one round of following the session brings: a screen (None: unchanged) and the
    connection line ("" when connected)."""

    screen: Screen | None
    connection: str = ""
    stop: bool = False
    #: Seconds to wait before the next round (after a failure).
    wait: float = 0.0


@dataclass(frozen=True)
class Cue:
    """What drawing a screen means for the page around it.

    ``moved``: a different screen replaced the last one, so it is built anew and focus goes to
    its heading (a results refresh or the long poll bringing the same screen back moves nothing).
    ``announce``: what the page's one polite live region says ("" for nothing).
    ``activity_changed``: the activity on screen is another one (or none now), so notes that
    were about the last one, such as the pause confirmation, are cleared.
    """

    moved: bool
    announce: str = ""
    activity_changed: bool = False


def screen_key(screen: Screen) -> tuple:
    """What, when it changes from one drawing to the next, makes a screen a new one."""
    if isinstance(screen, ActivityScreen):
        return screen.key
    if isinstance(screen, Ended):
        return ("ended", screen.purged)
    if isinstance(screen, (Waiting, CodeEntry)):
        # A code typed wrong keeps its box (and focus); only the message under it changes.
        return (type(screen).__name__,)
    # A notice, the privacy notice or a problem: each one drawn is a new screen (a problem's
    # Try again button is replaced, so focus has to go somewhere). The key holds the object's
    # identity, compared while both screens are alive.
    return (type(screen).__name__, id(screen))


def _activity_id(screen: Screen | None) -> str | None:
    return str(screen.activity["id"]) if isinstance(screen, ActivityScreen) else None


def cue(before: Screen | None, after: Screen) -> Cue:
    """What drawing ``after`` where ``before`` was (None: the first screen) means for the page."""
    moved = before is None or screen_key(before) != screen_key(after)
    changed = _activity_id(before) != _activity_id(after)
    announce = ""
    # The first screen is not news (a reload lands on the open activity): focus on it says enough.
    if isinstance(after, ActivityScreen) and before is not None:
        prompt = str(after.activity.get("prompt", ""))
        if changed and after.navigation is None:
            # Self-paced moves are the participant's own: focus on the heading says enough.
            announce = _(Wording.NEW_ACTIVITY).format(prompt=prompt)
        elif not changed and isinstance(before, ActivityScreen) and before.open_now != after.open_now:
            announce = _(Wording.OPEN_AGAIN).format(prompt=prompt) if after.open_now else _(Wording.CLOSED)
    return Cue(moved, announce, changed)


# --- the flow ----------------------------------------------------------------------------------


@dataclass
class ParticipantFlow:
    """One participant's page, as decisions: call a method for each event, show what it returns."""

    client_factory: Callable[[str | None], Client] = Client
    client: Client | None = None
    code: str = ""
    token: str = ""
    state: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sent: dict[str, tuple[Any, bool]] = field(default_factory=dict)
    position: int = 0
    joined: bool = False
    returning: bool = False
    following: bool = False
    group: dict[str, Any] | None = None
    group_revision: int | None = None
    destination: str | None = None
    backoff: float = 0.5
    #: For each questions activity: how many this person asked and what they upvoted
    #: (``{"asked": n, "voted": set}``), read from the server the first time it is shown.
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The follow thread and clicks both move the state and the position.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # joining ------------------------------------------------------------------------------

    def open(self, token: str, query: str) -> Screen:
        """The page has its browser token and address: the first screen."""
        self.token = token
        params = join_params(query)
        try:
            api_url = api_url_for(params.get("server"))
        except ValueError as error:
            return Notice(str(error), error=True)  # worded (and translated) by query.py
        if api_url is None and not params.get("code"):
            # Opened on its own (a plain Binder launch, say): no server address and no code.
            return Notice(_(Wording.NO_LINK))
        self.client = self.client_factory(api_url)
        self.destination = urlsplit(api_url).netloc if params.get("server") and api_url else None
        return self.check_code(params["code"], linked=True) if params.get("code") else CodeEntry()

    def support(self) -> dict[str, Any] | None:
        """The server's support list (a site may have edited it), or None to keep the bundled one."""
        if self.client is None:
            return None
        try:
            return self.client.support()
        except (ApiError, Unreachable):
            return None

    def check_code(self, typed: str, *, linked: bool = False) -> Screen:
        """Look a typed or linked code up: the notice, straight back in, or what went wrong.

        A typed code that cannot be one is answered at once, without asking the server.
        """
        code = normalise_code(typed)
        if not linked and not looks_like_code(code):
            return CodeEntry(_(Wording.BAD_CODE))
        assert self.client is not None
        try:
            state = self.client.state(code)
        except ApiError as error:
            if error.status == 404:
                return CodeEntry(_(Wording.NO_SESSION).format(code=code))
            return Problem(error.message, lambda: self.check_code(code))
        except Unreachable:
            return Problem(_(Wording.UNREACHABLE), lambda: self.check_code(code))
        self.code = state["code"]
        self.state = state
        if state["status"] == "ended":
            return Ended()
        try:
            self.returning = bool(self.client.mine(self.code, self.token).get("joined"))
        except (ApiError, Unreachable):
            self.returning = False  # the notice and the Join button are always a safe way in
        # This browser already saw the notice and joined (R7): straight back to the activity.
        return self.join() if self.returning else Privacy(destination=self.destination)

    @property
    def title(self) -> str:
        """The session's title, once known."""
        return str(self.state.get("title") or "Huddle")

    @property
    def page_title(self) -> str:
        """The browser tab's title: "Join · <workshop title>" ("Join · Huddle" until it is known)."""
        return _("Join · {title}").format(title=self.title)

    def join(self, stage: str | None = None) -> Screen:
        """Count this participant in, bring back their earlier answers, and show the session."""
        assert self.client is not None
        try:
            state = self.client.join(self.code, self.token, stage)
            self.answers = self.client.my_answers(self.code, self.token)
        except ApiError as error:
            return Ended() if error.status == 409 else Problem(error.message, lambda: self.join(stage))
        except Unreachable:
            return Problem(_(Wording.UNREACHABLE), lambda: self.join(stage))
        self.sent = {activity: (a["value"], a["skipped"]) for activity, a in self.answers.items()}
        self.joined = True
        return self.show(state)

    # following the facilitator ------------------------------------------------------------

    def poll(self) -> Update:
        """Wait (up to a long poll) for the session to change; what to show then."""
        assert self.client is not None
        try:
            # An open questions activity is read again every 10 seconds: upvotes change no
            # session state, so that every vote does not refresh every page at once.
            seconds = 3 if self.state.get("revealed") or self.state.get("self_paced") else 10 if self._asking() else 25
            state = self.client.state(self.code, wait_for_change_from=self.state.get("revision", 0), wait_seconds=seconds)
        except ApiError as error:
            if error.status == 404:
                self.following = False
                return Update(Ended(purged=True), stop=True)
            return Update(None, wait=0.5)  # the next poll tries again
        except Unreachable:
            wait, self.backoff = self.backoff, min(self.backoff * 2, 8.0)
            return Update(None, _(Wording.RECONNECTING), wait=wait)
        self.backoff = 0.5
        if state.get("language") != current_language() and current_language() in state.get("languages", ()):
            # This poll was asked before the participant chose another language.
            try:
                state = self.client.state(self.code)
            except (ApiError, Unreachable):
                pass
        screen = self.show(state)
        return Update(screen, stop=isinstance(screen, Ended))

    def show(self, state: dict[str, Any]) -> Screen:
        """The screen for a session state."""
        with self.lock:
            return self._show(state)

    def _show(self, state: dict[str, Any]) -> Screen:
        self.state = state
        if state["status"] == "ended":
            self.following = False
            return Ended()
        activities = state.get("activities") or []
        if state.get("self_paced") and activities:
            self.position = max(0, min(self.position, len(activities) - 1))
            return self._activity(activities[self.position], navigation=(self.position, len(activities)))
        if state.get("current") is None:
            return Waiting()
        return self._activity(state["current"], navigation=None)

    def go(self, step: int) -> Screen:
        """Move to the previous (-1) or next (+1) activity when self-paced."""
        with self.lock:
            self.position += step
            return self._show(self.state)

    @property
    def timer(self) -> int | None:
        """Seconds left on the facilitator's timer, or None."""
        timer = self.state.get("timer")
        return timer["remaining"] if timer and self.state.get("status") != "ended" else None

    def _activity(self, activity: Mapping[str, Any], navigation: tuple[int, int] | None) -> ActivityScreen:
        activity_id = activity["id"]
        open_now = activity.get("status") == "open" or bool(self.state.get("self_paced") and activity.get("status") != "closed")
        current = self.state.get("current") or {}
        revealed = bool(self.state.get("revealed")) and current.get("id") == activity_id
        breakout = self.state.get("breakout") or {}
        group = self._group() if breakout.get("activity") == activity_id else None
        return ActivityScreen(activity, open_now, navigation, group, self.answers.get(activity_id), revealed)

    def _group(self) -> Group:
        """This participant's breakout group, asked for once per state revision."""
        revision = self.state.get("revision")
        if self.group_revision != revision and self.client is not None:
            try:
                self.group = self.client.my_group(self.code, self.token)
            except (ApiError, Unreachable):
                self.group = None
            self.group_revision = revision
        found = self.group or {}
        return Group(found.get("group"), found.get("groups", 0), found.get("members", 0))

    def _asking(self) -> bool:
        """Whether the activity on screen is an open questions activity."""
        current = self.state.get("current") or {}
        kind = get_kind(str(current.get("kind")))
        return bool(kind and kind.upvotes and current.get("status") == "open")

    def _mine(self, activity_id: str) -> dict[str, Any]:
        """What this person asked and upvoted in a questions activity (asked the server once)."""
        if activity_id not in self.questions and self.client is not None:
            try:
                found = (self.client.mine(self.code, self.token).get("questions") or {}).get(activity_id) or {}
            except (ApiError, Unreachable):
                return {"asked": 0, "voted": set()}  # asked again next time
            self.questions[activity_id] = {"asked": int(found.get("asked", 0)), "voted": set(found.get("voted", []))}
        return self.questions.get(activity_id, {"asked": 0, "voted": set()})

    def board(self, screen: ActivityScreen) -> QuestionBoard:
        """The questions activity on ``screen``: the approved questions and this person's votes."""
        activity = screen.activity
        kind = get_kind(str(activity.get("kind")))
        most = kind.many(activity) if kind and kind.many else 1
        mine = self._mine(str(activity["id"]))
        return question_board(self.results(str(activity["id"])), asked=mine["asked"], most=most, voted=mine["voted"], accepting=screen.accepting)

    def vote(self, activity: Mapping[str, Any], item: str) -> Outcome:
        """Upvote one question; once only (pressing again sends nothing)."""
        mine = self._mine(str(activity["id"]))
        if item in mine["voted"]:
            return Outcome("", "ok", done=True)
        if self.client is None:
            return Outcome(_(Wording.UNREACHABLE), "error")
        try:
            answer = self.client.vote(self.code, str(activity["id"]), self.token, item)
        except ApiError as error:
            return Outcome(error.message, "error")
        except Unreachable:
            return Outcome(_(Wording.VOTE_NOT_SENT), "error")
        mine["voted"] = set(answer.get("voted", [])) | {item}
        return Outcome("", "ok", done=True)

    def results(self, activity_id: str) -> dict[str, Any] | None:
        """The revealed result of an activity, or None when it cannot be had just now."""
        if self.client is None:
            return None
        try:
            return self.client.results(self.code, activity_id)
        except (ApiError, Unreachable):
            return None

    # answering ----------------------------------------------------------------------------

    def send(
        self, activity: Mapping[str, Any], value: Any, *, skip: bool, missing: str, urgent: Callable[[], None], link: str | None = None,
    ) -> Outcome:
        """Send, change or skip an answer. ``urgent`` opens the support sheet: at once when the
        words themselves call for it, whether or not they get through (S2). ``link`` is a
        measure's opt-in pairing code; it is sent with the answer and kept nowhere on the page."""
        if self.client is None:
            return Outcome(_(Wording.UNREACHABLE), "error")
        kind = get_kind(str(activity.get("kind")))
        if not skip and value is None:
            return Outcome(missing, "error")
        crisis = bool(kind and kind.free_text) and isinstance(value, str) and mentions_crisis(value)
        if crisis:
            urgent()
        many = bool(kind and kind.many)
        most = kind.many(activity) if kind and kind.many else 1
        if many and not skip and self._mine(str(activity["id"]))["asked"] >= most:
            # Said here, as the server would say it: the box keeps what was typed.
            return Outcome(asked_the_most(most), "error")
        if self.sent.get(activity["id"]) == (value, skip) and not link:
            # The same answer again (a double tap, or clicks replayed after a reconnect): nothing to send.
            # With a pairing code it goes again: the code may be what was added.
            return Outcome(_(Wording.ASKED), "ok", done=True) if many else self._received(skip)
        try:
            receipt = self.client.submit(self.code, activity["id"], self.token, value, skip=skip, submission_id=new_submission_id(), link=link)
        except ApiError as error:
            return Outcome(error.message, "error")
        except Unreachable:
            return Outcome(_(Wording.NOT_SENT), "error")
        self.sent[activity["id"]] = (value, skip)
        if receipt.get("support") and not crisis:
            urgent()
        if many:
            # Each question is an answer of its own: none replaces the last, so nothing is kept
            # here to show again, only how many were asked.
            if receipt.get("status") == "stored":
                self._mine(str(activity["id"]))["asked"] += 1
            return Outcome(_(Wording.ASKED), "ok", done=True)
        self.answers[activity["id"]] = {"value": value, "skipped": skip}
        return self._received(skip)

    @staticmethod
    def _received(skip: bool) -> Outcome:
        return Outcome(_(Wording.SKIPPED if skip else Wording.RECEIVED), "ok", done=True)

    def pause(self) -> Outcome | None:
        """Tell the facilitator, anonymously, that someone would like a pause (S4)."""
        if self.client is None or not self.code:
            return None
        try:
            self.client.signal(self.code, self.token, "pause")
        except ApiError as error:
            return Outcome(_(Wording.PAUSE_AGAIN) if error.status == 429 else error.message, "info")
        except Unreachable:
            return Outcome(_(Wording.PAUSE_NOT_SENT), "error")
        return Outcome(_(Wording.PAUSE_SENT), "ok")
