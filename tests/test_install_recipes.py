"""Every documented way to install and run Huddle, carried out as written, serves a working page.

Each test makes a fresh virtual environment that cannot see the project's .venv, follows the
steps of one recipe read from its own file (see tests/recipes.py for what is mapped and why),
starts the command the recipe starts, and renders a page through it; where a participant can
take part, a Chromium participant joins and answers while the facilitator's dashboard, served by
the same install, counts the answer. What cannot run here is named in each test's name and in
docs/deploy.md ("What the tests run").
"""

from __future__ import annotations

import re
import shlex
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import yaml
from browser import DESKTOP, PHONE, join_and_answer_energy, screenshot
from recipes import (
    HUB_VALUES, K8S, UNIT, VM_PATHS, PathMap, base_python, build_stage, clean_env, copy_repository, env_file, guide_block, guide_line,
    image_paths_are_mapped, run_step, substitute_flags, unit_values,
)
from servers import Server, free_port, wait_until

pytestmark = pytest.mark.browser
WIDGET_OUTPUT = "application/vnd.jupyter.widget-view+json"


def local(url: str, server: Server) -> str:
    """An address printed with the site's public URL, reached on loopback (the proxy's job)."""
    parts = urlsplit(url)
    return f"{server.base}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def renders(server: Server, path: str = "/voila/render/join.ipynb") -> None:
    page = requests.get(f"{server.base}{path}", timeout=120)
    assert page.status_code == 200, page.text[:2000]
    assert WIDGET_OUTPUT in page.text and "Traceback" not in page.text, server.log()[-3000:]


def a_participant_answers_while_the_dashboard_counts(chromium, server: Server, session: dict, name: str) -> None:
    """The room's flow in Chromium: the facilitator watches, a phone joins and answers, the count moves."""
    server.control(session, "open", activity="energy")
    facilitator = chromium.new_context(viewport=DESKTOP)
    phone_context = chromium.new_context(viewport=PHONE)
    try:
        dashboard = facilitator.new_page()
        dashboard.goto(local(session["dashboard_url"], server))
        dashboard.get_by_text("Pause requests").wait_for(timeout=60_000)
        phone = phone_context.new_page()
        phone.goto(local(session["join_url"], server))
        join_and_answer_energy(phone, timeout=60_000)
        dashboard.get_by_text(re.compile(r"· 1 answer\b")).wait_for(timeout=15_000)
        screenshot(phone, f"{name}-participant-phone")
        screenshot(dashboard, f"{name}-dashboard-1366")
    finally:
        phone_context.close()
        facilitator.close()
    assert server.tally(session)["energy"]["count"] == 1


def installed(venv: Path, module: str) -> bool:
    return subprocess.run([str(venv / "bin" / "python"), "-c", f"import {module}"], capture_output=True).returncode == 0


# --- the wheel, as `pip install huddle-workshop` gives it ---------------------------------------


