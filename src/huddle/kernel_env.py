"""The one contract between `huddle serve` and the kernels it starts: what a kernel is told.

Every page's kernel (participant, dashboard, reflection) learns its configuration from its
environment, and only from the variables named here. The server builds them once at start-up
(``KernelConfig``) and hands them to each kernel as it starts (``kernel_environment``); kernels
read them back with ``KernelConfig.current()``. The server's own environment is never rewritten.

| variable | what it tells the kernel |
| --- | --- |
| ``HUDDLE_API_URL`` | the API address of the server that started it (loopback when possible) |
| ``HUDDLE_BINDER_REPO`` | the GitHub repository Binder builds, when the site named one |
| ``IPYTHONDIR`` | Huddle's IPython profile folder (no input history), an absolute path |
| ``HUDDLE_ALLOWED_SERVERS`` | other Huddle servers (``https://host[:port]``, space-separated) a join link may name |
| ``HUDDLE_KERNEL_PASS`` | this kernel's own pass, sent with its calls to ``HUDDLE_API_URL`` (and nowhere else) so the server knows which page a call comes from; different for every kernel |

A page opened elsewhere (Binder, a JupyterHub user server) has none of these, and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

API_URL = "HUDDLE_API_URL"
BINDER_REPO = "HUDDLE_BINDER_REPO"
IPYTHON_DIR = "IPYTHONDIR"
ALLOWED_SERVERS = "HUDDLE_ALLOWED_SERVERS"
KERNEL_PASS = "HUDDLE_KERNEL_PASS"
#: The request header a kernel sends its pass in.
KERNEL_PASS_HEADER = "X-Huddle-Kernel"

#: Variables of the server's environment that may hold secrets: no kernel ever sees them.
SECRETS = ("HUDDLE_STORE", "DATABASE_URL", "PGPASSWORD", "HUDDLE_ADMIN_TOKEN")
#: What Voila tells a kernel about the request that started it: the page's address, whose query
#: string carries the dashboard's facilitator key (M2). Pages read their address from the browser.
REQUEST = ("QUERY_STRING", "VOILA_REQUEST_URL", "SCRIPT_NAME", "PATH_INFO")


@dataclass(frozen=True)
class KernelConfig:
    """What a kernel started by `huddle serve` is told."""

    api_url: str | None = None
    binder_repo: str | None = None
    ipython_dir: str | None = None
    allowed_servers: tuple[str, ...] = ()
    #: Set per kernel as it starts (the server's shared configuration has none).
    kernel_pass: str | None = None

    def variables(self) -> dict[str, str]:
        """The environment variables that carry this configuration (unset values left out)."""
        values = {API_URL: self.api_url, BINDER_REPO: self.binder_repo, IPYTHON_DIR: self.ipython_dir, ALLOWED_SERVERS: " ".join(self.allowed_servers), KERNEL_PASS: self.kernel_pass}
        return {name: value for name, value in values.items() if value}

    @classmethod
    def current(cls, environ: Mapping[str, str] | None = None) -> "KernelConfig":
        """The configuration this kernel was started with (empty outside `huddle serve`)."""
        env = os.environ if environ is None else environ
        return cls(
            api_url=env.get(API_URL) or None, binder_repo=env.get(BINDER_REPO) or None, ipython_dir=env.get(IPYTHON_DIR) or None,
            allowed_servers=tuple(env.get(ALLOWED_SERVERS, "").split()), kernel_pass=env.get(KERNEL_PASS) or None,
        )


def kernel_environment(inherited: Mapping[str, str], config: KernelConfig) -> dict[str, str]:
    """A kernel's environment: what it inherited, less every secret and every stale Huddle
    variable, plus ``config``."""
    ours = {API_URL, BINDER_REPO, IPYTHON_DIR, ALLOWED_SERVERS, KERNEL_PASS, *SECRETS, *REQUEST}
    env = {name: value for name, value in inherited.items() if name not in ours}
    env.update(config.variables())
    return env
