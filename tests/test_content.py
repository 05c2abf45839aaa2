"""Workshop files: bundled ones validate; broken ones get every problem with file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from huddle.content import BUNDLED, bundled_workshops, check_text

BROKEN = """\
id: Broken Workshop
title: A workshop with many problems
minutes: 20
activities:
  - id: first
    kind: choice
    prompt: "Pick one (TODO: write options)"
    minutes: 5
    options:
      - {id: a, label: A}
  - id: first
    kind: telepathy
    prompt: Guess
    minutes: 5
  - id: third
    kind: scale
    prompt: How much?
    min_label: low
    colour: blue
"""


def huddle(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huddle.cli", *args], capture_output=True, text=True)


def test_every_bundled_workshop_validates():
    assert "demo" in bundled_workshops()
    result = huddle("validate", str(Path(str(BUNDLED))))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_validate_reports_every_problem_with_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    result = huddle("validate", str(path))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    expected = [
        (1, "workshop id"),
        (3, "add up to 10 minutes, not 20"),
        (7, "placeholder 'TODO'"),
        (9, "between 2 and 12 options"),
        (11, "used twice"),
        (12, "unknown kind 'telepathy'"),
        (15, "max_label: is required"),
        (19, "colour"),
    ]
    for line, words in expected:
        assert any(f"broken.yaml:{line}:" in message and words in message for message in lines), (line, words, lines)
    assert lines[-1].startswith("huddle: error: ") and "problem(s)" in lines[-1]


def test_invalid_yaml_is_reported_with_its_line():
    workshop, problems = check_text("id: x\ntitle: [unclosed\n", "bad.yaml")
    assert workshop is None and problems[0].line in (2, 3)
    assert "not valid YAML" in problems[0].message


def test_validate_with_a_missing_file_fails_in_one_line(tmp_path):
    result = huddle("validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr
