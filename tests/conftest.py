"""Shared fixtures: a real server started on a free port, with its log shown when a test fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from postgres import postgres  # noqa: E402,F401 - the session's PostgreSQL server fixture
from servers import Server  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    """One server shared by the tests that only add their own sessions."""
    running = Server(tmp_path_factory.mktemp("shared") / "data").start()
    yield running
    running.stop()


@pytest.fixture
def own_server(tmp_path: Path):
    """A factory of servers private to one test (for crashes, restarts, log checks)."""
    started: list[Server] = []

    def start(*extra: str, data: Path | None = None) -> Server:
        running = Server(data or tmp_path / f"data{len(started)}", extra=list(extra)).start()
        started.append(running)
        return running

    start.started = started  # type: ignore[attr-defined]
    yield start
    for running in started:
        running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name in ("server", "own_server"):
            value = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            for running in [value] if isinstance(value, Server) else getattr(value, "started", []):
                report.sections.append((f"{name} log", (running.banner() + running.log())[-20000:]))
        cluster = item.funcargs.get("postgres") if hasattr(item, "funcargs") else None
        if cluster is not None:
            report.sections.append(("postgres log", cluster.log()[-10000:]))


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Huddle's wheel, built once per run from a clean copy of the checkout."""
    import subprocess

    from recipes import copy_repository

    folder = tmp_path_factory.mktemp("wheel")
    source = copy_repository(folder / "source")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(source), "-w", str(folder / "dist")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (folder / "dist").glob("huddle_workshop-*.whl")
    return built


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium shared by the browser tests."""
    from browser import CHROMIUM, LAUNCH_ARGS
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; run the README's test command, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
