"""One process, one port: Voila serving the notebooks, plus the Huddle API in the same app.

We subclass standalone Voila rather than run as a jupyter-server extension: standalone Voila
only lets widget messages reach a kernel (R4), while the extension exposes the whole Jupyter
API, including code execution.
"""

from __future__ import annotations

import functools
import logging
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from tornado.ioloop import PeriodicCallback
from tornado.web import HTTPError, RedirectHandler, RequestHandler
from traitlets.config import Config
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.handlers import KernelHandler
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..content.support import load_support
from ..i18n import available
from ..kernel_env import KernelConfig
from ..model.identity import link_key_from, looks_like_code, normalise_code
from ..settings import SETTINGS, defaults
from ..service import Service
from ..store import Store
from . import logs
from .admin import ensure_admin_token
from .api import PREFIX, ApiContext, handlers
from .kernels import HuddleKernelManager, sockets_for
from .rendering import share_compiled_templates
from .pages import BudgetedPage, SignInPage, SignOutPage, page_bound
from .signin import SIGN_IN_PATH, SIGN_OUT_PATH, SignIn
from .static import compressed
from .visitors import Visitors, default_max_pages

log = logging.getLogger("huddle.server")

def notebooks_dir() -> Path:
    """The participant and facilitator notebooks: shipped in the wheel, or the repo's folder."""
    shipped = Path(__file__).resolve().parent.parent / "_notebooks"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "notebooks"


@dataclass(frozen=True)
class ServerOptions:
    """A running server's settings: one value per entry of ``huddle.settings.SETTINGS`` (read as
    attributes, ``options.port``), plus what is loaded from them."""

    values: Mapping[str, Any]
    #: The support resources shown to participants (the ``support`` setting's file, loaded).
    support: dict[str, Any] | None = None
    #: The same, in each interface language the file gives text in.
    support_languages: dict[str, dict[str, Any]] | None = None
    #: The notebooks folder (tests may serve their own).
    notebooks: Path | None = None

    @classmethod
    def from_settings(cls, values: Mapping[str, Any], **loaded: Any) -> "ServerOptions":
        """Options from ``{setting name: value}``; settings left out take their defaults."""
        by_name = {setting.name: setting for setting in SETTINGS}
        unknown = set(values) - set(by_name)
        assert not unknown, f"not settings: {sorted(unknown)}"
        merged = {**defaults(), **values}
        typed = {name: by_name[name].convert(value) for name, value in merged.items()}
        return cls(typed, **loaded)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def base_url(self) -> str:
        """The address printed for people: the public URL, else http://HOST:PORT."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = socket.gethostname()
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The API address kernels on this machine use (always loopback when possible)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "127.0.0.1", "localhost") else self.host
        return f"http://{host}:{self.port}{PREFIX}"


#: Voila routes this server does not offer: the login pages (there is no login; they crashed
#: rendering a template Voila does not ship) and the notebook listing (it names every notebook
#: and links a public CDN).
UNSERVED = re.compile(r"/(login|logout)\$?$|/voila/tree")
#: The largest request body any route accepts (the API's own limit is smaller, see api.py).
MAX_REQUEST_BODY = 1024 * 1024
#: The largest message a browser may send to its kernel: widget updates are small, and a 9 MB
#: one made a participant kernel grow by hundreds of megabytes (H2).
MAX_KERNEL_MESSAGE = 256 * 1024
#: What a page may load and where it may connect: only this server (no public CDN), scripts
#: inline and from blob:/data: URLs because Voila's page and anywidget's modules are built that
#: way, no plugins, no framing, no form posted elsewhere.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob: data:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
#: The notebook whose kernels are started ahead (see ``voila_config``).
POOLED_NOTEBOOK = "join.ipynb"
#: Seconds to wait before refilling the kernel pool after kernels were handed out, so that a
#: burst of arrivals gets the CPU first.
POOL_REFILL_DELAY = 2.0
#: Seconds a notebook being run (for a page, or ahead for the pool) may wait for a cell's output.
#: Filling a pool of 200 on two cores, outputs came later than 60 s: a notebook that waits
#: longer is only late, one that gives up hands out an empty page.
IOPUB_TIMEOUT = 300

_KERNEL_CONFIG = """\
# Written by huddle serve. Participant kernels run no user code, so they keep no history:
# that saves memory per kernel and a database file per visitor.
c.HistoryManager.enabled = False
# An error that reaches a page names what went wrong, never the files it happened in (L5).
c.InteractiveShell.xmode = "Minimal"
"""


def _kernel_profile(data: Path) -> Path:
    """An IPython folder for participant kernels, configured to stay light.

    The path is absolute: kernels run in the notebooks folder, where a relative IPYTHONDIR
    would point nowhere and IPython would fall back to a temporary folder without our profile.
    """
    folder = Path(data).resolve() / "ipython"
    profile = folder / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(_KERNEL_CONFIG)
    return folder


class KernelInfoOnly(KernelHandler):
    """A kernel's address answers GET only: a browser may not delete a kernel, its own or, with
    its id, anyone else's (L4). Pages close their kernel through /voila/api/shutdown."""

    def delete(self, kernel_id: str) -> None:
        raise HTTPError(405)


