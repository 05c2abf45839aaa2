"""Carry out the install recipes of docs/ and deploy/ as written, on this machine.

Each recipe is read from its own file (the Dockerfile, the systemd unit and its environment file,
the guide's shell blocks, the Kubernetes manifest, the Zero to JupyterHub values), so a test
cannot drift from what a site is told to do. What cannot happen here is replaced openly:

- There is no container engine. A Dockerfile stage is played by a fresh virtual environment of
  this machine's Python 3.11 (the stage's base image is ``python:3.11-slim``), with the image's
  file system as a folder: every absolute path the recipe names is mapped into that folder.
- No operating-system user is created (``useradd``) and nothing is chowned (``install -o/-g``):
  the recipe runs as the test's own user.
- The port a recipe listens on is mapped to a free one, ``--host 0.0.0.0`` to 127.0.0.1 (the
  container's network is the boundary there; loopback is here), and the kernel pool is made
  small, because the test machine also runs everything else.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUIDE = ROOT / "docs" / "deploy.md"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
UNIT = DEPLOY / "systemd" / "huddle.service"
UNIT_ENV = DEPLOY / "systemd" / "huddle.env"
K8S = DEPLOY / "kubernetes" / "huddle.yaml"
HUB_VALUES = DEPLOY / "jupyterhub" / "config.yaml"

#: The kernel pool every recipe server gets here (a recipe's own is sized for a real room).
TEST_POOL = "2"

#: Shell functions put in front of every recipe step: what needs a container engine or root.
PRELUDE = r"""
useradd() { echo "[recipe] not run here (no OS users are made): useradd $*"; }
install() {
  local args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -o|-g) echo "[recipe] not run here (files stay the test user's): install $1 $2"; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  command install "${args[@]}"
}
"""


def base_python() -> str:
    """This machine's Python, outside the project's .venv."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or "python3"


def clean_env(paths: Iterable[Path] = (), **extra: str) -> dict[str, str]:
    """The environment a fresh shell on this machine has: nothing of .venv or of Huddle's settings."""
    venv_bin = str(Path(sys.executable).parent)
    env = {
        name: value for name, value in os.environ.items()
        if not name.startswith(("HUDDLE_", "JUPYTER", "IPYTHON", "PYTEST", "VIRTUAL_ENV"))
        and name not in ("PYTHONPATH", "PYTHONHOME", "DATABASE_URL", "PGPASSWORD")
    }
    system_path = [p for p in env.get("PATH", "/usr/bin:/bin").split(":") if p and p != venv_bin]
    env["PATH"] = ":".join([*(str(p) for p in paths), *system_path])
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run_step(command: str | list[str], *, cwd: Path, env: dict[str, str], log: Path, timeout: float = 900) -> None:
    """Run one recipe step (a shell line, with the prelude, or an argument list); fail with the log."""
    shown = command if isinstance(command, str) else shlex.join(command)
    with open(log, "ab") as out:
        out.write(f"\n$ {shown}\n".encode())
        out.flush()
        argv = ["bash", "-euo", "pipefail", "-c", PRELUDE + command] if isinstance(command, str) else command
        result = subprocess.run(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"recipe step failed ({result.returncode}): {shown}\n{log.read_text(errors='replace')[-4000:]}")


def repository_files() -> list[str]:
    """The files of the checkout as git sees them (tracked and new, nothing ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


def copy_repository(destination: Path, names: Iterable[str] | None = None) -> Path:
    """A clean copy of the repository (or of the named files and folders in it), as a clone gives."""
    wanted = list(names) if names is not None else None
    for name in repository_files():
        if wanted is not None and not any(name == w or name.startswith(w.rstrip("/") + "/") for w in wanted):
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return destination


@dataclass
class PathMap:
    """Absolute paths a recipe names, each given a place under ``root`` on this machine."""

    root: Path
    prefixes: tuple[str, ...]

    def host(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def __call__(self, text: str) -> str:
        """``text`` with every mapped absolute path moved under the root."""
        for prefix in sorted(self.prefixes, key=len, reverse=True):
            text = re.sub(rf"(?<![\w./-]){re.escape(prefix)}(?=[/\s\"'\]\[),:]|$)", str(self.host(prefix)), text)
        return text


def absolute_paths(text: str) -> set[str]:
    """Absolute file paths named in a recipe's text (not URL paths, which follow a host:port)."""
    return set(re.findall(r"(?<![\w.:/-])/(?:[\w.-]+/?)+", text))


def substitute_flags(args: list[str], port: int, *, pool: str = TEST_POOL) -> list[str]:
    """A `huddle serve` command line with its port, host and pool made fit for this machine."""
    out = list(args)
    replacements = {"--port": str(port), "--host": "127.0.0.1", "--pool-size": pool}
    for flag, value in replacements.items():
        if flag in out:
            out[out.index(flag) + 1] = value
        elif flag in ("--port", "--pool-size"):
            out += [flag, value]
    return out


# --- Dockerfile --------------------------------------------------------------------------------


@dataclass
class Instruction:
    op: str
    args: str


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)


def dockerfile_stages(path: Path = DOCKERFILE) -> dict[str, Stage]:
    """The stages of a Dockerfile, by name, with continuation lines joined."""
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    logical = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not logical and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        op, _, args = logical.partition(" ")
        logical = ""
        op = op.upper()
        if op == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else f"stage{len(stages)}"
            current = stages[name] = Stage(name, words[0])
            continue
        assert current is not None, f"{path}: {op} before FROM"
        current.instructions.append(Instruction(op, args.strip()))
    return stages


#: Every absolute path the Dockerfile's image uses, mapped into the image folder.
IMAGE_PATHS = ("/tmp/huddle-src", "/srv/huddle", "/data", "/home/huddle")
#: Absolute paths that name the system, not the image's files.
SYSTEM_PATHS = {"/usr/sbin/nologin"}


