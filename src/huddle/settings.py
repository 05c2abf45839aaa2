"""Every server setting, defined once: name, default, help. The CLI, server and README use this."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One setting of ``huddle serve`` (and ``huddle demo``)."""

    name: str
    default: Any
    help: str
    type: type = str
    #: An environment variable that gives the default, for values that should stay off the command line.
    env: str | None = None

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
    Setting("port", 8866, "port for the pages and the API", int),
    Setting("data", "./huddle-data", "data folder holding the SQLite file and the admin token"),
    Setting("store", None, "database URL for the scale-out store (postgresql://...), also read from HUDDLE_STORE so a password stays out of the process list; default: SQLite in --data", env="HUDDLE_STORE"),
    Setting("public_url", None, "address participants use to reach this server (e.g. https://huddle.example.org); default: http://HOST:PORT"),
    Setting("k", 5, "fewest answers before any distribution is shown (never below 3)", int),
    Setting("retention_days", 30, "days after its start when a session and every answer in it are purged", int),
    Setting("support", None, "support resources file (YAML) to show participants; default: the bundled list"),
    Setting("pool_size", 30, "participant kernels kept started and ready, so a room joining at once is served at once (0: start on demand)", int),
    Setting("binder_repo", None, "GitHub repository (OWNER/NAME) Binder builds; the dashboard then also offers Binder links to share"),
    Setting("cull_idle_seconds", 600, "shut down a participant kernel this long after its page was closed", int),
)


def setting(name: str) -> Setting:
    """The setting called ``name``."""
    return next(s for s in SETTINGS if s.name == name)


def defaults() -> dict[str, Any]:
    """``{name: default}`` for every setting."""
    return {setting.name: setting.default for setting in SETTINGS}
