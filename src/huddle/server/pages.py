"""The notebook pages and their kernels' addresses, with the kernel budget and page binding of
``visitors.py`` applied.

- ``BudgetedPage`` serves a notebook page: it asks the budget first, and a page that may not
  have a kernel now gets a short, readable page saying why (503 "the room is full" or 429
  "several pages were opened from this device") instead of a hang. A facilitator's page that
  carries a working key is never turned away. The page that is given a kernel gets a secret in a
  cookie scoped to that kernel's own addresses.
- ``page_bound`` wraps the handlers of those addresses (kernel info, channels, shutdown, request
  info): they answer only a request carrying that kernel's page secret (L4).

The pages written here (a refusal, an error, the sign-in form) speak the language the browser
asks for first (``Accept-Language``), among those Huddle has, and say it in ``<html lang>``.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from jinja2 import Environment, Template, select_autoescape
from jupyter_core.utils import ensure_async
from jupyter_server._tz import utcnow
from jupyter_server.utils import url_path_join
from tornado.web import HTTPError, RequestHandler
from voila.tornado.handler import TornadoVoilaHandler

from ..binder import PARTICIPANT_NOTEBOOKS
from ..dashboard.access import read_link
from ..i18n import N_, _, accept_language, negotiate, ngettext, using
from ..model import HuddleError
from .signin import COOKIE as SIGN_IN_COOKIE, HOME_NOTEBOOK, SIGN_IN_PATH, SignIn
from .visitors import PAGE_COOKIE, Refusal, Visitors

#: The notebook whose pages are the facilitator's (control view and projector).
FACILITATOR_NOTEBOOK = "dashboard.ipynb"
#: The notebooks the server renders; every other path is a 404.
SERVED_NOTEBOOKS = frozenset({*PARTICIPANT_NOTEBOOKS, FACILITATOR_NOTEBOOK, HOME_NOTEBOOK})
#: Where a browser goes once signed in.
HOME_PAGE = "/voila/render/" + HOME_NOTEBOOK
#: The addresses of one kernel, below the server's base URL, that its page uses, each with the
#: name of the cookie scoped to it (a response can set only one cookie of a name).
KERNEL_PATHS = {
    f"{PAGE_COOKIE}-kernel": "api/kernels/{id}",
    f"{PAGE_COOKIE}-shutdown": "voila/api/shutdown/{id}",
    f"{PAGE_COOKIE}-query": "voila/query/{id}",
}
#: Seconds a turned-away visitor is asked to wait before trying again.
RETRY_AFTER = 60

_templates = Environment(autoescape=select_autoescape(default=True, default_for_string=True), extensions=["jinja2.ext.i18n"])
# The templates' text follows the language of the page being written (``using`` below).
_templates.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: _(message), ngettext=lambda one, many, n: ngettext(one, many, n), newstyle=True,
)

# The pages' headings and sentences are marked with N_ and translated when a page is written.
REFUSALS: dict[Refusal, tuple[int, str, str]] = {
    "full": (
        503,
        N_("The room is full right now"),
        N_("So many people are connected at this moment that the server cannot open another page. "
           "Please wait a minute, then try again."),
    ),
    "busy": (
        429,
        N_("Please wait a minute"),
        N_("Several pages were opened from this device in the last minute. "
           "Wait a minute, then try again, and keep using one tab."),
    ),
}


#: What a page that could not be served says, by status.
ERRORS = {
    403: (N_("This page is not open to you"), N_("The address may be incomplete. Use the link or QR code the facilitator shared.")),
    404: (N_("There is no page at this address"), N_("Check the address, or use the link or QR code the facilitator shared.")),
}
SERVER_TROUBLE = (N_("Something went wrong on the server"), N_("Please reload the page in a moment. Your answers so far are safe."))


def request_language(handler: RequestHandler) -> str:
    """The language to write a page in: the request's ``Accept-Language`` first choice that
    Huddle has, else the source language."""
    return negotiate(accept_language(handler.request.headers.get("Accept-Language")))


@lru_cache(maxsize=1)
def _message_template() -> Template:
    # Read and compiled once: a flood of refused visitors should cost the server nothing more.
    return _templates.from_string(resources.files(__package__).joinpath("templates/message.html").read_text())


def message_page(title: str, text: str, *, again: str = "", home: str = "/", language: str = "en") -> str:
    """A short page for a person: a heading, a sentence and one link (no script, nothing external).

    ``title`` and ``text`` are the English messages (as marked with ``N_``); the page shows them,
    and everything else it says, in ``language``.
    """
    with using(language):
        return _message_template().render(lang=language, title=_(title), text=_(text), again=again, home=home)


def refusal_page(reason: Refusal, again: str, language: str = "en") -> tuple[int, str]:
    """``(status, html)`` of the page shown instead of a notebook that cannot have a kernel now."""
    status, title, text = REFUSALS[reason]
    return status, message_page(title, text, again=again, language=language)


class _Announcing:
    """The kernel manager as one page request sees it: passes everything through, and reports
    the id of the kernel the page is given (started for it, or taken from the pool)."""

    def __init__(self, manager: Any, given: Callable[[str], None]) -> None:
        self._manager, self._given = manager, given

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
        self._given(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> Any:
        rendered = await self._manager.get_rendered_notebook(*args, **kwargs)
        self._given(rendered[2])  # (render task, rendered so far, kernel id): Voila 0.5, pinned
        return rendered


def signed_in(handler: RequestHandler) -> bool:
    """True when the request comes from a browser signed in to the facilitator home."""
    context = handler.settings.get("huddle_context")
    sign_in: SignIn | None = getattr(context, "sign_in", None)
    return bool(sign_in and sign_in.signed_in(handler.get_cookie(SIGN_IN_COOKIE)))


class BudgetedPage(TornadoVoilaHandler):
    """A notebook page, served only when the kernel budget allows it (see the module)."""

    _address: str | None = None
    _facilitator = False
    _admin = False

    @property
    def visitors(self) -> Visitors:
        return self.settings["huddle_visitors"]

    @property
    def kernel_manager(self) -> Any:  # type: ignore[override]
        return _Announcing(self.settings["kernel_manager"], self._kernel_given)

    async def get(self, path: str | None = None) -> None:  # type: ignore[override]
        if (path or "").strip("/") not in SERVED_NOTEBOOKS:
            # Only the pages people open are served: the programme lead's analysis notebook (and
            # anything else in the folder) is for JupyterLab, and would start a kernel for nothing.
            raise HTTPError(404)
        self._address = self.visitors.address(self.request)
        notebook = (path or "").strip("/")
        # The facilitator home, and a dashboard opened from it, are the signed-in admin's.
        self._admin = notebook in (HOME_NOTEBOOK, FACILITATOR_NOTEBOOK) and signed_in(self)
        if notebook == HOME_NOTEBOOK and not self._admin:
            self.redirect(SIGN_IN_PATH)
            return
        self._facilitator = self._admin or await self._facilitator_with_key(path)
        if not self._facilitator:
            refusal = self.visitors.may_open_page(self._address, self.settings["kernel_manager"].list_kernel_ids())
            if refusal is not None:
                self._refuse(refusal)
                return
        await super().get(path)

    async def _facilitator_with_key(self, path: str | None) -> bool:
        """True for the dashboard opened with a key that works: the facilitator always gets in."""
        if (path or "").strip("/") != FACILITATOR_NOTEBOOK:
            return False
        access = read_link(self.request.query)
        context = self.settings.get("huddle_context")
        if access is None or context is None:
            return False
        loop = asyncio.get_running_loop()
        try:
            check = lambda: context.service.check_key(access.code, access.key, display=access.view == "projector")
            await loop.run_in_executor(context.executor, check)
        except HuddleError:
            return False
        return True

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # Voila's own error page links a public CDN and, for some errors, names install paths.
        title, text = ERRORS.get(status_code, SERVER_TROUBLE)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Vary", "Accept-Language")
        self.finish(message_page(title, text, home=url_path_join(self.base_url, "voila/render/join.ipynb"), language=request_language(self)))

    def _refuse(self, reason: Refusal) -> None:
        status, html = refusal_page(reason, again=self.request.uri or "/", language=request_language(self))
        self.set_status(status)
        self.set_header("Retry-After", str(RETRY_AFTER))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Vary", "Accept-Language")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)

    def _kernel_given(self, kernel_id: str) -> None:
        # A pooled kernel may have waited longer than the cull time: counted from now, it is not
        # culled in the second before its page connects (which left that page hanging).
        kernel = self.settings["kernel_manager"].get_kernel(kernel_id)
        kernel.last_activity = utcnow()
        secret = self.visitors.page_given(kernel_id, self._address, participant=not self._facilitator, admin=self._admin)
        for name, path in KERNEL_PATHS.items():
            self.set_cookie(
                name, secret, path=url_path_join(self.base_url, path.format(id=kernel_id)),
                httponly=True, samesite="Strict", secure=self.request.protocol == "https",
            )


def page_bound(handler_class: type) -> type:
    """``handler_class`` answering only the page its kernel was given to (L4).

    The kernel id is the route's first argument; every method, a websocket's upgrade included,
    passes through ``prepare`` first, which is where the page's cookie is checked.
    """

    class PageBound(handler_class):  # type: ignore[misc, valid-type]
        def own_page(self) -> bool:
            """True when the request carries the secret of the page this kernel was given to."""
            kernel_id = self.path_kwargs.get("kernel_id") or (self.path_args[0] if self.path_args else "")
            visitors: Visitors = self.settings["huddle_visitors"]
            # Each cookie is scoped to one of the kernel's addresses, so the browser sends only that one.
            return any(visitors.page_matches(kernel_id, self.get_cookie(name)) for name in KERNEL_PATHS)

        def check_xsrf_cookie(self) -> None:
            # A page closing sends its kernel's shutdown as a beacon, which carries no XSRF token,
            # so every shutdown was refused and kernels waited for the culler. The page's secret
            # is a SameSite=Strict cookie scoped to this kernel: no other site can send it.
            if self.own_page():
                return
            super().check_xsrf_cookie()

        async def prepare(self, *args: Any, **kwargs: Any) -> None:
            # The handler's own preparation first: Jupyter's error pages need the user it sets.
            prepared = super().prepare(*args, **kwargs)
            if prepared is not None:
                await prepared
            if not self.own_page():
                raise HTTPError(403, "This kernel belongs to another page.")

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            # A short JSON answer: Jupyter's HTML error page is not there to render in Voila.
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"message": "This kernel belongs to another page." if status_code == 403 else "The kernel is not available."}))

    PageBound.__name__ = PageBound.__qualname__ = f"PageBound{handler_class.__name__}"
    return PageBound


@lru_cache(maxsize=1)
def _sign_in_template() -> Template:
    return _templates.from_string(resources.files(__package__).joinpath("templates/sign-in.html").read_text())


#: Seconds a wrong admin token waits for its answer, and once too many were tried.
WRONG_TOKEN_DELAY, LOCKED_TOKEN_DELAY = 0.5, 2.0
#: What the sign-in form says above itself (marked with N_, translated when the form is written).
SIGN_IN_PROBLEMS = {
    "lapsed": N_("This sign-in link has been used already or has lapsed. Type the admin token instead."),
    "wrong": N_("That is not this server's admin token. Check the admin-token file and try again."),
    "locked": N_("Too many wrong tokens were tried. Wait a few minutes, then try again."),
    "signed-out": N_("You are signed out."),
    "expired": N_("This form had expired. Type the admin token again."),
}


class SignInPage(RequestHandler):
    """The facilitator home's sign-in (signin.py): a one-time link signs the browser in at
    once; otherwise a form asks for the admin token. Everyone else gets only this form."""

    def initialize(self, context: Any) -> None:
        self.context = context

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Vary", "Accept-Language")
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

    @property
    def sign_in(self) -> SignIn:
        return self.context.sign_in

    def get(self) -> None:
        once = self.get_query_argument("once", None)
        if once is not None:
            if self.sign_in.use_code(once):
                self._signed_in()
            else:
                self._form("lapsed", 401)
            return
        if self.sign_in.signed_in(self.get_cookie(SIGN_IN_COOKIE)):
            self.redirect(HOME_PAGE)
            return
        self._form(self.get_query_argument("said", None), 200)

    async def post(self) -> None:
        # The form's XSRF value, checked here whatever the app's settings: another site must not
        # be able to sign a browser in (to a server of its choosing) behind its back.
        try:
            RequestHandler.check_xsrf_cookie(self)
        except HTTPError:
            self._form("expired", 403)
            return
        token = self.get_body_argument("token", "")
        if self.sign_in.token_matches(token[:200]):
            self._signed_in()
            return
        # Wrong tokens are answered slowly, and past a burst refused for a while (like wrong keys, H3).
        within = self.context.key_failures.allow("sign-in")
        await asyncio.sleep(WRONG_TOKEN_DELAY if within else LOCKED_TOKEN_DELAY)
        self._form("wrong" if within else "locked", 401 if within else 429)

    def _signed_in(self) -> None:
        # No expiry date: the cookie lasts for the browser session. Lax, not Strict, so that the
        # link opened from a terminal or an e-mail arrives signed in.
        self.set_cookie(
            SIGN_IN_COOKIE, self.sign_in.cookie_value(), path="/", httponly=True, samesite="Lax",
            secure=self.request.protocol == "https",
        )
        self.redirect(HOME_PAGE)

    def _form(self, problem: str | None, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        language = request_language(self)
        said = SIGN_IN_PROBLEMS.get(problem or "")
        with using(language):
            page = _sign_in_template().render(
                lang=language, problem=_(said) if said else "", action=SIGN_IN_PATH, xsrf=self.xsrf_form_html(),
            )
        self.finish(page)


class SignOutPage(RequestHandler):
    """Forget this browser's sign-in and show the sign-in form again."""

    def get(self) -> None:
        self.clear_cookie(SIGN_IN_COOKIE, path="/")
        self.set_header("Cache-Control", "no-store")
        self.redirect(SIGN_IN_PATH + "?said=signed-out")