def test_the_wheel_carries_the_licence(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert "BSD 3-Clause License" in archive.read(licence).decode()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: BSD-3-Clause" in metadata


def test_the_wheel_without_extras_serves_a_participant_and_the_dashboard(wheel, chromium, tmp_path):
    venv = tmp_path / "venv"
    log = tmp_path / "install.log"
    run_step([base_python(), "-m", "venv", str(venv)], cwd=tmp_path, env=clean_env(), log=log)
    run_step([str(venv / "bin" / "pip"), "install", str(wheel)], cwd=tmp_path, env=clean_env([venv / "bin"]), log=log)
    assert not installed(venv, "psycopg") and not installed(venv, "jupyterlab"), "no extra came along"
    assert installed(venv, "ipykernel"), "the kernel every page runs in is a dependency"
    env = clean_env([venv / "bin"])
    data = tmp_path / "huddle-data"
    port = free_port()
    server = Server(data, port=port, command=[str(venv / "bin" / "huddle"), "serve", "--port", str(port), "--data", str(data), "--pool-size", "2"], env=env, cwd=tmp_path)
    server.start()
    try:
        created = subprocess.run([str(venv / "bin" / "huddle"), "session", "create", "demo", "--data", str(data), "--json", "--series", "Cohort"], capture_output=True, text=True, env=env, timeout=60)
        assert created.returncode == 0, created.stderr
        import json

        session = json.loads(created.stdout)
        a_participant_answers_while_the_dashboard_counts(chromium, server, session, "wheel")
        assert f"Serving static files from {venv}" in server.log(), "the pages came from the fresh install"
        # The series report is the analysis extra's: without it, one clear line and a 503, not a 500.
        assert not installed(venv, "pandas")
        summary = requests.get(f"{server.api}/series/Cohort", headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10)
        assert summary.status_code == 503 and "huddle-workshop[analysis]" in summary.json()["error"]["message"]
        report = subprocess.run([str(venv / "bin" / "huddle"), "series", "report", "Cohort", "--data", str(data)], capture_output=True, text=True, env=env, timeout=60)
        assert report.returncode == 1 and report.stderr.strip().count("\n") == 0 and "huddle-workshop[analysis]" in report.stderr
    finally:
        server.stop()


# --- deploy/docker/Dockerfile, without a container engine ---------------------------------------


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """The Dockerfile's stages carried out here, shared by the tests of this module."""
    return {"folder": tmp_path_factory.mktemp("docker"), "built": {}}


def stage(images, name: str):
    return build_stage(name, images["folder"], images["built"])


def test_every_path_the_dockerfile_names_is_mapped_by_the_tests():
    assert image_paths_are_mapped() == [], "teach tests/recipes.py IMAGE_PATHS about these paths"


def test_dockerfile_server_stage_without_a_container_engine_serves_and_passes_its_healthcheck(images):
    image = stage(images, "server")
    assert image.entrypoint == ["huddle"] and image.cmd[0] == "serve", "the image runs huddle serve"
    assert 8866 in image.exposed
    port = free_port()
    command = substitute_flags(image.command, port)
    data = Path(command[command.index("--data") + 1])
    server = Server(data, port=port, command=command, env=image.shell_env(), cwd=image.cwd).start()
    try:
        renders(server)
        assert image.healthcheck, "the image declares a health check"
        run_step(image.healthcheck.replace(":8866/", f":{port}/"), cwd=image.cwd, env=image.shell_env(), log=image.log)
        assert f"Serving static files from {image.venv}" in server.log()
        assert (data / "admin-token").stat().st_mode & 0o077 == 0
    finally:
        server.stop()


def kubernetes_documents() -> list[dict]:
    return [d for d in yaml.safe_load_all(K8S.read_text()) if d]


@pytest.fixture(scope="module")
def school_server(images, postgres, tmp_path_factory):
    """deploy/kubernetes/huddle.yaml's pod, played on the server stage, over the test PostgreSQL.

    The init container copies the admin token from the Secret as the manifest says; the main
    container runs the manifest's args with the manifest's environment, the Secret's values
    being the test database's URL and a made-up token.
    """
    image = stage(images, "server")
    (deployment,) = [d for d in kubernetes_documents() if d.get("kind") == "Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    paths = PathMap(tmp_path_factory.mktemp("pod"), ("/data", "/secrets"))
    secrets = {"store-url": postgres.new_database(), "admin-token": "school-admin-token-for-the-test", "pg-password": ""}
    secret_folder = paths.host("/secrets")
    secret_folder.mkdir(parents=True)
    for key, value in secrets.items():
        (secret_folder / key).write_text(value)
    paths.host("/data").mkdir(parents=True, mode=0o700)
    for init in pod["initContainers"]:
        run_step([paths(word) for word in init["command"]], cwd=image.cwd, env=image.shell_env(), log=image.log)
    (container,) = pod["containers"]
    env = image.shell_env()
    for variable in container.get("env", []):
        if "value" in variable:
            env[variable["name"]] = str(variable["value"])
        else:
            reference = variable["valueFrom"]["secretKeyRef"]
            if secrets.get(reference["key"]):
                env[variable["name"]] = secrets[reference["key"]]
    args = [re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], str(a)) for a in container["args"]]
    port = free_port()
    command = substitute_flags([*image.entrypoint, *(paths(a) for a in args)], port)
    server = Server(paths.host("/data"), port=port, command=command, env=env, cwd=image.cwd).start()
    server.database = secrets["store-url"]  # type: ignore[attr-defined]
    yield server
    server.stop()


