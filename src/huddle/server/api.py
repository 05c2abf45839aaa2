"""The JSON API under ``/huddle/api/v1`` (PRODUCT section 4), as thin tornado handlers.

Each handler parses the request, calls one ``Service`` method in the store's thread and turns
the result, or a ``HuddleError``, into JSON with the status codes of the contract.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable

from tornado.web import HTTPError, RequestHandler, stream_request_body

from .. import __version__
from ..content import ContentError, bundled_workshops, find_workshop, site_workshop
from ..model import (
    Conflict,
    HuddleError,
    InvalidValue,
    NotFound,
    NotRevealed,
    RateLimited,
    TooLarge,
    Unauthorized,
    Unavailable,
)
from ..model import Workshop
from ..model.identity import digest, normalise_code, secret_matches
from ..model.text import LANGUAGE_TAG
from ..export import rows_to_csv
from ..service import Service
from .ratelimit import RateLimiter
from .signin import SignIn
from .visitors import Visitors

PREFIX = "/huddle/api/v1"
MAX_BODY = 64 * 1024
#: JSON nested deeper than this is refused before parsing (1,000 levels raised RecursionError).
MAX_JSON_DEPTH = 400
ASCII_DIGITS = re.compile(r"[0-9]{1,9}")
#: Said when the analysis extra (pandas, scipy) is not installed on this server.
ANALYSIS_MISSING = "This server was installed without Huddle's analysis part; install it with pip install 'huddle-workshop[analysis]'."
LONG_POLL_SECONDS = 25.0
#: Seconds a wrong facilitator key waits for its answer, and once a session has had too many.
WRONG_KEY_DELAY = 0.1
LOCKED_KEY_DELAY = 1.0

STATUS = {
    InvalidValue: 400,
    Unauthorized: 401,
    NotRevealed: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    RateLimited: 429,
    Unavailable: 503,
}
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict", 413: "too_large", 429: "rate_limited"}


#: Seconds a long poll waits between two reads of the store when nothing woke it (another
#: server process on the same PostgreSQL may have changed the session).
REREAD_SECONDS = 0.5
#: Sessions' shared reads kept at most (each a session and a language being waited on).
MAX_SHARED_READS = 1000


class SharedStates:
    """The long polls of one session share their reads of the store: a room of 200 waiting pages
    woken by one change makes one read and one JSON body (per language), not 200, and their
    twice-a-second re-checks for another server's changes are one read too.

    A read is shared when it began at or after the moment the caller needs it to be fresh from:
    the session's last local change (``changed``), or half a second ago."""

    def __init__(self) -> None:
        self._reads: dict[tuple[str, str | None], tuple[float, asyncio.Future]] = {}
        self._changed: dict[str, float] = {}

    def changed(self, code: str) -> None:
        """A change was stored here: reads that began before now are no longer fresh."""
        self._changed[code] = asyncio.get_running_loop().time()

    async def read(self, code: str, language: str | None, reader: Callable[[], Any]) -> tuple[dict[str, Any], str]:
        """The session's public state and its JSON text, from a read that began after its last
        change and within ``REREAD_SECONDS``, started with ``reader`` when there is none."""
        loop = asyncio.get_running_loop()
        fresh_from = max(self._changed.get(code, 0.0), loop.time() - REREAD_SECONDS)
        key = (code, language)
        if len(self._reads) > MAX_SHARED_READS:
            # Codes nobody is waiting on (a typo, a hostile page asking for random ones) are not kept.
            self._reads = {k: v for k, v in self._reads.items() if v[0] >= loop.time() - 2 * REREAD_SECONDS}
        began, future = self._reads.get(key, (-1.0, None))
        if future is None or began < fresh_from or (future.done() and future.exception() is not None):
            began, future = loop.time(), asyncio.ensure_future(self._encoded(reader))
            self._reads[key] = (began, future)
        return await asyncio.shield(future)

    @staticmethod
    async def _encoded(reader: Callable[[], Any]) -> tuple[dict[str, Any], str]:
        state = await reader()
        return state, json.dumps(state, ensure_ascii=False)


