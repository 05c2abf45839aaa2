"""Start real ``huddle serve`` processes on free ports for the tests, and talk to them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import requests.adapters
import websocket


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float = 30.0, interval: float = 0.05, message: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - keep polling through start-up errors
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}" + (f" (last error: {last_error})" if last_error else ""))


@dataclass
class Server:
    """A running ``huddle serve`` with its data folder and log."""

    data: Path
    port: int = field(default_factory=free_port)
    extra: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    banner_path: Path | None = None
    #: A whole command line to run instead of this environment's `huddle serve` (an install
    #: recipe's own), with the environment and folder it runs in.
    command: list[str] | None = None
    env: dict[str, str] | None = None
    cwd: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.base}/huddle/api/v1"

    @property
    def admin_token(self) -> str:
        return (self.data / "admin-token").read_text().strip()

    def start(self) -> "Server":
        self.log_path = self.data.parent / f"{self.data.name}-server.log"
        self.banner_path = self.data.parent / f"{self.data.name}-banner.txt"
        log = open(self.log_path, "ab")
        banner = open(self.banner_path, "ab")
        # A small kernel pool keeps the tests on the production path (pre-started kernels).
        argv = self.command or [sys.executable, "-m", "huddle.cli", "serve", "--port", str(self.port), "--data", str(self.data), "--pool-size", "2", "--binder-repo", "huddle-workshops/huddle", *self.extra]
        self.process = subprocess.Popen(
            argv,
            stdout=banner,  # what a facilitator's terminal shows: addresses and the admin token
            stderr=log,  # the server log proper
            env=self.env if self.env is not None else {**os.environ, "PYTHONUNBUFFERED": "1"},
            cwd=self.cwd,
        )
        wait_until(self._healthy, timeout=120, message=f"the server on port {self.port} to answer\n{self.log()}")
        return self

    def _healthy(self) -> bool:
        if self.process and self.process.poll() is not None:
            raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log()}")
        return requests.get(f"{self.api}/health", timeout=2).status_code == 200

    def log(self) -> str:
        """The server's log (standard error)."""
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def banner(self) -> str:
        """What the server printed for the person who started it (standard output)."""
        return self.banner_path.read_text(errors="replace") if self.banner_path and self.banner_path.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    # conveniences ----------------------------------------------------------------------

    def create_session(self, workshop: str = "demo") -> dict[str, str]:
        response = requests.post(f"{self.api}/sessions", json={"workshop": workshop}, headers={"Authorization": f"Bearer {self.admin_token}"}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def control(self, session: dict[str, str], action: str, **fields: Any) -> dict[str, Any]:
        response = requests.post(
            f"{self.api}/sessions/{session['code']}/control",
            json={"action": action, **fields},
            headers={"Authorization": f"Bearer {session['facilitator_key']}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def join(self, session: dict[str, str], participant: str, **fields: Any) -> requests.Response:
        """Join ``session`` as ``participant``, as the page does before its first answer."""
        return requests.post(f"{self.api}/sessions/{session['code']}/join", json={"participant": participant, **fields}, timeout=10)

    def answer(self, session: dict[str, str], activity: str, participant: str, value: Any = None, *, submission_id: str | None = None, skip: bool = False) -> requests.Response:
        """Answer as ``participant``, who joins first as the page does (joining again changes nothing)."""
        self.join(session, participant)
        body: dict[str, Any] = {"activity": activity, "participant": participant, "submission_id": submission_id or os.urandom(8).hex()}
        if skip:
            body["skip"] = True
        else:
            body["value"] = value
        return requests.post(f"{self.api}/sessions/{session['code']}/responses", json=body, timeout=10)

    def full_tally(self, session: dict[str, str]) -> dict[str, Any]:
        """The facilitator's tally as the API returns it."""
        response = requests.get(f"{self.api}/sessions/{session['code']}/tally", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def tally(self, session: dict[str, str]) -> dict[str, Any]:
        """The facilitator's tally entries, by activity id."""
        return {entry["id"]: entry for entry in self.full_tally(session)["activities"]}


def participant(n: int) -> str:
    """A well-formed participant token, different for each n."""
    return f"participant-{n:06d}-token"


# pages, as a browser fetches them ------------------------------------------------------------

class FromAddress(requests.adapters.HTTPAdapter):
    """Connections made from another local address (127.0.0.x), so the server sees a client
    other than itself: how the tests stand in for different devices."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def device(address: str | None = None) -> requests.Session:
    """An HTTP session standing for one device; from ``address`` (127.0.0.x) when given."""
    http = requests.Session()
    if address:
        http.mount("http://", FromAddress(address))
    return http


def kernel_id(page_html: str) -> str:
    """The id of the kernel a notebook page was given."""
    match = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', page_html) or re.search(r"kernel_id\W+([0-9a-f-]{36})", page_html)
    assert match, "no kernel id in the page"
    return match.group(1)


@dataclass
class KernelPage:
    """A notebook page as a browser fetched it: its kernel, and the device (with the page's
    cookies, which open that kernel's addresses and nobody else's)."""

    kernel: str
    http: requests.Session
    response: requests.Response

    def cookie(self, path: str) -> str:
        """The ``Cookie`` header the browser sends to ``path`` (e.g. ``/api/kernels/ID/channels``)."""
        prepared = requests.Request("GET", self.response.url.split("/voila/")[0] + path).prepare()
        return requests.cookies.get_cookie_header(self.http.cookies, prepared) or ""

    def channels(self, port: int, timeout: float = 30) -> websocket.WebSocket:
        """The kernel's websocket, opened with this page's cookies."""
        path = f"/api/kernels/{self.kernel}/channels"
        return websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout, cookie=self.cookie(path))


def open_page(url: str, http: requests.Session | None = None, timeout: float = 60) -> KernelPage:
    """Fetch a notebook page the way a browser does (one device: ``http``)."""
    http = http or device()
    response = http.get(url, timeout=timeout)
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return KernelPage(kernel_id(response.text), http, response)


def run_coroutine(coroutine: Any, timeout: float = 60) -> Any:
    """Run ``coroutine`` to its end on a new event loop in a thread of its own, and return its
    result (or raise its error): a browser test before it in the same worker may leave an event
    loop running in the test's thread, where ``asyncio.run`` refuses to start."""
    import asyncio

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed to the test's thread, which raises it
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"the coroutine did not finish in {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
