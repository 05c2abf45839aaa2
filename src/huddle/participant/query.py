"""Reading the join parameters from the page's query string."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from ..i18n import N_, _
from ..kernel_env import KernelConfig

API_PATH = "/huddle/api/v1"


def join_params(query: str) -> dict[str, str]:
    """``{"code", "server", "region"}`` from a query string (those given); Jupyter's ``token=`` is ignored."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {name: values[-1].strip() for name, values in parsed.items() if name in ("code", "server", "region") and values}


#: Said on the page (translated when raised) when a join link's ``server=`` cannot be followed.
NOT_A_SERVER = N_("The join link's server address is not a web address. Ask the facilitator for a new link.")
NOT_ALLOWED = N_("This join link sends your answers to another server, which this site does not allow. Ask the facilitator for the room's own link.")


def server_origin(server: str) -> str:
    """``scheme://host[:port]`` of a ``server=`` parameter; ``ValueError`` for anything that is
    not the plain address of a server (a path, query, fragment or user name could steer the
    page's requests elsewhere)."""
    parts = urlsplit(server.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise ValueError(_(NOT_A_SERVER))
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(_(NOT_A_SERVER))
    try:
        port = parts.port
    except ValueError as error:
        raise ValueError(_(NOT_A_SERVER)) from error
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


def api_url_for(server: str | None, config: KernelConfig | None = None) -> str | None:
    """The API address a page sends to.

    Without ``server=`` it is the server this page came from (its kernel was told). A page
    served by a Huddle server follows ``server=`` only to itself or to a server the site allows
    (``--allow-server``); a page from elsewhere (Binder, a JupyterHub) needs ``server=``.
    """
    config = config or KernelConfig.current()
    if not server:
        return config.api_url
    origin = server_origin(server)
    if config.api_url:
        allowed = {server_origin(config.api_url.removesuffix(API_PATH))}
        allowed.update(server_origin(a) for a in config.allowed_servers)
        if origin not in allowed:
            raise ValueError(_(NOT_ALLOWED))
    return origin + API_PATH