@dataclass
class ApiContext:
    """What the handlers share: the service, the store thread, secrets' digests, limits."""

    service: Service
    admin_digest: str
    public_url: str | None = None
    support: dict[str, Any] = field(default_factory=dict)
    #: The same support list in each interface language (``GET /support?language=es``).
    support_languages: dict[str, dict[str, Any]] = field(default_factory=dict)
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="huddle-store"))
    answers_limit: RateLimiter = field(default_factory=lambda: RateLimiter(rate=5, burst=20))
    key_failures: RateLimiter = field(default_factory=lambda: RateLimiter(rate=0.5, burst=30))
    pause_limit: RateLimiter = field(default_factory=lambda: RateLimiter(rate=1 / 60, burst=1))
    changed: dict[str, asyncio.Event] = field(default_factory=dict)
    #: The long polls' shared reads of each session's state.
    states: SharedStates = field(default_factory=SharedStates)
    #: Pages, kernels and client addresses, in memory (visitors.py); limits joins per address.
    visitors: Visitors = field(default_factory=lambda: Visitors(max_pages=100))
    #: The facilitator home's one-time links and sign-in cookies (signin.py); None in tests that
    #: build a context without an admin token.
    sign_in: SignIn | None = None

    def notify(self, code: str) -> None:
        """Wake every page waiting for this session to change."""
        self.states.changed(code)
        event = self.changed.pop(code, None)
        if event is not None:
            event.set()


def whole_number(text: str | None) -> int | None:
    """``text`` as a whole number when it is one written in ASCII digits (``isdigit`` also takes
    "²" and "³", which ``int`` then refuses), else None."""
    return int(text) if text is not None and ASCII_DIGITS.fullmatch(text) else None


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


@stream_request_body
class ApiHandler(RequestHandler):
    """Base handler: JSON bodies, JSON errors, no cookies, no XSRF (keys travel in headers).

    Bodies are streamed and counted as they arrive, so an oversized one is refused at the limit
    instead of after it was held in memory whole (M4).
    """

    def initialize(self, context: ApiContext) -> None:
        self.context = context
        self._received: list[bytes] = []
        self._size = 0

    def data_received(self, chunk: bytes) -> None:
        # The connection stops a body at MAX_BODY (set in prepare), so this holds at most that.
        self._received.append(chunk)

    def check_xsrf_cookie(self) -> None:  # the API authenticates with bearer keys, not cookies
        return

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def prepare(self) -> None:
        length = whole_number(self.request.headers.get("Content-Length"))
        if length is not None and length > MAX_BODY:
            raise TooLarge(f"The request is larger than {MAX_BODY // 1024} KiB.")
        # A chunked body has no length to check first: the HTTP layer cuts it off at the limit
        # (with a plain 400, as it has no handler to ask for a JSON one).
        self.request.connection.set_max_body_size(MAX_BODY)

    def json_body(self) -> Any:
        """The request body parsed as JSON; ``InvalidValue`` when it is not, or nests too deeply."""
        body = b"".join(self._received)
        if json_depth(body) > MAX_JSON_DEPTH:
            raise InvalidValue(f"The request nests deeper than {MAX_JSON_DEPTH} levels.")
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidValue("The request body is not valid JSON.") from error

    def bearer(self) -> str | None:
        """The key from ``Authorization: Bearer ...``, if any."""
        header = self.request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a service method in the store's thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.context.executor, lambda: function(*args, **kwargs))

    def is_admin(self) -> bool:
        """True for the server's admin: the admin token as the bearer key, or a call from the
        kernel of a page served to a browser signed in to the facilitator home (signin.py)."""
        return secret_matches(self.bearer(), self.context.admin_digest) or self.context.visitors.admin_call(self.request)

    def require_admin(self, what: str) -> None:
        """Refuse with 401 unless the caller is the admin; ``what`` says what needed it."""
        if not self.is_admin():
            raise Unauthorized(f"{what} needs the server's admin token (see the data folder's admin-token file).")

    async def facilitator(self, code: str, *, display: bool = False) -> None:
        """Check the session's facilitator key. Wrong keys are counted per session and answered
        slowly, and past a burst with 429; the right key is always checked and always works, so
        a guesser can never lock the facilitator out (H3). The admin opens every session."""
        if self.is_admin():
            await self.run(self.context.service.state, code)  # 404 for a session that does not exist
            return
        failures = f"key:{normalise_code(code)}"
        try:
            await self.run(self.context.service.check_key, code, self.bearer(), display=display)
        except Unauthorized:
            within = self.context.key_failures.allow(failures)
            await asyncio.sleep(WRONG_KEY_DELAY if within else LOCKED_KEY_DELAY)
            if not within:
                raise RateLimited("Too many attempts with a wrong key; wait a minute and try again.") from None
            raise

    def language(self) -> str | None:
        """The ``?language=`` a page asks for its session's text in (ignored when it is not a
        language tag; a language the workshop lacks gets its main one)."""
        asked = self.get_query_argument("language", None)
        return asked if asked and LANGUAGE_TAG.match(asked) else None

    def reply(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, HuddleError):
            code, message = error.code, error.message
        elif isinstance(error, HTTPError) and error.log_message and status_code < 500:
            code, message = HTTP_CODES.get(status_code, "error"), error.log_message % error.args if error.args else error.log_message
        else:
            code = HTTP_CODES.get(status_code, "server_error")
            message = {
                404: "There is nothing at this address.",
                405: "This address does not accept that method.",
            }.get(status_code, "Something went wrong on the server; your earlier answers are safe. Please try again.")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": {"code": code, "message": message}}))

    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, HuddleError):
            self.send_error(STATUS.get(type(e), 400), exc_info=(type(e), e, e.__traceback__))
            return
        super()._handle_request_exception(e)  # type: ignore[misc]

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, HuddleError):
            return  # an expected refusal, already answered with a clear message
        super().log_exception(typ, value, tb)


