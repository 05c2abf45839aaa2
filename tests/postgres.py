"""A throwaway PostgreSQL server for the tests, started once per test session.

The binaries come from Debian's ``postgresql`` package (``make test`` installs it when missing),
from a pip-packaged server (``pgserver``), or from ``HUDDLE_PG_BIN``. As root, the server runs as
the ``postgres`` OS user (PostgreSQL refuses to run as root). It listens on 127.0.0.1 only, on a
free port, with trust authentication for the test role; its data lives in a temporary folder
that is removed at the end. Without binaries the fixture fails: the PostgreSQL store must be
tested wherever the suite runs.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

from servers import free_port

SUPERUSER = "huddle"
#: A role that must give its password (the test role itself is trusted).
PASSWORD_ROLE, PASSWORD = "huddle_pw", "correct-horse-battery"
MISSING = (
    "PostgreSQL's initdb and pg_ctl were not found (PATH, /usr/lib/postgresql/*/bin, the pgserver "
    "package, HUDDLE_PG_BIN). Run the README's test command (`make test`), which installs Debian's "
    "postgresql package, or `apt-get install postgresql`, or `pip install pgserver`."
)


def _has_tools(folder: str | Path) -> bool:
    return all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None."""
    candidates: list[str | Path] = []
    if os.environ.get("HUDDLE_PG_BIN"):
        candidates.append(os.environ["HUDDLE_PG_BIN"])
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(found).resolve().parent)  # Debian links /usr/lib/postgresql/N/bin
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    candidates += reversed(versions)
    spec = importlib.util.find_spec("pgserver")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates += [Path(p).parent for p in glob.glob(f"{location}/**/bin/initdb", recursive=True)]
    return next((Path(folder) for folder in candidates if _has_tools(folder)), None)


@dataclass
class PostgresCluster:
    """One running PostgreSQL server with a trusted superuser ``huddle``."""

    bindir: Path
    root: Path
    port: int = field(default_factory=free_port)
    run_as: list[str] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """A ``postgresql://`` URL of a database on this server."""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def _tool(self, tool: str, *args: str) -> None:
        command = [*self.run_as, str(self.bindir / tool), *args]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if result.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}\n{self.log()}")

    def init(self) -> None:
        """Create the cluster: trusted local test role, one password role, loopback only."""
        self._tool("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.root}'\n"
                "max_connections = 200\npassword_encryption = 'scram-sha-256'\n"
            )
        hba = self.data / "pg_hba.conf"
        # First match wins: the password role must authenticate, everyone else is trusted.
        hba.write_text(f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())

    def start(self) -> None:
        self._tool("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; mode ``immediate`` is a crash (no checkpoint, recovery on start)."""
        self._tool("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def log(self) -> str:
        """The server's log."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[call-overload]

    def new_database(self, owner: str = SUPERUSER) -> str:
        """A new empty database (one per test keeps tests apart); its URL for ``owner``."""
        name = f"huddle_test_{next(self._names)}"
        self.execute(f'CREATE DATABASE {name} OWNER "{owner}"')
        return self.url(name, owner)

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    """Find the binaries, create a cluster in a temporary folder and start it."""
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(MISSING, pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="huddle-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)", pytrace=False)
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = PostgresCluster(bindir, root, run_as=run_as)
    try:
        cluster.init()
        cluster.start()
        cluster.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
    except Exception as error:
        try:
            cluster.stop("immediate")
        except Exception:  # noqa: BLE001 - it may never have started
            pass
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start a test PostgreSQL server from {bindir}: {error}", pytrace=False)
    return cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL server for the whole test session (started on first use)."""
    cluster = start_cluster()
    yield cluster
    cluster.destroy()
