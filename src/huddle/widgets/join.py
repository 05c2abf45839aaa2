"""The minimal participant page: join by ``?code=``, see the current prompt, answer a choice.

The full participant experience (every kind, live following, safety tools) builds on this.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..client import ApiError, Client, Unreachable, new_submission_id
from ..model.identity import new_secret, normalise_code
from .query import join_params

PRIVACY = (
    "We collect only your anonymous answers: no name, email, address or device details.\n"
    "Every question can be skipped, and nobody, facilitator included, can tell which answers are yours."
)


class JoinPage:
    """A participant's page for one session; widget callbacks stay thin and show every failure."""

    def __init__(self, code: str, client: Client | None = None) -> None:
        self.code = normalise_code(code)
        self.client = client or Client()
        self.participant = new_secret()
        self.title = w.HTML()
        self.privacy = w.HTML(f"<p class='huddle-privacy'>{'<br>'.join(map(html.escape, PRIVACY.splitlines()))}</p>")
        self.prompt = w.HTML()
        self.choices = w.RadioButtons(options=[], layout=w.Layout(width="100%"))
        self.submit = w.Button(description="Submit", button_style="primary", layout=w.Layout(width="100%", height="48px"))
        self.skip = w.Button(description="Skip", layout=w.Layout(width="100%", height="48px"))
        self.refresh_button = w.Button(description="Check for the next activity", layout=w.Layout(width="100%", height="48px"))
        self.status = w.HTML()
        self.submit.on_click(lambda _: self.send(skip=False))
        self.skip.on_click(lambda _: self.send(skip=True))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.activity: dict | None = None
        self.view = w.VBox(
            [self.title, self.privacy, self.prompt, self.choices, self.submit, self.skip, self.status, self.refresh_button],
            layout=w.Layout(max_width="560px", margin="0 auto", padding="8px"),
        )
        self.refresh()

    def _say(self, message: str, tone: str = "info") -> None:
        colour = {"ok": "#1b5e20", "error": "#b71c1c", "info": "#37474f"}[tone]
        self.status.value = f"<p role='status' style='color:{colour};font-size:1.1em'>{html.escape(message)}</p>"

    def refresh(self) -> None:
        """Fetch the session's state and show its current activity."""
        try:
            state = self.client.state(self.code)
        except ApiError as error:
            self._say(error.message, "error")
            return
        except Unreachable:
            self._say("The workshop server cannot be reached. Check your connection and press the button below.", "error")
            return
        self.title.value = f"<h2>{html.escape(state['title'])}</h2>"
        self.activity = state["current"]
        answerable = bool(self.activity and self.activity.get("status") == "open" and state["status"] != "ended")
        if state["status"] == "ended":
            self.prompt.value = "<p>This session has ended. Thank you for taking part.</p>"
        elif not self.activity:
            self.prompt.value = "<p>Waiting for the facilitator to open the first activity…</p>"
        else:
            self.prompt.value = f"<h3>{html.escape(self.activity['prompt'])}</h3>"
        is_choice = answerable and self.activity["kind"] in ("choice", "mood")
        options = [(o["label"], o["id"]) for o in (self.activity or {}).get("options", [])] if is_choice else []
        self.choices.options = options
        self.choices.value = None
        self.choices.layout.display = None if is_choice else "none"
        self.submit.layout.display = None if is_choice else "none"
        self.skip.layout.display = None if answerable else "none"
        self.status.value = ""

    def send(self, *, skip: bool) -> None:
        """Submit the chosen option (or a skip) for the current activity."""
        if not self.activity:
            return
        if not skip and self.choices.value is None:
            self._say("Choose an option first, or press Skip.", "error")
            return
        try:
            self.client.submit(self.code, self.activity["id"], self.participant, self.choices.value, skip=skip, submission_id=new_submission_id())
        except ApiError as error:
            self._say(error.message, "error")
        except Unreachable:
            self._say("Your answer could not be sent: the server cannot be reached. Try again in a moment.", "error")
        else:
            self._say("Skipped. Thank you." if skip else "Your answer was received. You can change it while the question is open.", "ok")


def code_missing_view() -> w.Widget:
    """What a page opened without ``?code=`` shows."""
    return w.HTML("<h2>Join a Huddle session</h2><p>Open the join link your facilitator shared; it ends in <code>?code=</code> and the session code.</p>")


def join_app(query: str | None = None) -> w.Widget:
    """The participant page for the session named in the query string."""
    code = join_params(query).get("code")
    if not code:
        return code_missing_view()
    return JoinPage(code).view