class HealthHandler(ApiHandler):
    def get(self) -> None:
        self.reply({"status": "ok", "version": __version__})


class OpenApiHandler(ApiHandler):
    def get(self) -> None:
        self.reply(json.loads((resources.files(__package__) / "openapi.json").read_text()))


def workshop_entry(workshop: Workshop, *, bundled: bool) -> dict[str, Any]:
    """A workshop as the workshop list shows it."""
    return {"id": workshop.id, "title": workshop.title, "minutes": workshop.minutes, "activities": len(workshop.activities), "bundled": bundled,
            "languages": list(workshop.languages)}


#: The media types a workshop may be sent as, besides JSON.
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


class WorkshopsHandler(ApiHandler):
    async def get(self) -> None:
        listed = [workshop_entry(w, bundled=True) for w in bundled_workshops().values()]
        if self.is_admin():
            listed += [workshop_entry(w, bundled=False) for w in await self.run(site_workshops, self.context.service)]
        self.reply({"workshops": listed})

    async def post(self) -> None:
        """Keep a site workshop sent as YAML or JSON: 201 when new, 200 when it replaced the
        site's earlier version, 400 with every problem and its line."""
        self.require_admin("Saving a workshop")
        media = self.request.headers.get("Content-Type", "application/json").split(";")[0].strip().lower()
        if media not in YAML_TYPES + ("application/json",):
            raise InvalidValue("Send the workshop as YAML (Content-Type: application/yaml) or JSON (application/json).")
        body = b"".join(self._received)
        if media == "application/json":
            self.json_body()  # refused here unless it is JSON, not too deep (JSON is also YAML)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidValue("The workshop is not UTF-8 text.") from error
        if "\x00" in text:
            raise InvalidValue("The workshop text holds a NUL character.")
        workshop, problems = site_workshop(text, reserved=bundled_workshops())
        if workshop is None:
            self.set_status(400)
            self.finish(json.dumps({
                "error": {"code": InvalidValue.code, "message": f"The workshop has {len(problems)} problem(s); nothing was saved."},
                "problems": [{"line": p.line, "message": f"{p.where}: {p.message}" if p.where else p.message} for p in problems],
            }, ensure_ascii=False))
            return
        created = await self.run(self.context.service.save_site_workshop, workshop, text)
        self.reply({"id": workshop.id, "title": workshop.title, "created": created}, 201 if created else 200)


