"""The deployment guide and the files in deploy/ stay true to each other and to `huddle serve`."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from recipes import DEPLOY, DOCKERFILE, GUIDE, K8S, ROOT, UNIT
from recipes import HUB_VALUES as HUB

NGINX_SITE = DEPLOY / "nginx" / "huddle.conf"
BACKUP = DEPLOY / "backup" / "huddle-backup.sh"

#: nginx variables that would put a client's address, the query string (which carries the
#: facilitator key on the dashboard's address) or a browser fingerprint into a log line.
FORBIDDEN_IN_LOGS = (
    r"\$remote_addr", r"\$binary_remote_addr", r"\$realip_remote_addr", r"\$proxy_add_x_forwarded_for",
    r"\$http_x_forwarded_for", r"\$http_x_real_ip", r"\$http_forwarded", r"\$request\b(?!_)",
    r"\$request_uri", r"\$args", r"\$query_string", r"\$arg_\w+", r"\$http_referer", r"\$http_user_agent",
)


def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def huddle_command() -> str:
    """The `huddle` of the environment running the tests (.venv/bin/huddle under `make test`)."""
    beside = Path(sys.executable).parent / "huddle"
    found = str(beside) if beside.exists() else shutil.which("huddle")
    assert found, "the huddle command is not installed"
    return found


def serve_help() -> str:
    return subprocess.run([huddle_command(), "serve", "--help"], capture_output=True, text=True, check=True).stdout


def unit_sections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit as {section: [(key, value), ...]}, keeping repeated keys."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None and "=" in line, f"{path.name}: not a unit line: {line}"
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def exec_start_args() -> list[str]:
    """The arguments ExecStart gives `huddle serve`, with systemd's ${VAR} left as placeholders."""
    (command,) = [value for key, value in unit_sections(UNIT)["Service"] if key == "ExecStart"]
    words = shlex.split(command)
    assert Path(words[0]).name == "huddle" and words[1] == "serve", command
    return words[2:]


def kubernetes_serve_args() -> list[list[str]]:
    """The args of every container in deploy/ whose command is `huddle serve`."""
    found = []
    for document in yaml.safe_load_all(K8S.read_text()):
        if document and document.get("kind") == "Deployment":
            for container in document["spec"]["template"]["spec"]["containers"]:
                args = [str(a) for a in container.get("args", [])]
                if args[:1] == ["serve"]:
                    found.append(args[1:])
    return found


def dockerfile_serve_args() -> list[str]:
    (cmd,) = [line for line in DOCKERFILE.read_text().splitlines() if line.startswith("CMD [\"serve\"")]
    import json

    return json.loads(cmd[len("CMD "):])[1:]


def nginx_text_without_comments() -> str:
    return "\n".join(line.split("#", 1)[0] for line in NGINX_SITE.read_text().splitlines())


# --- the guide and the files ------------------------------------------------------------------


def test_every_yaml_file_in_deploy_parses():
    yaml_files = [p for p in deploy_files() if p.suffix in (".yaml", ".yml")]
    assert yaml_files, "no YAML under deploy/"
    for path in yaml_files:
        documents = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        assert documents, f"{path} holds no YAML document"
        for document in documents:
            assert isinstance(document, dict), f"{path}: a document is not a mapping"


def test_the_guide_names_every_file_a_deployer_copies():
    guide = GUIDE.read_text()
    for path in deploy_files():
        relative = path.relative_to(ROOT).as_posix()
        assert relative in guide, f"docs/deploy.md does not mention {relative}"


def test_every_flag_given_to_huddle_serve_exists():
    known = set(re.findall(r"--[a-z][a-z-]*", serve_help()))
    uses = {"systemd ExecStart": exec_start_args(), "Dockerfile CMD": dockerfile_serve_args()}
    for number, args in enumerate(kubernetes_serve_args()):
        uses[f"Kubernetes container {number}"] = args
    assert len(uses) >= 3
    for where, args in uses.items():
        flags = [a for a in args if a.startswith("--")]
        assert flags, where
        unknown = [f for f in flags if f not in known]
        assert not unknown, f"{where} passes {unknown}, which `huddle serve --help` does not list"