def test_the_kubernetes_pod_on_the_server_stage_uses_postgresql_and_counts_a_participant(school_server, chromium):
    import psycopg

    assert school_server.admin_token == "school-admin-token-for-the-test", "the init container's copy is the token in use"
    session = school_server.create_session()
    assert session["join_url"].startswith("https://huddle.example.edu/"), "links use the manifest's --public-url"
    a_participant_answers_while_the_dashboard_counts(chromium, school_server, session, "kubernetes-pod")
    with psycopg.connect(school_server.database) as connection:  # type: ignore[attr-defined]
        stored = connection.execute("SELECT count(*) FROM answers WHERE session_code = %s", (session["code"],)).fetchone()[0]
    assert stored == 1, "the answer is in PostgreSQL, the store the manifest names"


# --- docs/deploy.md part 1 and deploy/systemd/huddle.service ------------------------------------

#: What each line of the guide's install block becomes here.
VM_STEPS = [
    (r"^sudo apt-get install ", "skip", "system packages: Python's venv module is on this machine and `make test` installs sqlite3; age is for backups, tested with a stand-in"),
    (r"^sudo useradd ", "skip", "no OS user is made: the test's own user runs the service"),
    (r"^sudo git clone \S+ (\S+)", "copy", "a copy of this checkout stands for the clone (or release)"),
    (r"^sudo python3 -m venv ", "run", ""),
    (r"^sudo \S+/bin/pip install ", "run", ""),
    (r"^sudo install ", "run", ""),
    (r"^sudoedit ", "skip", "the example HUDDLE_PUBLIC_URL is kept"),
    (r"^sudo cp ", "run", ""),
    (r"^sudo systemctl ", "start", "systemd is not run here: the unit's ExecStart is started as the unit describes it"),
    (r"^sudo journalctl ", "banner", "the server's own output stands for the journal"),
    (r"^sudo cat \S+/admin-token$", "run", ""),
]