class WorkshopHandler(ApiHandler):
    """One workshop in full, with the text of its file, for adapting it (admin only: a workshop
    file carries its speaker notes)."""

    async def get(self, workshop_id: str) -> None:
        self.require_admin("Reading a workshop's file")
        bundled = bundled_workshops().get(workshop_id)
        if bundled is not None:
            from ..content import bundled_source

            workshop, source, is_bundled = bundled, bundled_source(workshop_id), True
        else:
            record = await self.run(self.context.service.site_workshop, workshop_id)
            found = site_workshop(record.source)[0] if record is not None else None
            if record is None or found is None:
                raise NotFound(f"There is no workshop {workshop_id!r} on this server.")
            workshop, source, is_bundled = found, record.source, False
        self.reply({
            **workshop_entry(workshop, bundled=is_bundled),
            "description": workshop.description,
            "activities": [{**a.to_public(), **({"notes": a.notes} if a.notes else {})} for a in workshop.activities],
            "source": source,
        })

    async def delete(self, workshop_id: str) -> None:
        self.require_admin("Deleting a workshop")
        await self.run(self.context.service.delete_site_workshop, workshop_id)
        self.reply({"status": "deleted", "id": workshop_id})


def site_workshops(service: Service) -> list[Workshop]:
    """The site's workshops that still pass every check (one that no longer does, after an
    upgrade changed a rule, is left out of lists rather than breaking them)."""
    found = []
    for record in service.site_workshops():
        workshop = site_workshop(record.source)[0]
        if workshop is not None:
            found.append(workshop)
    return found


def find_any_workshop(service: Service, workshop_id: str) -> Workshop | None:
    """A bundled workshop by id, else the site's own with that id; None when neither exists."""
    try:
        return find_workshop(workshop_id) if "/" not in workshop_id else None
    except ContentError:
        record = service.site_workshop(workshop_id)
        return site_workshop(record.source)[0] if record is not None else None


class SupportHandler(ApiHandler):
    def get(self) -> None:
        language = self.language()
        self.reply(self.context.support_languages.get(language or "", self.context.support))


class SessionsHandler(ApiHandler):
    async def get(self) -> None:
        """Every session, newest first (admin only)."""
        self.require_admin("The list of sessions")
        self.reply({"sessions": await self.run(self.context.service.sessions)})

    async def post(self) -> None:
        self.require_admin("Creating a session")
        body = self.json_body()
        if not isinstance(body, dict) or not isinstance(body.get("workshop"), str):
            raise InvalidValue("Send {\"workshop\": ID} with the id of a bundled workshop or one of the site's own.")
        unknown = set(body) - {"workshop", "series", "language"}
        if unknown:
            raise InvalidValue(f"Unknown field(s): {', '.join(sorted(map(str, unknown)))}.")
        series = body.get("series")
        if series is not None and not isinstance(series, str):
            raise InvalidValue("'series' is the name of a series, as text.")
        language = body.get("language")
        if language is not None and not (isinstance(language, str) and LANGUAGE_TAG.match(language)):
            raise InvalidValue("'language' is a language tag such as en or es.")
        workshop = await self.run(find_any_workshop, self.context.service, body["workshop"])
        if workshop is None:
            raise NotFound(f"There is no workshop {body['workshop']!r}, bundled or the site's own.")
        base = self.context.public_url or f"{self.request.protocol}://{self.request.host}"
        created = await self.run(self.context.service.create_session, workshop, base, series, language)
        self.reply(created, 201)


