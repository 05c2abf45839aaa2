"""Reading the join parameters from the page's query string."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from ..kernel_env import KernelConfig

API_PATH = "/huddle/api/v1"


def join_params(query: str) -> dict[str, str]:
    """``{"code": ..., "server": ...}`` from a query string; Jupyter's ``token=`` is ignored."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {name: values[-1].strip() for name, values in parsed.items() if name in ("code", "server") and values}


def api_url_for(server: str | None) -> str | None:
    """The API address for a ``server=`` parameter (a Binder page joining a live session).

    None means "the server this page came from" (its address is in the kernel's environment).
    """
    if not server:
        return KernelConfig.current().api_url
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("The join link's server address is not a web address. Ask the facilitator for a new link.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}{API_PATH}"
