"""The README stays true: settings, API routes, dependencies and the test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from huddle.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented():
    for setting in SETTINGS:
        assert f"`{setting.flag}`" in README, setting.flag


def test_every_api_route_is_summarised():
    import json
    from importlib import resources

    spec = json.loads((resources.files("huddle.server") / "openapi.json").read_text())
    for path, operations in spec["paths"].items():
        if path == "/openapi.json":
            continue
        for method in operations:
            if method in ("get", "post", "delete", "put"):
                assert f"`{method.upper()} {path}" in README, (method, path)


def test_every_dependency_is_justified():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    for requirement in names:
        name = re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0]
        assert name.lower() in README.lower(), name


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]
    assert "make test" in README and "make demo" in README