#: Voila's handlers and what serves their routes here instead.
BOUND: dict[type, type] = {
    KernelHandler: page_bound(KernelInfoOnly),
    VoilaKernelWebsocketHandler: page_bound(VoilaKernelWebsocketHandler),
    VoilaShutdownKernelHandler: page_bound(VoilaShutdownKernelHandler),
    RequestInfoSocketHandler: page_bound(RequestInfoSocketHandler),
    TornadoVoilaHandler: BudgetedPage,
}


class ShippedNotebooks(LargeFileManager):
    """The contents manager for Huddle's own notebooks, which are trusted as shipped.

    Jupyter checks a notebook's signature against a per-user database before it trusts stored
    outputs; our notebooks carry no outputs and are never edited through this server, so the
    check only printed "Notebook join.ipynb is not trusted" for every page served.
    """

    def mark_trusted_cells(self, nb: Any, path: str = "") -> None:
        self.notary.mark_cells(nb, True)


class ShortJoin(RequestHandler):
    """``/K7MPX4``, the join address the projector shows: sent on to that session's join page.
    Six characters that are not a code get the usual 404."""

    def get(self, typed: str) -> None:
        code = normalise_code(typed)
        if not looks_like_code(code):
            raise HTTPError(404)
        self.redirect(f"/voila/render/join.ipynb?code={code}")


class HuddleVoila(Voila):
    """Voila with the Huddle API routes put in front of its own."""

    name = "huddle"
    huddle_context: ApiContext | None = None

    def init_settings(self) -> dict:
        settings = super().init_settings()
        share_compiled_templates()
        # Voila makes its contents manager here and offers no setting for its class.
        self.contents_manager = settings["contents_manager"] = ShippedNotebooks(parent=self)
        # Only widget traffic reaches a kernel (R4). Voila also lets a page send shutdown_request,
        # whose "restart" starts a new kernel process (L4); a page's own shutdown goes through
        # /voila/api/shutdown instead, so the message type is dropped.
        self.kernel_manager.allowed_message_types = [t for t in self.kernel_manager.allowed_message_types if t != "shutdown_request"]
        manager = self.kernel_manager
        if hasattr(manager, "fill_if_needed") and getattr(manager, "kernel_pools_config", {}).get(POOLED_NOTEBOOK, {}).get("pool_size"):
            # Refills follow the room instead of starting a second full pool (kernels.pool_target).
            manager.fill_if_needed = manager.fit_pool(manager.fill_if_needed, POOLED_NOTEBOOK)
            # Refills run their notebooks a CPU's worth at a time (the first fill is already
            # queued by Voila when this runs: the spacing of kernel starts paces that one).
            manager._initialize = manager.limit_prerun(manager._initialize)
        assert self.huddle_context is not None
        # The pages, the kernels' addresses and the kernel manager share one registry (visitors.py).
        settings["huddle_context"] = self.huddle_context
        settings["huddle_visitors"] = self.kernel_manager.visitors = self.huddle_context.visitors
        return settings

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        # Our index.html.j2 comes first; it extends Voila's lab page (see the template).
        self.template_paths.insert(0, str(Path(__file__).parent / "templates"))

    def init_handlers(self) -> list:
        assert self.huddle_context is not None
        # Voila's listen() passes no server options, so tornado would buffer a 100 MB body before
        # any handler could refuse it: the limits go where the bytes arrive (the API also streams
        # its bodies and stops at its own, smaller limit).
        self.app.listen = functools.partial(self.app.listen, max_body_size=MAX_REQUEST_BODY, max_buffer_size=MAX_REQUEST_BODY)
        ours: list[Any] = handlers(self.huddle_context)
        ours.append((SIGN_IN_PATH, SignInPage, {"context": self.huddle_context}))
        ours.append((SIGN_OUT_PATH, SignOutPage))
        # The root of the server is the join page, not a listing of notebooks.
        ours.append((r"/", RedirectHandler, {"url": "/voila/render/join.ipynb"}))
        # A session's short address, which a room can type from the projector (huddle.example.edu/K7MPX4).
        ours.append((r"/([A-Za-z0-9]{6})/?", ShortJoin))
        theirs = []
        for route in super().init_handlers():
            pattern, handler_class, *rest = route
            if UNSERVED.search(pattern):
                continue
            # A kernel's addresses answer only the page it was given to (L4); pages ask the budget (H2).
            handler_class = BOUND.get(handler_class, handler_class)
            if isinstance(handler_class, type) and pattern.rstrip("$").endswith("(.*)") and "/voila/render" not in pattern:
                handler_class = compressed(handler_class)
            theirs.append((pattern, handler_class, *rest))
        return ours + theirs


