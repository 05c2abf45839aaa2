"""A simulated participant that speaks the widget protocol, as a browser's page does, without a browser.

It does what a real join page does on the wire, in the order the page does it:

1. fetches the join page (``GET /voila/render/join.ipynb?code=...``), which names the page's
   kernel and sets the page's cookies for that kernel's addresses;
2. opens the kernel's websocket (``/api/kernels/ID/channels``) with those cookies;
3. asks for every widget's state through the ``jupyter.widget.control`` comm, as the Voila
   page's widget manager does, and then follows every ``comm_open``, ``update`` and
   ``comm_close`` the kernel sends;
4. sends the browser's part of the ``Presence`` widget (the anonymous token, the query string,
   the browser's languages), as ``presence.js`` does;
5. presses "Join" and answers through widget messages (a radio button's ``index``, then a click
   on "Send answer").

Everything received is counted (messages and bytes), so a benchmark can say what one change of
the room costs each participant. Built on tornado (already installed with Voila): one asyncio
loop holds hundreds of participants.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, Callable
from urllib.parse import urlsplit

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

#: The websocket protocol JupyterLab's services (and so Voila's page) ask for.
SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
#: Each screen's heading carries its number (``data-huddle-heading='screen-2'``).
SCREEN = re.compile(r"data-huddle-heading='screen-(\d+)'")
CONTROL_TARGET = "jupyter.widget.control"
PROTOCOL_VERSION = "2.1.0"
CONTROL_VERSION = "1.0.0"


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def decode(frame: str | bytes) -> dict[str, Any]:
    """One websocket frame from jupyter_server as a message dict. Pages speak the
    ``v1.kernel.websocket.jupyter.org`` protocol (binary: a table of offsets, the channel, then
    the message's parts as the kernel sent them), which the server relays without decoding."""
    if isinstance(frame, str):  # the legacy JSON protocol, should the server not offer v1
        return json.loads(frame)
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, parent, metadata, content = (json.loads(part) for part in parts[:4])
    return {"channel": channel, "header": header, "msg_type": header.get("msg_type"), "parent_header": parent,
            "metadata": metadata, "content": content, "buffers": parts[4:]}


def encode(message: dict[str, Any]) -> bytes:
    """A message to the kernel in the v1 protocol."""
    parts = [json.dumps(message[name]).encode("utf-8") for name in ("header", "parent_header", "metadata", "content")]
    return serialize_msg_to_ws_v1(parts, message["channel"])


@dataclass
class Counter:
    """What a participant received: messages and bytes, since it was last reset."""

    messages: int = 0
    bytes: int = 0

    def reset(self) -> tuple[int, int]:
        taken = (self.messages, self.bytes)
        self.messages = self.bytes = 0
        return taken


@dataclass
class SimParticipant:
    """One simulated participant on one join page (see the module's docstring)."""

    base: str
    code: str
    languages: list[str] = field(default_factory=lambda: ["en-GB", "en"])
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    kernel_id: str = ""
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: Counter = field(default_factory=Counter)
    times: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._session = uuid.uuid4().hex
        self._socket: Any = None
        self._v1 = False
        self._cookies = ""
        self._changed = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self._control = uuid.uuid4().hex

    # the wire ----------------------------------------------------------------------------------

    async def fetch_page(self, client: AsyncHTTPClient, timeout: float = 120) -> float:
        """GET the join page; returns the seconds it took. Raises when no kernel is named."""
        started = time.monotonic()
        response = await client.fetch(f"{self.base}/voila/render/join.ipynb?code={self.code}", request_timeout=timeout, raise_error=False,
                                      headers={"Accept-Language": ",".join(self.languages)})
        elapsed = time.monotonic() - started
        if response.code != 200:
            raise RuntimeError(f"join page answered {response.code}")
        found = KERNEL_ID.search(response.body.decode("utf-8", "replace"))
        if not found:
            raise RuntimeError("the join page names no kernel")
        self.kernel_id = found.group(1)
        jar = SimpleCookie()
        for header in response.headers.get_list("Set-Cookie"):
            jar.load(header)
        self._cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
        self.times["html"] = elapsed
        return elapsed

    async def connect(self, timeout: float = 60) -> None:
        """Open the kernel's websocket and start reading it."""
        parts = urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        url = f"{scheme}://{parts.netloc}/api/kernels/{self.kernel_id}/channels?session_id={self._session}"
        request = HTTPRequest(url, headers={"Cookie": self._cookies, "Origin": self.base}, connect_timeout=timeout, request_timeout=timeout)
        self._socket = await websocket_connect(request, max_message_size=64 * 1024 * 1024, subprotocols=[SUBPROTOCOL])
        self._v1 = self._socket.selected_subprotocol == SUBPROTOCOL
        self._reader = asyncio.ensure_future(self._read())

    def _send(self, msg_type: str, content: dict[str, Any], channel: str = "shell", version: str = PROTOCOL_VERSION) -> None:
        message = {
            "header": {"msg_id": uuid.uuid4().hex, "username": "", "session": self._session, "msg_type": msg_type, "version": "5.3", "date": _now()},
            "parent_header": {}, "metadata": {"version": version} if msg_type.startswith("comm") else {},
            "content": content, "channel": channel, "buffers": [],
        }
        if self._v1:
            self._socket.write_message(encode(message), binary=True)
        else:
            self._socket.write_message(json.dumps(message))

    def comm_send(self, comm_id: str, data: dict[str, Any]) -> None:
        """A ``comm_msg`` to one widget (or to the control comm)."""
        self._send("comm_msg", {"comm_id": comm_id, "data": data})

    async def _read(self) -> None:
        while True:
            frame = await self._socket.read_message()
            if frame is None:
                return
            self.received.messages += 1
            self.received.bytes += len(frame)
            try:
                self._take(decode(frame))
            except (ValueError, KeyError, IndexError) as error:
                self.errors.append(f"unreadable message: {error}")

    def _take(self, message: dict[str, Any]) -> None:
        kind = message.get("msg_type") or message.get("header", {}).get("msg_type")
        content = message.get("content") or {}
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg":
            data = content.get("data") or {}
            method = data.get("method")
            if method == "update" and content.get("comm_id") in self.models:
                self.models[content["comm_id"]].update(data.get("state") or {})
            elif method == "update_states":
                for comm_id, entry in (data.get("states") or {}).items():
                    self.models.setdefault(comm_id, {}).update(entry.get("state") or {})
        elif kind == "comm_close":
            self.models.pop(content.get("comm_id"), None)
        else:
            return
        self._changed.set()

    async def until(self, test: Callable[[], Any], timeout: float) -> Any:
        """Wait until ``test()`` is truthy, checking after every message; its value, or raises
        ``TimeoutError``."""
        deadline = time.monotonic() + timeout
        while True:
            found = test()
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    # what a page shows --------------------------------------------------------------------------

    def find(self, model: str, **state: Any) -> str | None:
        """The comm id of a widget of ``model`` (``"ButtonModel"``) whose state has ``state``."""
        for comm_id, values in self.models.items():
            if values.get("_model_name") == model and all(values.get(k) == v for k, v in state.items()):
                return comm_id
        return None

    def shows(self, text: str) -> bool:
        """True when some HTML widget's value, or some button, holds ``text``."""
        for values in self.models.values():
            if text in str(values.get("value", "")) or text in str(values.get("description", "")):
                return True
        return False

    def screen(self) -> int:
        """The number of the newest screen the page has drawn (1: the privacy notice)."""
        found = [int(n) for values in self.models.values() for n in SCREEN.findall(str(values.get("value", "")))]
        return max(found, default=0)

    # what a participant does --------------------------------------------------------------------

    async def load_widgets(self, timeout: float = 60) -> None:
        """Ask for every widget's state (the page's widget manager does this once it loads)."""
        self._send("comm_open", {"comm_id": self._control, "target_name": CONTROL_TARGET, "data": {}}, version=CONTROL_VERSION)
        self.comm_send(self._control, {"method": "request_states"})
        await self.until(self._presence, timeout)

    def _presence(self) -> str | None:
        for comm_id, values in self.models.items():
            if "token" in values and "query" in values and "href" in values:
                return comm_id
        return None

    async def introduce(self) -> None:
        """Send the browser's part of ``Presence``: token, query string, address, languages."""
        presence = self._presence()
        if presence is None:
            raise RuntimeError("the page has no Presence widget")
        state = {"languages": self.languages, "language": "", "token": self.token, "query": f"?code={self.code}",
                 "href": f"{self.base}/voila/render/join.ipynb"}
        self.comm_send(presence, {"method": "update", "state": state, "buffer_paths": []})

    def click(self, label: str) -> None:
        """Press the button that says ``label``."""
        button = self.find("ButtonModel", description=label)
        if button is None:
            raise RuntimeError(f"no button says {label!r}")
        self.comm_send(button, {"method": "custom", "content": {"event": "click"}})

    def choose(self, label: str) -> None:
        """Pick the radio option that says ``label``."""
        for comm_id, values in self.models.items():
            if values.get("_model_name") == "RadioButtonsModel" and label in (values.get("_options_labels") or []):
                index = values["_options_labels"].index(label)
                self.models[comm_id]["index"] = index
                self.comm_send(comm_id, {"method": "update", "state": {"index": index}, "buffer_paths": []})
                return
        raise RuntimeError(f"no option says {label!r}")

    async def join(self, client: AsyncHTTPClient, timeout: float = 120) -> None:
        """Everything from the join link to the session's first screen ("You're in", or the
        activity open now), with the time of each part in ``times``: ``html`` (the page),
        ``ready`` (its widgets and a usable Join button), ``in`` (Join pressed to that screen)."""
        started = time.monotonic()
        await self.fetch_page(client, timeout)
        await self.connect(timeout)
        await self.load_widgets(timeout)
        await self.introduce()
        await self.until(lambda: self.find("ButtonModel", description="Join"), timeout)
        self.times["ready"] = time.monotonic() - started
        pressed = time.monotonic()
        before = self.screen()
        self.click("Join")
        await self.until(lambda: self.screen() > before, timeout)
        self.times["in"] = time.monotonic() - pressed

    async def answer(self, label: str, timeout: float = 60) -> None:
        """Pick ``label`` and press Send; returns once the page says it was received."""
        self.choose(label)
        await self.until(lambda: self.find("ButtonModel", description="Send answer", disabled=False), timeout)
        self.click("Send answer")
        await self.until(lambda: self.shows("Received"), timeout)

    async def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