class SeriesHandler(ApiHandler):
    """A series' evaluation summary, by Kirkpatrick level, every figure k-suppressed (admin only)."""

    async def get(self, name: str) -> None:
        self.require_admin("A series' summary")
        service = self.context.service
        series = await self.run(service.series_record, name)  # 404 for a name no series has
        try:
            from ..analysis import load_series, summary  # the programme lead's side: pandas loads only here
        except ImportError as error:
            raise Unavailable(ANALYSIS_MISSING) from error

        self.reply(await self.run(lambda: summary(load_series(service.store, series.name), service.k)))


class SessionHandler(ApiHandler):
    async def get(self, code: str) -> None:
        service = self.context.service
        language = self.language()
        wait = whole_number(self.get_query_argument("wait", None))
        if wait is None:
            self.reply(await self.run(service.state, code, language))
            return
        # Long poll: answer as soon as the state moves past the revision the page has. Every
        # page of the room waits here at once, so their reads of the store are shared.
        read = functools.partial(self.run, service.state, code, language)
        shared = self.context.states
        state, body = await shared.read(normalise_code(code), language, read)
        timeout = whole_number(self.get_query_argument("timeout", None))
        seconds = min(LONG_POLL_SECONDS, float(timeout)) if timeout else LONG_POLL_SECONDS
        deadline = asyncio.get_running_loop().time() + seconds
        # "<=": a shared read may be a moment older than what the page already has.
        while state["revision"] <= wait and asyncio.get_running_loop().time() < deadline:
            event = self.context.changed.setdefault(state["code"], asyncio.Event())
            try:
                await asyncio.wait_for(event.wait(), timeout=REREAD_SECONDS)
            except asyncio.TimeoutError:
                pass  # re-read: another server process may share the store
            if self.request.connection is None or self.request.connection.stream.closed():  # type: ignore[attr-defined]
                return
            state, body = await shared.read(state["code"], language, read)
        self.set_status(200)
        self.finish(body)

    async def delete(self, code: str) -> None:
        await self.facilitator(code)
        await self.run(self.context.service.purge, code)
        self.context.notify(normalise_code(code))
        self.reply({"status": "purged", "code": normalise_code(code)})


class ResponsesHandler(ApiHandler):
    async def post(self, code: str) -> None:
        body = self.json_body()
        participant = body.get("participant") if isinstance(body, dict) else None
        if isinstance(participant, str) and not self.context.answers_limit.allow(f"{code}:{digest(participant)}"):
            raise RateLimited("You are sending answers very quickly; wait a moment and try again.")
        outcome, receipt = await self.run(self.context.service.submit, code, body)
        self.reply(receipt, 201 if outcome == "stored" else 200)


class VotesHandler(ApiHandler):
    async def post(self, code: str) -> None:
        body = self.json_body()
        participant = body.get("participant") if isinstance(body, dict) else None
        # Limited like answers, in a bucket of its own: tapping through a list of questions
        # should not use up the allowance for asking one.
        if isinstance(participant, str) and not self.context.answers_limit.allow(f"{normalise_code(code)}:{digest(participant)}:votes"):
            raise RateLimited("You are voting very quickly; wait a moment and try again.")
        vote = await self.run(self.context.service.vote, code, body)
        self.reply(vote, 201 if vote["status"] == "counted" else 200)


class JoinHandler(ApiHandler):
    async def post(self, code: str) -> None:
        visitors = self.context.visitors
        caller = visitors.caller(self.request)
        # A new identity is charged to the caller's address: the page's, for a participant kernel (P9).
        self.reply(await self.run(self.context.service.join, code, self.json_body(), lambda: visitors.may_join(code, caller), self.language()))


class MyAnswersHandler(ApiHandler):
    async def post(self, code: str) -> None:
        self.reply(await self.run(self.context.service.my_answers, code, self.json_body()))


class MyGroupHandler(ApiHandler):
    async def post(self, code: str) -> None:
        self.reply(await self.run(self.context.service.my_group, code, self.json_body()))