def kernel_config(options: ServerOptions) -> KernelConfig:
    """What this server's kernels are told (huddle.kernel_env), made once at start-up."""
    # The dashboard's kernel offers Binder links only when the site says which repository Binder builds.
    return KernelConfig(
        api_url=options.api_url, binder_repo=options.binder_repo, ipython_dir=str(_kernel_profile(options.data)),
        allowed_servers=options.allow_server,
    )


def voila_config(options: ServerOptions, kernels: KernelConfig) -> Config:
    """Traitlets configuration for the Voila app."""
    config = Config()
    config.Voila.ip = options.host
    config.Voila.port = options.port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.root_dir = str(options.notebooks or notebooks_dir())
    # Pages and API answers are compressed on the fly; static files are compressed once (static.py).
    # The dashboard's address carries the facilitator key: never send it on as a Referer.
    config.Voila.tornado_settings = {
        "log_function": logs.log_request, "compress_response": True,
        "headers": {"Referrer-Policy": "no-referrer", "Content-Security-Policy": CONTENT_SECURITY_POLICY},
        "websocket_max_message_size": MAX_KERNEL_MESSAGE,
        # The XSRF cookie lasts as long as the browser session, not Tornado's 30 days.
        "xsrf_cookie_kwargs": {"expires_days": None},
    }
    # Jupyter names every visitor ("Anonymous Hermippe") in a cookie kept 30 days; keep it for
    # the browser session only, so a shared computer keeps nothing of a participant's visit.
    config.IdentityProvider.cookie_options = {"expires_days": None}
    config.VoilaConfiguration.show_tracebacks = False
    # Every kernel, pooled or not, starts through this manager with the kernel-environment contract.
    config.VoilaConfiguration.multi_kernel_manager_class = HuddleKernelManager
    config.HuddleKernelManager.kernel_variables = kernels.variables()
    config.HuddleKernelManager.memory_limit_mb = options.kernel_memory_mb
    # ZeroMQ's default of 1,023 sockets runs out near 125 live pages ("Too many open files").
    config.HuddleKernelManager.max_sockets = sockets_for(max_pages(options) + options.pool_size)
    # A pooled kernel's notebook runs while the room is busy: Voila's default 4 s wait for the
    # output of a cell was not enough under a burst, and the page was handed out with it empty.
    config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    if options.pool_size > 0:
        # Kernels started ahead, with the participant notebook already run up to the point
        # where it waits for its browser: a room joining within one second is served at once.
        config.VoilaConfiguration.preheat_kernel = True
        config.VoilaKernelManager.kernel_pools_config = {
            "default": {"pool_size": 0},
            POOLED_NOTEBOOK: {"pool_size": options.pool_size},
        }
        # Refill after the burst, not during it: new kernels would take the CPU the room needs.
        config.VoilaKernelManager.fill_delay = POOL_REFILL_DELAY
    # TCP ports for kernel channels collide now and then under a burst of starts
    # ("Address already in use"); Unix sockets in the connection folder do not.
    config.KernelManager.transport = "ipc"
    # Closed tabs never shut their kernel down (voila#1458), so cull kernels nobody is connected to.
    config.MappingKernelManager.cull_idle_timeout = options.cull_idle_seconds
    config.MappingKernelManager.cull_interval = max(1, min(60, options.cull_idle_seconds // 2))
    config.MappingKernelManager.cull_connected = False
    return config


def build_server(options: ServerOptions, store: Store) -> HuddleVoila:
    """A configured, not yet started, server over ``store``.

    The server's own environment is left as it is: kernels get theirs from the kernel manager,
    without secrets, so nothing depends on when the store read its password.
    """
    token = ensure_admin_token(options.data)
    service = Service(store, k=options.k, retention_days=options.retention_days, link_key=link_key_from(token.value))
    context = ApiContext(
        service=service, admin_digest=token.digest, public_url=options.public_url,
        support=options.support or load_support(region=options.support_region).to_data(),
        support_languages=options.support_languages or {
            language: load_support(region=options.support_region, language=language).to_data() for language in available()
        },
        # As many store threads as the store can serve at once: one for SQLite, a pool's worth for PostgreSQL.
        executor=ThreadPoolExecutor(store.concurrency, thread_name_prefix="huddle-store"),
        visitors=Visitors(
            max_pages=max_pages(options),
            starts_per_minute=options.kernel_starts_per_minute, joins_per_address=options.joins_per_address,
            address_header=options.client_address_header,
        ),
        sign_in=SignIn(token.value),
    )
    app = HuddleVoila(config=voila_config(options, kernel_config(options)))
    app.huddle_context = context
    app.initialize([])
    return app


def max_pages(options: ServerOptions) -> int:
    """How many participant pages may hold a kernel at once (``--max-kernels``, else from memory)."""
    return options.max_kernels or default_max_pages(options.pool_size)


def pool_status(app: HuddleVoila, notebook: str = POOLED_NOTEBOOK) -> tuple[int, int]:
    """``(ready, failed)``: pooled kernels that have started and run their notebook up to the
    browser's turn, and those whose start failed (they will not come).

    Voila keeps its pool as a list of tasks per notebook (``_pools``, Voila 0.5, pinned); each
    finished task holds the notebook's own run, which must have finished too before a page can
    be served at once.
    """
    pool = getattr(app.kernel_manager, "_pools", {}).get(notebook, [])
    ready = failed = 0
    for task in pool:
        if not task.done():
            continue
        if task.cancelled() or task.exception() is not None:
            failed += 1
        elif task.result()["task"].done():
            ready += 1
    return ready, failed


def run(
    app: HuddleVoila,
    on_ready: Callable[[], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    pool_size: int = 0,
) -> None:
    """Start serving (blocks). Expires old sessions now and every hour (P6).

    With a kernel pool, ``on_progress(ready, pool_size)`` is called as pooled kernels become
    ready and ``on_ready`` once all are, which is when a room can really join; without one,
    ``on_ready`` is called as soon as the server listens.
    """
    context = app.huddle_context
    assert context is not None

    def expire() -> None:
        future = context.executor.submit(context.service.expire)
        future.add_done_callback(lambda f: f.result() and log.info("Purged %d expired session(s)", len(f.result())))

    def started() -> None:
        expire()
        PeriodicCallback(expire, 60 * 60 * 1000).start()
        if pool_size <= 0:
            if on_ready:
                on_ready()
            return
        last = -1

        def check_pool() -> None:
            nonlocal last
            ready, failed = pool_status(app)
            ready = min(ready, pool_size)
            if ready != last and on_progress:
                on_progress(ready, pool_size)
            last = ready
            if ready + failed >= pool_size:
                watcher.stop()
                if failed:
                    log.error("%d of %d participant kernels did not start; the server log above says why", failed, pool_size)
                if on_ready:
                    on_ready()

        watcher = PeriodicCallback(check_pool, 200)
        watcher.start()
        check_pool()

    from tornado.ioloop import IOLoop

    IOLoop.current().add_callback(started)
    app.start()