@dataclass
class Image:
    """A Dockerfile stage carried out on this machine: its environment, folder and command."""

    stage: str
    venv: Path
    paths: PathMap
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    user: str = "root"
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    exposed: list[int] = field(default_factory=list)
    healthcheck: str | None = None
    skipped: list[str] = field(default_factory=list)

    def shell_env(self) -> dict[str, str]:
        return clean_env([self.venv / "bin"], **self.env)

    @property
    def command(self) -> list[str]:
        """ENTRYPOINT plus CMD, paths mapped."""
        return [self.paths(word) for word in self.entrypoint + self.cmd]

    @property
    def cwd(self) -> Path:
        folder = self.paths.host(self.workdir)
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def build_stage(name: str, folder: Path, built: dict[str, Image] | None = None, stages: dict[str, Stage] | None = None) -> Image:
    """Carry out stage ``name`` of the Dockerfile in ``folder``, after the stage it is built on.

    ``built`` keeps stages already carried out. Like Docker, two stages built on one base share
    it: here they share its environment and folder, and each adds its own steps on top (the
    Dockerfile's stages add different files, so neither sees the other's in a way that matters).
    """
    stages = stages or dockerfile_stages()
    built = built if built is not None else {}
    if name in built:
        return built[name]
    stage = stages[name]
    if stage.base in stages:
        parent = build_stage(stage.base, folder, built, stages)
        image = replace(parent, stage=name, env=dict(parent.env), skipped=list(parent.skipped), exposed=list(parent.exposed))
    else:
        assert stage.base.startswith("python:3.11"), f"the recipe's base image is {stage.base}; this machine plays python:3.11 only"
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "build.log"
        venv = folder / "venv"
        run_step([base_python(), "-m", "venv", str(venv)], cwd=folder, env=clean_env(), log=log)
        image = Image(name, venv, PathMap(folder / "image", IMAGE_PATHS), log)
        image.paths.root.mkdir(parents=True, exist_ok=True)
    context = folder / "context"
    if not context.exists():
        copy_repository(context)
    for step in stage.instructions:
        _carry_out(image, step, context)
    built[name] = image
    return image


def _carry_out(image: Image, step: Instruction, context: Path) -> None:
    op, args = step.op, step.args
    if op == "ENV":
        for pair in shlex.split(args):
            key, _, value = pair.partition("=")
            image.env[key] = value
    elif op == "RUN":
        run_step(image.paths(args), cwd=image.cwd, env=image.shell_env(), log=image.log)
    elif op == "COPY":
        *sources, destination = shlex.split(args)
        target = image.paths.host(destination)
        for source in sources:
            placed = target / Path(source).name if destination.endswith("/") else target
            if (context / source).is_dir():
                shutil.copytree(context / source, placed, dirs_exist_ok=True)
            else:
                placed.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(context / source, placed)
    elif op == "USER":
        image.user = args
        image.skipped.append(f"USER {args} (the test's own user runs it)")
    elif op == "WORKDIR":
        image.workdir = args
    elif op == "EXPOSE":
        image.exposed += [int(port.split("/")[0]) for port in args.split()]
    elif op == "VOLUME":
        for volume in json.loads(args):
            image.paths.host(volume).mkdir(parents=True, exist_ok=True)
    elif op == "HEALTHCHECK":
        image.healthcheck = args.split(" CMD ", 1)[1]
    elif op == "ENTRYPOINT":
        image.entrypoint = json.loads(args)
        image.cmd = []
    elif op == "CMD":
        image.cmd = json.loads(args)
    else:
        raise AssertionError(f"the Dockerfile uses {op}, which tests/recipes.py does not know how to carry out")


def image_paths_are_mapped() -> list[str]:
    """Absolute paths in the Dockerfile's instructions that neither map into the image nor name the system."""
    unmapped = []
    for stage in dockerfile_stages().values():
        for step in stage.instructions:
            for path in absolute_paths(step.args):
                if path in SYSTEM_PATHS or any(path == p or path.startswith(p.rstrip("/") + "/") for p in IMAGE_PATHS):
                    continue
                unmapped.append(f"{step.op} {path}")
    return unmapped


# --- systemd and the VM guide ------------------------------------------------------------------

#: The VM's paths, mapped into one folder.
VM_PATHS = ("/opt/huddle", "/etc/huddle", "/etc/systemd/system", "/var/lib/huddle")


def unit_values(path: Path = UNIT) -> dict[str, list[str]]:
    """Every key of a systemd unit with its values, in order."""
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def env_file(path: Path = UNIT_ENV) -> dict[str, str]:
    """KEY=VALUE lines of an environment file, comments left out."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            found[key.strip()] = value.strip()
    return found


def guide_block(after_heading: str, guide: Path = GUIDE) -> list[str]:
    """The command lines of the first ```sh block after a heading of the guide."""
    text = guide.read_text()
    start = text.index(after_heading)
    block = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    assert block, f"no sh block after {after_heading!r} in {guide}"
    lines = []
    for line in block.group(1).splitlines():
        command = re.sub(r"\s+#.*$", "", line).strip()
        if command:
            lines.append(command)
    return lines


def guide_line(pattern: str, guide: Path = GUIDE) -> str:
    """The one shell line of the guide (in any block) that matches ``pattern``."""
    blocks = re.findall(r"```sh\n(.*?)```", guide.read_text(), re.S)
    found = [re.sub(r"\s+#.*$", "", line).strip() for block in blocks for line in block.splitlines() if re.search(pattern, line)]
    assert len(found) == 1, f"{pattern!r} matches {found} in {guide}"
    return found[0]
