"""Binder: the environment in binder/ builds, its Jupyter server renders every notebook in Voila,
and a participant in that "Binder container" joins a live session on a facilitator's server.

The environment is built the way repo2docker builds it: a fresh virtual environment, the pinned
binder/requirements.txt, then binder/postBuild from a clean copy of the repository. Its Jupyter
server then plays the participant's Binder container in the two-server test.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests
from browser import PHONE, join_and_answer_energy, screenshot
from packaging.requirements import Requirement
from recipes import base_python, clean_env, copy_repository, run_step
from servers import free_port, wait_until

from huddle.binder import binder_url

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.name not in ("dashboard.ipynb", "home.ipynb", "programme-evaluation.ipynb"))
TOKEN = "binder-smoke-token"


def pinned() -> dict[str, str]:
    lines = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    pins = [Requirement(line) for line in (l.split("#")[0].strip() for l in lines) if line]
    return {r.name.lower().replace("_", "-"): str(r.specifier) for r in pins}


def test_binder_pins_every_dependency_of_the_package_within_its_range():
    declared = [Requirement(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]]
    pins = pinned()
    for requirement in declared:
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"binder/requirements.txt pins {name}"
        version = pins[name].removeprefix("==")
        assert pins[name].startswith("==") and requirement.specifier.contains(version), f"{name} {pins[name]} within {requirement.specifier}"


def test_binder_links_carry_the_join_address_percent_encoded_inside_urlpath():
    link = binder_url("owner/huddle", "join.ipynb", server="https://huddle.example.edu", code="K7MPX4")
    outer = parse_qs(urlsplit(link).query)
    assert list(outer) == ["urlpath"], "server and code must not leak into Binder's own query string"
    page = urlsplit(outer["urlpath"][0])
    assert page.path == "voila/render/notebooks/join.ipynb"
    assert parse_qs(page.query) == {"server": ["https://huddle.example.edu"], "code": ["K7MPX4"]}
    assert "%253A%252F%252F" in link  # the server address is encoded twice: once for urlpath, once inside it
    offline = binder_url("owner/huddle", "reflection-1-week.ipynb")
    assert unquote(offline.split("urlpath=")[1]) == "voila/render/notebooks/reflection-1-week.ipynb"
    with pytest.raises(ValueError):
        binder_url("owner/huddle", "join.ipynb", server="https://huddle.example.edu")


@pytest.fixture(scope="module")
def binder_server(tmp_path_factory):
    """A Jupyter server built only from binder/, serving a clean copy of the repository."""
    root = tmp_path_factory.mktemp("binder")
    repo = copy_repository(root / "repo")
    venv = root / "venv"
    build_log = root / "build.log"
    run_step([base_python(), "-m", "venv", str(venv)], cwd=root, env=clean_env(), log=build_log)
    env = clean_env([venv / "bin"], VIRTUAL_ENV=str(venv))
    # As repo2docker does: the pinned requirements, then postBuild, from the repository's root.
    run_step(["python", "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], cwd=repo, env=env, log=build_log)
    run_step(["bash", "binder/postBuild"], cwd=repo, env=env, log=build_log)
    port = free_port()
    server_log = root / "jupyter.log"
    # As Binder does: a Jupyter server rooted at the repository, protected by a token.
    # Binder runs as an ordinary user; a CI machine may run the tests as root.
    as_root = ["--allow-root"] if os.geteuid() == 0 else []
    process = subprocess.Popen(
        ["jupyter", "server", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={repo}", *as_root],
        cwd=repo, env=env, stdout=open(server_log, "wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, server_log.read_text()
        try:
            return requests.get(f"{base}/api/status?token={TOKEN}", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    wait_until(up, timeout=90, message="the Binder-style Jupyter server to start")
    yield {"base": base, "log": server_log, "venv": venv}
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_binder_renders_each_participant_notebook_in_voila(binder_server, notebook):
    response = requests.get(f"{binder_server['base']}/voila/render/notebooks/{notebook}?token={TOKEN}", timeout=120)
    assert response.status_code == 200, response.text[:2000]
    page = response.text
    assert "application/vnd.jupyter.widget-view+json" in page, "the notebook ran and produced its page"
    assert not re.search(r"Traceback|There was an error when executing cell|ModuleNotFoundError", page), binder_server["log"].read_text()[-3000:]


@pytest.mark.browser
def test_a_binder_participant_joins_a_session_on_the_facilitators_server(server, binder_server, chromium):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    # What Binder's redirect produces from a binder_url(...) link: the notebook's own query plus Binder's token.
    link = f"{binder_server['base']}/voila/render/notebooks/join.ipynb?server={server.base}&code={session['code']}&token={TOKEN}"
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(link)
        join_and_answer_energy(page, timeout=60_000)
        screenshot(page, "binder-participant-phone")
    finally:
        context.close()
    tally = {e["id"]: e for e in server.full_tally(session)["activities"]}
    assert tally["energy"]["count"] == 1
    assert server.full_tally(session)["participants"] == 1


def test_binder_join_page_without_a_link_asks_for_the_facilitators_link(binder_server, chromium):
    page = chromium.new_page(viewport=PHONE)
    try:
        page.goto(f"{binder_server['base']}/voila/render/notebooks/join.ipynb?token={TOKEN}")
        page.get_by_text("Open your facilitator's join link").wait_for(timeout=60_000)
        screenshot(page, "binder-join-without-link-phone")
    finally:
        page.close()


def test_the_dashboard_offers_binder_links_only_when_the_site_names_its_repository():
    from huddle.dashboard.links import share_links

    page = "https://huddle.example.edu/voila/render/dashboard.ipynb?code=K7MPX4&key=secret"
    plain = dict(share_links(page, "K7MPX4"))
    assert plain["Join (the QR code's link)"] == "https://huddle.example.edu/voila/render/join.ipynb?code=K7MPX4"
    assert not any("mybinder" in url for url in plain.values())
    assert all("secret" not in url for url in plain.values()), "no link carries the facilitator key"
    with_binder = dict(share_links(page, "K7MPX4", "school/huddle"))
    assert with_binder["Join through Binder"] == binder_url("school/huddle", "join.ipynb", server="https://huddle.example.edu", code="K7MPX4")
    assert "server" not in with_binder["Four-week reflection on Binder, private"]
