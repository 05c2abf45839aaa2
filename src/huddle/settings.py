"""Every server setting, defined once: name, default, help and its own check. The CLI, the
server's options and the README use this table."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from .binder import is_repo
from .model.suppression import DEFAULT_K, MIN_K
from .service import DEFAULT_RETENTION_DAYS

#: A setting's check: None when the value is fine, else why not (said after the flag).
Check = Callable[[Any], "str | None"]


def at_least(minimum: int, why: str = "") -> Check:
    """A check that a whole number is at least ``minimum``."""
    return lambda value: None if value >= minimum else f"cannot be below {minimum} (it was {value}){why}"


def between(low: int, high: int) -> Check:
    """A check that a whole number lies between ``low`` and ``high``."""
    return lambda value: None if low <= value <= high else f"must be between {low} and {high}, not {value}"


def optional(check: Check) -> Check:
    """``check`` for a setting whose value may be left unset (None)."""
    return lambda value: None if value is None else check(value)


def _server(value: Any) -> str | None:
    from .participant.query import server_origin

    try:
        server_origin(str(value))
    except ValueError:
        return f"must be the address of a Huddle server, like https://huddle.example.edu, not {value!r}"
    return None


def _repository(value: Any) -> str | None:
    return None if value is None or is_repo(value) else f"must look like OWNER/NAME, not {value!r}"


@dataclass(frozen=True)
class Setting:
    """One setting of ``huddle serve`` (and ``huddle demo``)."""

    name: str
    default: Any
    help: str
    type: type = str
    #: An environment variable that gives the default, for values that should stay off the command line.
    env: str | None = None
    #: What a value must be; None accepts any value of ``type``.
    check: Check | None = None
    #: Given any number of times (``--allow-server A --allow-server B``); the value is a tuple.
    repeatable: bool = False

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is refused, as a phrase after the flag (``--k must be ...``), or None."""
        values = (value or ()) if self.repeatable else (value,)
        reason = next((r for r in (self.check(v) for v in values) if r), None) if self.check else None
        return f"{self.flag} {reason}" if reason else None

    def convert(self, value: Any) -> Any:
        """``value`` in this setting's type (a default is written as text, like a flag)."""
        if self.repeatable:
            return tuple(self.type(v) for v in value or ())
        return value if value is None else self.type(value)

    @property
    def current_default(self) -> Any:
        """The default in force: the environment variable's value when it is set, else ``default``."""
        return (os.environ.get(self.env) if self.env else None) or self.default

    @property
    def flag(self) -> str:
        """The command-line flag, e.g. ``--retention-days``."""
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "address to listen on; use 0.0.0.0 to let phones on the local network join"),
    Setting("port", 8866, "port for the pages and the API", int, check=between(1, 65535)),
    Setting("data", "./huddle-data", "data folder holding the SQLite file and the admin token", Path),
    Setting("store", None, "database URL for the scale-out store (postgresql://...), also read from HUDDLE_STORE so a password stays out of the process list; default: SQLite in --data", env="HUDDLE_STORE"),
    Setting("public_url", None, "address participants use to reach this server (e.g. https://huddle.example.org); default: http://HOST:PORT"),
    Setting("k", DEFAULT_K, f"fewest answers before any distribution is shown (never below {MIN_K})", int, check=at_least(MIN_K, ": smaller groups could identify people")),
    Setting("retention_days", DEFAULT_RETENTION_DAYS, "days after its start when a session and every answer in it are purged", int, check=at_least(1)),
    Setting("support", None, "support resources file (YAML) to show participants; default: the bundled list"),
    Setting("support_region", None, "region whose support entries participants see (a code from the support file's regions, e.g. us, uk, au); default: every region, with a \"Where are you?\" choice on the sheet"),
    Setting("pool_size", 30, "participant kernels kept started and ready, so a room joining at once is served at once (0: start on demand)", int, check=between(0, 200)),
    Setting("allow_server", (), "another Huddle server (https://host) a join link on this server may send answers to; repeat for several; default: none, links name only this server", check=_server, repeatable=True),
    Setting("binder_repo", None, "GitHub repository (OWNER/NAME) Binder builds; the dashboard then also offers Binder links to share", check=_repository),
    Setting("max_kernels", None, "most participant pages open at once, each holding a kernel; more visitors see \"the room is full, try again in a minute\" (a facilitator with a working link always gets in); default: from this machine's memory, about 80 MiB a page", int, check=optional(at_least(1))),
    Setting("kernel_starts_per_minute", 20, "pages one client address may open in a minute; more see \"please wait a minute\" (0: no limit)", int, check=at_least(0)),
    Setting("joins_per_address", 3, "new participant identities one client address may bring into a session (refilled over an hour), so one device cannot outvote k-suppression with made-up identities; raise it when many people reach the server through one shared address", int, check=at_least(1)),
    Setting("kernel_memory_mb", 512, "most private memory (MiB) one page's kernel may hold (0: no limit)", int, check=at_least(0)),
    Setting("client_address_header", None, "the request header the reverse proxy puts the client's address in (e.g. X-Real-IP), for the per-address limits; set it only when every request comes through that proxy. Without it a proxy on this machine is not limited per address"),
    Setting("cull_idle_seconds", 60, "shut down a participant kernel this long after its page was closed or lost its connection (a reloaded page comes straight back)", int, check=at_least(2)),
)


def setting(name: str) -> Setting:
    """The setting called ``name``."""
    return next(s for s in SETTINGS if s.name == name)


def defaults() -> dict[str, Any]:
    """``{name: default}`` for every setting."""
    return {setting.name: setting.default for setting in SETTINGS}


def problems(values: Mapping[str, Any]) -> list[str]:
    """Every refused value among ``values`` (``{name: value}``), each as one sentence."""
    return [problem for setting in SETTINGS if setting.name in values and (problem := setting.problem(values[setting.name]))]

