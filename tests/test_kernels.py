"""Participant kernels: started over Unix sockets, and shut down once their page is gone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from servers import open_page, run_coroutine, wait_until


def test_kernels_use_unix_sockets_and_are_culled_after_the_page_closes(own_server):
    server = own_server("--cull-idle-seconds", "3")
    session = server.create_session()
    page = open_page(session["join_url"])
    kernel = page.kernel
    folder = Path(re.search(r"Storing connection files in (\S+?)\.?$", server.log(), re.M).group(1))
    sockets = wait_until(lambda: [p for p in folder.iterdir() if kernel in p.name and "-ipc-" in p.name], message="the kernel's ipc sockets")
    assert sockets and all(p.is_socket() for p in sockets)

    ws = page.channels(server.port, timeout=20)
    ws.close()  # the participant closes the tab
    wait_until(lambda: page.http.get(f"http://127.0.0.1:{server.port}/api/kernels/{kernel}").status_code == 404, timeout=45, interval=0.5, message="the idle kernel to be culled")
    assert "Culling kernel" in server.log() or "Kernel shutdown" in server.log()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{pid}$", status, re.M):
                found.append(int(entry.name))
    return found


def test_kernels_inherit_no_secrets_from_the_server(tmp_path, monkeypatch):
    from servers import Server

    monkeypatch.setenv("DATABASE_URL", "postgresql://huddle:hunter2@db/huddle")
    monkeypatch.setenv("PGPASSWORD", "hunter2")
    server = Server(tmp_path / "data").start()
    try:
        session = server.create_session()
        requests.get(session["join_url"])
        kernels = wait_until(lambda: _children(server.process.pid), message="a kernel process")
        for pid in kernels:
            environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
            assert "hunter2" not in environ
            assert server.admin_token not in environ and session["facilitator_key"] not in environ
            assert "HUDDLE_API_URL=" in environ
            # Participant kernels stay light: no data-frame or plotting library is ever loaded.
            maps = Path(f"/proc/{pid}/maps").read_text()
            assert "pandas" not in maps and "matplotlib" not in maps
    finally:
        server.stop()


def test_kernels_find_huddles_profile_when_the_data_folder_is_relative(tmp_path):
    """`make demo` passes a relative --data; kernels run in the notebooks folder all the same."""
    import subprocess
    import sys

    from servers import free_port

    port = free_port()
    err = tmp_path / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "huddle.cli", "serve", "--port", str(port), "--data", "huddle-data", "--pool-size", "1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(err, "wb"),
    )
    try:
        profile = tmp_path / "huddle-data" / "ipython" / "profile_default"
        kernels = wait_until(lambda: _children(process.pid), timeout=60, message="a pooled kernel process")
        # IPython makes its profile's folders when it loads the profile.
        wait_until(lambda: (profile / "security").is_dir(), timeout=60, message="the kernel to load Huddle's profile")
        for pid in kernels:
            environ = dict(line.split("=", 1) for line in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in line)
            assert Path(environ["IPYTHONDIR"]) == profile.parent, "an absolute path, whatever the kernel's working folder"
        assert (profile / "ipython_kernel_config.py").read_text().count("HistoryManager.enabled = False") == 1
        assert not (profile / "history.sqlite").exists(), "the profile's setting took effect: no input history"
        assert "not a writable location" not in err.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_pool_counts_a_kernel_ready_only_once_its_notebook_has_run():
    from concurrent.futures import Future
    from types import SimpleNamespace

    from huddle.server.app import POOLED_NOTEBOOK, pool_status

    # Futures with the task interface Voila's pool holds (done, cancelled, exception, result),
    # without an event loop: other tests leave one running in this thread.
    started, running, broken = Future(), Future(), Future()
    app = SimpleNamespace(kernel_manager=SimpleNamespace(_pools={POOLED_NOTEBOOK: [started, broken]}))
    seen = [pool_status(app)]
    started.set_result({"task": running})  # the kernel is up, its notebook still running
    seen.append(pool_status(app))
    running.set_result(None)
    broken.set_exception(RuntimeError("kernel died"))
    seen.append(pool_status(app))
    assert seen == [(0, 0), (0, 0), (1, 1)]


def test_a_pooled_kernel_older_than_the_cull_time_still_serves_its_page(own_server, chromium):
    # The pool's kernel waits longer than the cull time; handed to a page, it must not be culled
    # in the moment before the page connects (it was, and the page hung on "Loading").
    server = own_server("--cull-idle-seconds", "5", "--pool-size", "1")
    session = server.create_session()
    import time

    time.sleep(12)  # several cull checks go by while the kernel waits in the pool
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(session["join_url"])
        page.get_by_text("Before you join").wait_for(timeout=30_000)
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_text("You're in").wait_for(timeout=30_000)
    finally:
        context.close()


def test_a_closed_tab_releases_its_kernel_at_once(own_server, chromium):
    # The page's own shutdown (a beacon without an XSRF token) used to be refused, so every closed
    # tab held its kernel until the culler came; the page's cookie now lets it through.
    server = own_server("--cull-idle-seconds", "600", "--pool-size", "0")
    session = server.create_session()
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(session["join_url"])
        page.get_by_text("Before you join").wait_for(timeout=30_000)
        kernel = _kernel_of(page.content())
        assert requests.get(f"{server.base}/api/kernels/{kernel}", cookies=_cookies(context), timeout=10).status_code == 200
        page.goto("about:blank")  # the tab moves on, as when it is closed
        wait_until(lambda: requests.get(f"{server.base}/api/kernels/{kernel}", cookies=_cookies(context), timeout=10).status_code in (403, 404), timeout=20, message="the kernel to be shut down")
    finally:
        context.close()
    assert "'_xsrf' argument missing" not in server.log()


def _kernel_of(html: str) -> str:
    from servers import kernel_id

    return kernel_id(html)


def _cookies(context) -> dict[str, str]:
    return {c["name"]: c["value"] for c in context.cookies() if c["name"] == "huddle-page-kernel"}


def test_the_culler_passes_over_a_kernel_still_starting_without_a_traceback(monkeypatch):
    """During a large pool fill jupyter_server's culler met kernels with no last activity yet
    and logged a TraitError traceback for each; such a kernel is now left for the next round,
    and a kernel with its activity is still looked at."""
    import datetime

    import traitlets

    from huddle.server.kernels import HuddleKernelManager

    class Starting(traitlets.HasTraits):
        execution_state = traitlets.Unicode("starting")
        last_activity = traitlets.Instance(datetime.datetime)  # no value until the first message

    manager = HuddleKernelManager()
    looked_at: list[str] = []

    async def upstream(self, kernel_id):
        looked_at.append(kernel_id)

    manager._kernels["starting"] = Starting()
    with pytest.raises(traitlets.TraitError):
        manager._kernels["starting"].last_activity  # what upstream's culler tripped on
    monkeypatch.setattr(AsyncMappingKernelManager, "cull_kernel_if_idle", upstream)
    run_coroutine(manager.cull_kernel_if_idle("starting"))
    assert looked_at == []
    manager._kernels["starting"].last_activity = datetime.datetime.now(datetime.timezone.utc)
    run_coroutine(manager.cull_kernel_if_idle("starting"))
    assert looked_at == ["starting"]


def test_pages_share_one_compile_of_the_page_templates(monkeypatch):
    """Voila makes a Jinja environment per page, so every page compiled the templates again (a
    tenth of the server's CPU in a join burst of 100). Once shared, a second and third page's
    environments load the compiled template instead of compiling it."""
    import jinja2
    from voila.exporter import VoilaExporter
    from voila.paths import collect_template_paths

    from huddle.server.rendering import share_compiled_templates

    templates = collect_template_paths(["voila", "nbconvert"], "lab", prune=True)
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name) or compile_(self, source, name, *a, **k))
    share_compiled_templates()
    pages = [VoilaExporter(template_paths=templates, template_name="lab") for _ in range(3)]
    loaded = [page.environment.get_template("index.html.j2") for page in pages]
    assert compiled.count("index.html.j2") <= 1, compiled
    assert len({id(page.environment) for page in pages}) == 3 and all(t.render is not None for t in loaded)


def test_the_activity_watcher_reads_type_and_state_as_jupyter_server_does():
    """The server's own watch on each kernel's messages (what culling goes by) reads only the
    headers and a status's state: a widget update is activity, a kernel-info exchange is not, a
    first status after starting makes the kernel idle, a tracked request's status is taken as
    said, and a frame that is not a message is ignored."""
    import datetime
    import types

    from jupyter_client.session import Session

    from huddle.server.kernels import HuddleKernelManager

    manager = HuddleKernelManager()
    session = Session()
    long_ago = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    kernel = types.SimpleNamespace(session=session, execution_state="starting", last_activity=long_ago)
    record = manager._activity_recorder(kernel)

    def send(msg_type: str, content: dict, parent_type: str | None = None) -> None:
        parent = session.msg(parent_type, {}) if parent_type else None
        record(session.serialize(session.msg(msg_type, content, parent=parent)))

    send("status", {"execution_state": "busy"}, "kernel_info_request")
    assert kernel.execution_state == "idle" and kernel.last_activity == long_ago  # untracked, but no longer starting
    send("comm_msg", {"comm_id": "x", "data": {"method": "update"}})
    assert kernel.last_activity > long_ago
    seen = kernel.last_activity
    send("status", {"execution_state": "busy"}, "comm_msg")
    assert kernel.execution_state == "busy" and kernel.last_activity >= seen
    send("status", {"execution_state": "idle"}, "comm_msg")
    assert kernel.execution_state == "idle"
    record([b"not", b"a", b"message"])
    assert kernel.execution_state == "idle"
