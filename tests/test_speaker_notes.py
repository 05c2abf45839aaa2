"""Speaker notes (issue 16, part 3): the facilitator sees each activity's script beside it on the
control view; no participant page, projector, export or public answer ever carries it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

from huddle.content import CURRICULUM, bundled_workshops
from huddle.dashboard.flow import notes_html
from servers import participant

ROOT = Path(__file__).resolve().parent.parent


def test_every_module_activity_has_the_notes_its_guide_gives_it():
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "speaker_notes.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    for module in CURRICULUM:
        for activity in bundled_workshops()[module].activities:
            assert activity.notes and len(activity.notes) > 40, (module, activity.id)
    first = bundled_workshops()["foundations"].activity("check-in").notes
    assert first.startswith("Say:") and "**`check-in`**" not in first, "the guide's lead id is not repeated"


def test_notes_are_escaped_and_keep_the_guides_little_markdown():
    shown = notes_html('Say: "Hi". *Watch the count.* Use `check-in` and **stop** <script>x()</script>\n\nSecond.')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<em>Watch the count.</em>" in shown and "<code>check-in</code>" in shown and "<strong>stop</strong>" in shown
    assert shown.count("<p>") == 2 and "only you see these" in shown
    assert notes_html(None) == notes_html("  ") == ""


def test_notes_reach_the_facilitator_and_nobody_else(server):
    session = requests.post(f"{server.api}/sessions", json={"workshop": "foundations"}, headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10).json()
    note = bundled_workshops()["foundations"].activity("check-in").notes
    marker = note[:40]
    facilitator = {"Authorization": f"Bearer {session['facilitator_key']}"}
    workshop = requests.get(f"{server.api}/sessions/{session['code']}/workshop", headers=facilitator, timeout=10).json()
    assert workshop["activities"][0]["notes"] == note
    server.control(session, "open", activity="check-in")
    for n in range(6):
        server.answer(session, "check-in", participant(900 + n), "okay")
    server.control(session, "reveal")
    server.control(session, "self_paced", enabled=True)  # the public state then lists every activity
    seen = {
        "public state": requests.get(f"{server.api}/sessions/{session['code']}", timeout=10).text,
        "results": requests.get(f"{server.api}/sessions/{session['code']}/results/check-in", timeout=10).text,
        "my answers": requests.post(f"{server.api}/sessions/{session['code']}/my-answers", json={"participant": participant(900)}, timeout=10).text,
        "join": server.join(session, participant(901)).text,
        "tally (projector)": requests.get(f"{server.api}/sessions/{session['code']}/tally", headers=facilitator, timeout=10).text,
        "export": requests.get(f"{server.api}/sessions/{session['code']}/export?format=json&text=true", headers=facilitator, timeout=10).text,
        "workshops": requests.get(f"{server.api}/workshops", timeout=10).text,
    }
    assert json.loads(seen["public state"])["activities"], "the self-paced state lists the activities"
    for where, text in seen.items():
        assert marker not in text and '"notes"' not in text, where
