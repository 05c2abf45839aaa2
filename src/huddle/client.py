"""A small client for the Huddle API, used by participant kernels and the CLI.

Light on purpose (standard library plus urllib3): participant kernels import it, and each
visitor has a kernel of their own, so every megabyte counts.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote

import urllib3

from .kernel_env import KERNEL_PASS_HEADER, KernelConfig
from .model.identity import looks_like_code, normalise_code

def _session(code: str) -> str:
    """The API path of a session: only ever built from something that can be a session code, so
    a link's ``code=../../admin?x=`` never walks or extends the address (H1)."""
    normal = normalise_code(code)
    if not looks_like_code(normal):
        raise ApiError(404, "not_found", f"There is no session with the code {normal[:12]}.")
    return f"/sessions/{normal}"


DEFAULT_API = "http://127.0.0.1:8866/huddle/api/v1"
#: ``Client(content_language=AUTO)``: a session's text follows the page's current language.
AUTO = "auto"


class ApiError(Exception):
    """The server refused a request; ``status``, ``code`` and a readable ``message``."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        #: The whole error body (a refused workshop's ``problems`` are here).
        self.details = details or {}


class Unreachable(Exception):
    """The server could not be reached at all."""


def new_submission_id() -> str:
    """A fresh id for one submission; retries of the same submission reuse it (R2)."""
    return secrets.token_urlsafe(12)


class Client:
    """Calls to one Huddle server's API."""

    def __init__(self, api_url: str | None = None, *, timeout: float = 10.0, content_language: str | None = AUTO) -> None:
        #: The language a session's text is asked in: by default the page's own (``huddle.i18n``);
        #: None for the workshop's main language (the projector shows that one).
        self.content_language = content_language
        config = KernelConfig.current()
        self.api_url = (api_url or config.api_url or DEFAULT_API).rstrip("/")
        # The kernel's pass goes only to the server that started the kernel, never to another
        # one a join link names.
        self._pass = config.kernel_pass if config.api_url and self.api_url == config.api_url.rstrip("/") else None
        # Retrying a POST is safe: every answer carries a submission id the server de-duplicates.
        retries = urllib3.Retry(total=3, connect=3, read=2, backoff_factor=0.2, allowed_methods=None, status_forcelist=(502, 503, 504))
        # Room for the long poll that follows the session and an answer being sent at the same time.
        self._http = urllib3.PoolManager(maxsize=4, retries=retries, timeout=urllib3.Timeout(connect=3.0, read=timeout))

    def _call(
        self, method: str, path: str, body: Any = None, key: str | None = None, timeout: float | None = None,
        *, text: str | None = None, media: str = "application/json",
    ) -> Any:
        headers = {"Content-Type": media}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        if self._pass:
            headers[KERNEL_PASS_HEADER] = self._pass
        try:
            response = self._http.request(
                method,
                self.api_url + path,
                body=text.encode() if text is not None else None if body is None else json.dumps(body).encode(),
                headers=headers,
                **({"timeout": timeout} if timeout else {}),
            )
        except urllib3.exceptions.HTTPError as error:
            raise Unreachable(f"Cannot reach the Huddle server at {self.api_url}.") from error
        try:
            data = json.loads(response.data or b"null")
        except ValueError:
            data = None
        if response.status >= 400:
            error = (data or {}).get("error", {}) if isinstance(data, dict) else {}
            raise ApiError(response.status, error.get("code", "error"), error.get("message", f"HTTP {response.status}"), data if isinstance(data, dict) else None)
        return data

    def text_language(self) -> str | None:
        """The language a session's text is asked in (None: the workshop's main language)."""
        language = self.content_language
        if language == AUTO:
            from .i18n import current_language

            language = current_language()
        return language

    def _language(self, joiner: str = "?") -> str:
        """The query-string part that asks for the session's text in this client's language."""
        language = self.text_language()
        return f"{joiner}language={quote(language)}" if language else ""

    def state(self, code: str, wait_for_change_from: int | None = None, wait_seconds: int = 25) -> dict[str, Any]:
        """The public state of a session; with a revision, waits (up to ``wait_seconds``) for a change."""
        if wait_for_change_from is None:
            return self._call("GET", f"{_session(code)}{self._language()}")
        return self._call("GET", f"{_session(code)}?wait={wait_for_change_from}&timeout={wait_seconds}{self._language('&')}", timeout=wait_seconds + 10.0)

    def join(self, code: str, participant: str, stage: str | None = None) -> dict[str, Any]:
        """Count this participant as joined (with an optional training stage); the public state."""
        body = {"participant": participant, **({"stage": stage} if stage else {})}
        return self._call("POST", f"{_session(code)}/join{self._language()}", body)

    def my_group(self, code: str, participant: str) -> dict[str, Any]:
        """This participant's breakout group: ``{"group", "groups", "members"}``."""
        return self._call("POST", f"{_session(code)}/my-group", {"participant": participant})

    def workshop(self, code: str, key: str) -> dict[str, Any]:
        """The session's workshop, every activity included (facilitator)."""
        return self._call("GET", f"{_session(code)}/workshop{self._language()}", key=key)

    def moderation(self, code: str, key: str) -> dict[str, Any]:
        """Free-text answers with their moderation status (facilitator)."""
        return self._call("GET", f"{_session(code)}/moderation", key=key)

    def export(self, code: str, key: str, *, include_text: bool = False) -> dict[str, Any]:
        """The raw answers as JSON (facilitator)."""
        return self._call("GET", f"{_session(code)}/export?format=json&text={'true' if include_text else 'false'}", key=key)

    def my_answers(self, code: str, participant: str) -> dict[str, Any]:
        """This participant's own answers, by activity id."""
        return self.mine(code, participant)["answers"]

    def mine(self, code: str, participant: str) -> dict[str, Any]:
        """This participant's answers and whether their token has joined: ``{"answers", "joined"}``."""
        return self._call("POST", f"{_session(code)}/my-answers", {"participant": participant})

    def signal(self, code: str, participant: str, kind: str = "pause") -> None:
        """Send an anonymous signal such as "I need a pause"."""
        self._call("POST", f"{_session(code)}/signals", {"participant": participant, "kind": kind})

    def submit(
        self, code: str, activity: str, participant: str, value: Any = None, *, skip: bool = False,
        submission_id: str | None = None, link: str | None = None,
    ) -> dict[str, Any]:
        """Send one answer (or a skip); ``link`` is a measure answer's opt-in pairing code."""
        body: dict[str, Any] = {"activity": activity, "participant": participant, "submission_id": submission_id or new_submission_id()}
        if skip:
            body["skip"] = True
        else:
            body["value"] = value
            if link:
                body["link"] = link
        return self._call("POST", f"{_session(code)}/responses", body)

    def vote(self, code: str, activity: str, participant: str, item: str) -> dict[str, Any]:
        """Upvote one question shown to the room (once: voting again changes nothing);
        ``{"status", "activity", "item", "votes", "voted"}``."""
        return self._call("POST", f"{_session(code)}/votes", {"activity": activity, "participant": participant, "item": item})

    def support(self) -> dict[str, Any]:
        """The server's support resources (its site may have replaced the bundled list)."""
        return self._call("GET", f"/support{self._language()}")

    def results(self, code: str, activity: str) -> dict[str, Any]:
        """The revealed tally of one activity."""
        return self._call("GET", f"{_session(code)}/results/{quote(activity, safe='')}{self._language()}")

    def create_session(self, workshop: str, admin_token: str, series: str | None = None, language: str | None = None) -> dict[str, Any]:
        """Start a session on the server (admin), in a named series if given, run in ``language``
        if given (one the workshop is written in)."""
        body = {"workshop": workshop, **({"series": series} if series is not None else {}), **({"language": language} if language else {})}
        return self._call("POST", "/sessions", body, key=admin_token)

    def workshops(self, admin_token: str | None = None) -> list[dict[str, Any]]:
        """The workshops on the server: the bundled ones, and the site's own for the admin."""
        return self._call("GET", "/workshops", key=admin_token)["workshops"]

    def workshop_file(self, workshop_id: str, admin_token: str | None = None) -> dict[str, Any]:
        """One workshop in full, with its file's text as ``source`` (admin)."""
        return self._call("GET", f"/workshops/{quote(workshop_id, safe='')}", key=admin_token)

    def save_workshop(self, source: str, admin_token: str | None = None) -> dict[str, Any]:
        """Keep a site workshop from its YAML text (admin): ``{"id", "title", "created"}``; a
        refused one raises ``ApiError`` whose ``details["problems"]`` lists every problem."""
        return self._call("POST", "/workshops", key=admin_token, text=source, media="application/yaml")

    def delete_workshop(self, workshop_id: str, admin_token: str | None = None) -> dict[str, Any]:
        """Delete one of the site's workshops (admin)."""
        return self._call("DELETE", f"/workshops/{quote(workshop_id, safe='')}", key=admin_token)

    def sessions(self, admin_token: str | None = None) -> list[dict[str, Any]]:
        """Every session on the server, newest first (admin)."""
        return self._call("GET", "/sessions", key=admin_token)["sessions"]

    def purge(self, code: str, key: str | None = None) -> dict[str, Any]:
        """Delete a session and every answer in it (its facilitator, or the admin)."""
        return self._call("DELETE", f"{_session(code)}", key=key)

    def control(self, code: str, key: str, action: str, **fields: Any) -> dict[str, Any]:
        """A facilitator command such as ``control(code, key, "open", activity="energy")``."""
        return self._call("POST", f"{_session(code)}/control", {"action": action, **fields}, key=key)

    def tally(self, code: str, key: str) -> dict[str, Any]:
        """Counts and tallies of every activity (facilitator)."""
        return self._call("GET", f"{_session(code)}/tally{self._language()}", key=key)