def test_the_deploy_arguments_parse_as_huddle_serve_would():
    from huddle.cli import build_parser

    # What systemd and Kubernetes put in place of the variables, in the simplest case.
    def filled(args: list[str]) -> list[str]:
        return [re.sub(r"\$\{\w+\}|\$\(\w+\)", "", a) for a in args]

    for args in [exec_start_args(), dockerfile_serve_args(), *kubernetes_serve_args()]:
        parsed = build_parser().parse_args(["serve", *filled(args)])
        assert parsed.host in ("127.0.0.1", "0.0.0.0")
        assert parsed.retention_days >= 1 and parsed.k >= 3


def test_an_empty_store_setting_means_the_sqlite_file(tmp_path):
    # huddle.env documents HUDDLE_STORE= (empty) as "SQLite in --data", and systemd passes it
    # to --store as an empty argument.
    from huddle.store import SQLiteStore, open_store

    store = open_store(tmp_path / "data", "")
    try:
        assert isinstance(store, SQLiteStore)
    finally:
        store.close()


# --- the VM: systemd, nginx, Caddy ----------------------------------------------------------


def test_the_systemd_unit_runs_huddle_serve_as_its_own_user_behind_the_proxy():
    sections = unit_sections(UNIT)
    assert {"Unit", "Service", "Install"} <= set(sections)
    service = dict(sections["Service"])
    assert service["User"] == "huddle" and service.get("Restart") in ("on-failure", "always")
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert service["EnvironmentFile"].startswith("/etc/huddle/")
    args = exec_start_args()
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert "--public-url" in args and "--data" in args
    assert dict(sections["Install"])["WantedBy"] == "multi-user.target"


def test_the_backup_units_run_the_script_daily():
    service = unit_sections(DEPLOY / "systemd" / "huddle-backup.service")
    assert dict(service["Service"])["Type"] == "oneshot"
    assert dict(service["Service"])["ExecStart"] == "/usr/local/bin/huddle-backup"
    timer = unit_sections(DEPLOY / "systemd" / "huddle-backup.timer")
    assert {"Unit", "Timer", "Install"} <= set(timer)
    assert dict(timer["Timer"])["Persistent"] == "true"


def test_the_nginx_site_upgrades_websockets_and_waits_out_the_long_poll():
    from huddle.server.api import LONG_POLL_SECONDS

    text = nginx_text_without_comments()
    assert re.search(r"proxy_http_version\s+1\.1;", text)
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", text)
    connection = re.search(r"proxy_set_header\s+Connection\s+(\$\w+);", text)
    assert connection, "no Connection header for WebSocket upgrades"
    assert re.search(r"map\s+\$http_upgrade\s+%s\s*\{" % re.escape(connection.group(1)), text)
    assert re.search(r"proxy_set_header\s+Host\s+\$http_host;", text), "Jupyter checks Origin against Host"

    def location(prefix: str) -> str:
        match = re.search(r"location\s+%s\s*\{(.*?)\}" % re.escape(prefix), text, re.S)
        assert match, f"no location {prefix}"
        return match.group(1)

    def seconds(value: str) -> float:
        number, unit = re.fullmatch(r"(\d+)(ms|s|m|h)?", value).groups()  # type: ignore[union-attr]
        return int(number) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600}[unit]

    for prefix, at_least in (("/huddle/api/", LONG_POLL_SECONDS + 10), ("/api/kernels/", 600)):
        body = location(prefix)
        timeout = re.search(r"proxy_read_timeout\s+(\S+);", body)
        assert timeout and seconds(timeout.group(1)) >= at_least, prefix
        assert re.search(r"proxy_buffering\s+off;", body), prefix