def test_the_vm_guide_and_systemd_unit_install_and_serve_without_systemd(tmp_path, chromium):
    paths = PathMap(tmp_path / "vm", VM_PATHS)
    paths.host("/etc/systemd/system").mkdir(parents=True)  # there on any machine that runs systemd
    log = tmp_path / "install.log"
    env = clean_env()
    started: Server | None = None
    try:
        for line in guide_block("### Install Huddle and the service"):
            rule = next(((pattern, action) for pattern, action, _ in VM_STEPS if re.search(pattern, line)), None)
            assert rule, f"docs/deploy.md has a new install step the test does not know: {line}"
            pattern, action = rule
            if action == "copy":
                copy_repository(paths.host(re.search(pattern, line).group(1)))
            elif action == "run":
                for command in line.split(" && "):
                    run_step(paths(command.removeprefix("sudo ")), cwd=tmp_path, env=env, log=log)
            elif action == "start":
                started = start_unit(paths, tmp_path)
            elif action == "banner":
                assert started is not None
                wait_until(lambda: "Ready: people can join" in started.banner(), timeout=120, message="the service to say it is ready")
                assert started.admin_token not in started.banner() + started.log(), "the token never reaches the journal"
        assert started is not None, "the guide starts the service"
        renders(started)
        # The guide's own way to start a session on the VM, as the huddle user.
        create = shlex.split(guide_line(r"huddle session create foundations --data /var/lib/huddle/data"))
        assert create[:3] == ["sudo", "-u", "huddle"]
        result = subprocess.run([paths(word) for word in create[3:]], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        join = next(l.split(": ", 1)[1] for l in result.stdout.splitlines() if l.startswith("Join address"))
        assert join.startswith(env_file(paths.host("/etc/huddle/huddle.env"))["HUDDLE_PUBLIC_URL"]), "links use the site's public address"
        page = chromium.new_page(viewport=PHONE)
        try:
            page.goto(local(join, started))
            page.get_by_text("Before you join").wait_for(timeout=60_000)
            page.get_by_role("button", name="Join", exact=True).click()
            page.get_by_text("You're in").wait_for(timeout=30_000)
            screenshot(page, "vm-systemd-participant-phone")
        finally:
            page.close()
    finally:
        if started is not None:
            started.stop()


def start_unit(paths: PathMap, folder: Path) -> Server:
    """Start the installed unit file's ExecStart the way systemd would, minus systemd."""
    unit = unit_values(paths.host(f"/etc/systemd/system/{UNIT.name}"))
    (env_path,) = unit["EnvironmentFile"]
    site = env_file(paths.host(env_path))
    env = clean_env()
    for assignment in unit.get("Environment", []):
        key, _, value = assignment.partition("=")
        env[key] = paths(value)
    env.update({key: value for key, value in site.items() if value})
    state = paths.host(f"/var/lib/{unit['StateDirectory'][0]}")
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    (exec_start,) = unit["ExecStart"]
    expanded = re.sub(r"\$\{(\w+)\}", lambda m: site[m.group(1)], exec_start)
    port = free_port()
    command = substitute_flags([paths(word) for word in shlex.split(expanded)], port)
    data = Path(command[command.index("--data") + 1])
    (workdir,) = unit["WorkingDirectory"]
    return Server(data, port=port, command=command, env=env, cwd=Path(paths(workdir))).start()


# --- deploy/jupyterhub/config.yaml on a real JupyterHub, user servers from the singleuser stage ---

PRIVATE_LINE = "On the night shift I finally asked for help and it went well"


def singleuser_file(image, mount_path: str) -> Path:
    """Where a file the chart mounts into the user pod goes in the stage's environment.

    The image's Python lives in /usr/local (python:3.11-slim), whose etc/jupyter Jupyter reads;
    here that is the environment's own etc/jupyter. IPython reads /etc/ipython, and an
    environment's etc/ipython the same way.
    """
    for pod_prefix, here in (("/usr/local/etc/jupyter/", image.venv / "etc" / "jupyter"), ("/etc/ipython/", image.venv / "etc" / "ipython")):
        if mount_path.startswith(pod_prefix):
            return here / mount_path.removeprefix(pod_prefix)
    raise AssertionError(f"config.yaml mounts {mount_path}; teach the test where that goes")


@pytest.fixture(scope="module")
def hub(images, school_server, tmp_path_factory):
    """A real JupyterHub with the chart values' hub settings, spawning the singleuser stage locally."""
    import json
    import os
    import sys

    image = stage(images, "singleuser")
    values = yaml.safe_load(HUB_VALUES.read_text())
    single = values["singleuser"]
    for name, extra in single["extraFiles"].items():
        target = singleuser_file(image, extra["mountPath"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(extra["stringData"] if "stringData" in extra else json.dumps(json.loads(image.paths(json.dumps(extra["data"])))))
    folder = tmp_path_factory.mktemp("hub")
    port, hub_port, proxy_api = free_port(), free_port(), free_port()
    default_url = re.sub(r"server=[^&]+", f"server={school_server.base}", single["defaultUrl"])
    proxy = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "configurable-http-proxy"
    assert proxy.exists(), "configurable-http-proxy is installed by `make test` (npm ci)"
    spawner_env = {"PATH": clean_env([image.venv / "bin"])["PATH"], **image.env}
    lines = [
        "c.JupyterHub.ip = '127.0.0.1'", f"c.JupyterHub.port = {port}",
        "c.JupyterHub.hub_ip = '127.0.0.1'", f"c.JupyterHub.hub_port = {hub_port}",
        f"c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{proxy_api}'",
        f"c.JupyterHub.db_url = 'sqlite:///{folder}/jupyterhub.sqlite'",
        f"c.JupyterHub.cookie_secret_file = '{folder}/cookie_secret'",
        f"c.JupyterHub.pid_file = '{folder}/jupyterhub.pid'",
        # Kubernetes pods are played by processes of the hub's own user.
        "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'",
        f"c.SimpleLocalProcessSpawner.home_dir_template = '{folder}/home/{{username}}'",
        f"c.Spawner.cmd = [{str(image.venv / 'bin' / single['cmd'])!r}]",
        f"c.Spawner.notebook_dir = {image.paths(single['notebookDir'])!r}",
        f"c.Spawner.default_url = {default_url!r}",
        f"c.Spawner.start_timeout = {int(single['startTimeout'])}",
        f"c.Spawner.environment = {spawner_env!r}",
        f"c.Spawner.args = {['--allow-root'] if os.geteuid() == 0 else []!r}",
    ]
    for section, settings in values["hub"]["config"].items():
        lines += [f"c.{section}.{key} = {value!r}" for key, value in settings.items()]
    config = folder / "jupyterhub_config.py"
    config.write_text("\n".join(lines) + "\n")
    log = folder / "hub.log"
    process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=folder, env=clean_env(), stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, log.read_text()
        return requests.get(f"{base}/hub/health", timeout=2).status_code == 200

    wait_until(up, timeout=90, message=f"JupyterHub to start\n{log}")
    yield {"base": base, "log": log, "image": image}
    process.terminate()
    process.wait(timeout=60)


def hub_log(hub) -> str:
    return hub["log"].read_text(errors="replace")[-4000:]


def test_a_participant_on_the_hub_joins_the_school_server_and_a_reflection_sends_nothing(hub, school_server, chromium):
    import psycopg

    session = school_server.create_session()
    school_server.control(session, "open", activity="energy")
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        # The hub's address alone: a temporary user, their own server, the join screen (defaultUrl).
        page.goto(hub["base"] + "/")
        page.get_by_text("Type the code shown on the screen").wait_for(timeout=120_000)
        assert re.search(r"/user/[^/]+/voila/render/join\.ipynb", page.url), page.url
        page.get_by_placeholder("CODE").fill(session["code"].lower())
        page.get_by_role("button", name="Join", exact=True).click()
        join_and_answer_energy(page)
        screenshot(page, "jupyterhub-participant-phone")
        assert school_server.tally(session)["energy"]["count"] == 1, hub_log(hub)

        # A reflection notebook in the same user server: private, nothing leaves the page.
        page.goto(hub["base"] + "/hub/user-redirect/voila/render/reflection-1-week.ipynb")
        page.get_by_role("heading", name="One week on: keeping the skills warm").wait_for(timeout=60_000)
        page.locator("textarea").first.fill(PRIVATE_LINE)
        page.locator("textarea").nth(1).click()
        screenshot(page, "jupyterhub-reflection-phone")
    finally:
        context.close()
    assert school_server.tally(session)["energy"]["count"] == 1
    with psycopg.connect(school_server.database) as connection:  # type: ignore[attr-defined]
        rows = connection.execute("SELECT value FROM answers").fetchall()
    assert all(PRIVATE_LINE not in str(value) for (value,) in rows), "the reflection's text never reached the store"


def test_a_share_link_through_the_hub_carries_the_code(hub, school_server, chromium):
    """The link form config.yaml documents: user-redirect to join.ipynb with server= and code=."""
    session = school_server.create_session()
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{hub['base']}/hub/user-redirect/voila/render/join.ipynb?server={school_server.base}&code={session['code']}")
        page.get_by_text("Before you join").wait_for(timeout=120_000)
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_text("You're in").wait_for(timeout=30_000)
    finally:
        context.close()
    assert school_server.full_tally(session)["participants"] == 1, hub_log(hub)
