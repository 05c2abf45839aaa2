"""The server's admin token: random, kept in ``DIR/admin-token`` readable by the owner only."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..model.identity import digest, new_secret

FILENAME = "admin-token"


@dataclass(frozen=True)
class AdminToken:
    """The token, its digest, and whether it was created just now."""

    value: str
    digest: str
    created: bool


def ensure_admin_token(data_dir: str | Path) -> AdminToken:
    """Read the admin token from the data folder, creating it (mode 0600) on first use."""
    path = Path(data_dir) / FILENAME
    Path(data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    created = False
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(new_secret() + "\n")
        created = True
    os.chmod(path, 0o600)
    value = path.read_text().strip()
    return AdminToken(value, digest(value), created)