def test_the_nginx_site_logs_no_client_address():
    text = nginx_text_without_comments()
    formats = re.findall(r"log_format\s+(\S+)\s+(.*?);", text, re.S)
    for name, body in formats:
        for pattern in FORBIDDEN_IN_LOGS:
            assert not re.search(pattern, body), f"log_format {name} uses {pattern}"
    defined = {name for name, _ in formats}
    for target in re.findall(r"access_log\s+([^;]+);", text):
        words = target.split()
        assert words == ["off"] or (len(words) >= 2 and words[1] in defined), (
            f"access_log {target}: use `off` or a format defined here (the default `combined` logs addresses)"
        )
    # Only the proxy's own view of the client reaches Huddle, for its in-memory limits.
    assert "X-Forwarded-For" not in text and "X-Real-IP $remote_addr;" in text


def test_nginx_accepts_the_site(tmp_path):
    nginx = os.environ.get("HUDDLE_TEST_NGINX") or shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not nginx:
        pytest.fail("nginx is not installed; the README's test command installs it (scripts/install-system-deps.sh)")
    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed to make a throwaway certificate"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=huddle.example.edu",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )
    (tmp_path / "logs").mkdir()
    site = NGINX_SITE.read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp_path / 'cert.pem'};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp_path / 'key.pem'};", site)
    site = site.replace("/var/log/nginx/", f"{tmp_path / 'logs'}/")
    (tmp_path / "huddle.conf").write_text(site)
    temp = "\n".join(f"    {kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nevents {{}}\nhttp {{\n{temp}\n    include {tmp_path / 'huddle.conf'};\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "logs" / "error.log")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_caddyfile_proxies_to_loopback_without_passing_addresses_on(tmp_path):
    text = (DEPLOY / "caddy" / "Caddyfile").read_text()
    assert re.search(r"request_body \{\s*max_size 1MB\s*\}", text), "the Caddyfile stops large uploads, as the nginx site does"
    assert re.search(r"reverse_proxy\s+127\.0\.0\.1:8866", text)
    assert "header_up -X-Forwarded-For" in text and "header_up X-Real-IP {remote_host}" in text
    for field in ("request>remote_ip", "request>uri", "request>headers"):
        assert re.search(re.escape(field) + r"\s+delete", text), field
    caddy = shutil.which("caddy")
    if caddy:
        result = subprocess.run(
            [caddy, "adapt", "--config", str(DEPLOY / "caddy" / "Caddyfile"), "--adapter", "caddyfile", "--validate"],
            capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr


# --- school scale: Kubernetes, JupyterHub, the image --------------------------------------------


def test_the_kubernetes_servers_share_one_store_and_survive_websockets():
    documents = {d["kind"]: d for d in yaml.safe_load_all(K8S.read_text()) if d}
    assert {"Deployment", "Service", "Ingress"} <= set(documents)
    pod = documents["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/huddle/api/v1/health"
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["HUDDLE_STORE"]["valueFrom"], "the store URL comes from a Secret"
    args = [str(a) for a in container["args"]]
    assert "--store" not in args, "the store URL is read from HUDDLE_STORE, never put on the command line"
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    annotations = documents["Ingress"]["metadata"]["annotations"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600
    assert annotations["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie", "a page's WebSocket must reach its kernel's pod"
    assert annotations["nginx.ingress.kubernetes.io/enable-access-log"] == "false"


def test_the_hub_opens_the_participant_page_joined_to_the_school_server():
    values = yaml.safe_load(HUB.read_text())
    singleuser = values["singleuser"]
    assert singleuser["defaultUrl"].startswith("/voila/render/join.ipynb?server=https://")
    assert "huddle-singleuser" in singleuser["image"]["name"]
    assert singleuser["memory"]["limit"] and singleuser["cpu"]["limit"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert singleuser["notebookDir"] == "/srv/huddle/notebooks", "the singleuser image's notebooks are the server's folder"
    mounts = {f["mountPath"] for f in singleuser["extraFiles"].values()}
    assert not any("jupyter_server_config.d" in m for m in mounts), "Jupyter reads only extension switches from .d folders"
    assert values["ingress"]["annotations"]["nginx.ingress.kubernetes.io/enable-access-log"] == "false"


def test_the_image_runs_as_a_user_and_listens_on_all_addresses():
    text = DOCKERFILE.read_text()
    assert "FROM python:3.11-slim AS base" in text
    stages = re.findall(r"^FROM \S+ AS (\w+)", text, re.M)
    assert stages[-1] == "server" and "singleuser" in stages, "the default (last) stage is the server"
    server_stage = text.split("AS server", 1)[1]
    assert re.search(r"^USER (?!root)\w+", server_stage, re.M)
    assert 'ENTRYPOINT ["huddle"]' in server_stage
    args = dockerfile_serve_args()
    assert args[args.index("--host") + 1] == "0.0.0.0"
    # Only the package's sources are copied: never a local data folder.
    for line in re.findall(r"^COPY (.+)$", text, re.M):
        assert "huddle-data" not in line and not line.startswith(". ")


# --- backups --------------------------------------------------------------------------------


@pytest.fixture
def fake_age(tmp_path: Path) -> Path:
    """A stand-in for `age` that "encrypts" by prefixing a marker (the real tool is not needed)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "age"
    script.write_text(
        "#!/usr/bin/env bash\nset -euo pipefail\nout=; recipient=\n"
        "while [[ $# -gt 1 ]]; do case $1 in --output) out=$2; shift 2;; --recipient) recipient=$2; shift 2;; *) shift;; esac; done\n"
        '[[ -n $recipient && -n $out ]]\n{ printf "FAKE-AGE:%s\\n" "$recipient"; cat "$1"; } > "$out"\n'
    )
    script.chmod(0o755)
    return folder


def run_backup(tmp_path: Path, fake_age: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": f"{fake_age}:{os.environ['PATH']}",
        "HUDDLE_DATA": str(tmp_path / "data"),
        "HUDDLE_BACKUP_DIR": str(tmp_path / "backups"),
        "HUDDLE_BACKUP_RECIPIENT": "age1example",
        "HUDDLE_BACKUP_KEEP_DAYS": "30",
        **settings,
    }
    return subprocess.run(["bash", str(BACKUP)], env=env, capture_output=True, text=True, timeout=60)


def test_a_nightly_backup_is_encrypted_readable_and_old_ones_are_deleted(tmp_path, fake_age):
    import sqlite3

    from huddle.content import find_workshop
    from huddle.service import Service
    from huddle.store import open_store

    store = open_store(tmp_path / "data")
    created = Service(store).create_session(find_workshop("demo"), "https://huddle.example.edu")
    backups = tmp_path / "backups"
    backups.mkdir()
    old, recent = backups / "huddle-20000101T000000Z.sqlite3.age", backups / "huddle-20000102T000000Z.sqlite3.age"
    for path, days in ((old, 31), (recent, 29)):
        path.write_text("old")
        os.utime(path, (time.time() - days * 86400,) * 2)

    result = run_backup(tmp_path, fake_age)  # while the store is open, as under a running server
    store.close()
    assert result.returncode == 0, result.stderr
    assert not old.exists() and recent.exists()
    (new,) = [p for p in backups.iterdir() if p not in (recent,)]
    assert new.name.endswith(".sqlite3.age") and new.stat().st_mode & 0o077 == 0
    marker, _, database = new.read_bytes().partition(b"\n")
    assert marker == b"FAKE-AGE:age1example"
    (tmp_path / "restored.sqlite3").write_bytes(database)
    with sqlite3.connect(tmp_path / "restored.sqlite3") as restored:
        assert restored.execute("SELECT code FROM sessions").fetchall() == [(created["code"],)]
    assert b"admin-token" not in new.read_bytes()


def test_a_backup_without_a_key_is_refused(tmp_path, fake_age):
    result = run_backup(tmp_path, fake_age, HUDDLE_BACKUP_RECIPIENT="")
    assert result.returncode != 0 and "unencrypted" in result.stderr
    assert not (tmp_path / "backups").exists()