class SessionWorkshopHandler(ApiHandler):
    async def get(self, code: str) -> None:
        await self.facilitator(code)
        self.reply(await self.run(self.context.service.workshop_data, code, self.language()))


class ModerationHandler(ApiHandler):
    async def get(self, code: str) -> None:
        await self.facilitator(code)
        self.reply(await self.run(self.context.service.moderation, code))


class SignalsHandler(ApiHandler):
    async def post(self, code: str) -> None:
        body = self.json_body()
        participant = body.get("participant") if isinstance(body, dict) else None
        bucket = f"{normalise_code(code)}:{digest(participant)}" if isinstance(participant, str) else None
        if bucket and self.context.pause_limit.exhausted(bucket):
            raise RateLimited("Your signal was already sent a moment ago; the facilitator has it.")
        await self.run(self.context.service.signal, code, body)
        if bucket:
            self.context.pause_limit.allow(bucket)  # only a signal that was counted uses the allowance
        self.reply({"status": "sent"}, 201)


class ResultsHandler(ApiHandler):
    async def get(self, code: str, activity: str) -> None:
        self.reply(await self.run(self.context.service.results, code, activity, self.language()))


class ControlHandler(ApiHandler):
    async def post(self, code: str) -> None:
        await self.facilitator(code)
        state = await self.run(self.context.service.control, code, self.json_body())
        self.context.notify(state["code"])
        self.reply(state)


class TallyHandler(ApiHandler):
    async def get(self, code: str) -> None:
        await self.facilitator(code, display=True)  # the projector shows counts with its display key
        self.reply(await self.run(self.context.service.tally, code, self.language()))


class ExportHandler(ApiHandler):
    async def get(self, code: str) -> None:
        await self.facilitator(code)
        fmt = self.get_query_argument("format", "json")
        if fmt not in ("json", "csv"):
            raise InvalidValue("The export format is csv or json.")
        text = self.get_query_argument("text", "false").lower() in ("1", "true", "yes")
        rows = await self.run(self.context.service.export, code, include_text=text)
        if fmt == "json":
            self.reply({"code": normalise_code(code), "answers": rows})
            return
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="huddle-{normalise_code(code)}.csv"')
        self.finish(rows_to_csv(rows))


class NotFoundHandler(ApiHandler):
    def prepare(self) -> None:
        raise NotFound("There is no API route at this address; see /huddle/api/v1/openapi.json.")


def handlers(context: ApiContext) -> list[tuple[str, type[RequestHandler], dict[str, Any]]]:
    """The API's tornado routes."""
    code = r"([^/]+)"
    routes = [
        (r"/health", HealthHandler),
        (r"/openapi.json", OpenApiHandler),
        (r"/workshops", WorkshopsHandler),
        (r"/workshops/([^/]+)", WorkshopHandler),
        (r"/support", SupportHandler),
        (r"/sessions", SessionsHandler),
        (r"/series/([^/]+)", SeriesHandler),
        (rf"/sessions/{code}", SessionHandler),
        (rf"/sessions/{code}/responses", ResponsesHandler),
        (rf"/sessions/{code}/votes", VotesHandler),
        (rf"/sessions/{code}/join", JoinHandler),
        (rf"/sessions/{code}/my-answers", MyAnswersHandler),
        (rf"/sessions/{code}/signals", SignalsHandler),
        (rf"/sessions/{code}/my-group", MyGroupHandler),
        (rf"/sessions/{code}/moderation", ModerationHandler),
        (rf"/sessions/{code}/workshop", SessionWorkshopHandler),
        (rf"/sessions/{code}/results/([^/]+)", ResultsHandler),
        (rf"/sessions/{code}/control", ControlHandler),
        (rf"/sessions/{code}/tally", TallyHandler),
        (rf"/sessions/{code}/export", ExportHandler),
        (r"/.*", NotFoundHandler),
    ]
    return [(PREFIX + path, handler, {"context": context}) for path, handler in routes]
