"""Safety rules S1 and S2 as a site meets them (issue 14).

- A free-text answer with crisis language stores the flag, never the words.
- Private writing (exercise notes, reflections) that uses crisis language opens support in the
  page, and nothing about it is sent.
- The support list carries region, audience and hours on every entry; a site picks its region;
  a page with no server of its own takes the region from its link or asks; an entry checked over
  six months ago is warned about by ``huddle validate``, at ``huddle serve`` start and on the
  dashboard.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest
import requests
import yaml
from servers import participant

from huddle.binder import binder_url
from huddle.client import Client
from huddle.content.support import BUNDLED_SUPPORT, STALE_AFTER_DAYS, load_support, stale_warnings
from huddle.dashboard.flow import support_notice
from huddle.dashboard.links import share_links
from huddle.participant.exercises import exercise_widget
from huddle.participant.exercises.red_flags import SEVERAL
from huddle.participant.flow import Wording
from huddle.participant.reflection import ReflectionApp
from huddle.participant.support import CrisisWatch, support_html, text_boxes

CRISIS = "Honestly some days I want to die"


def huddle(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huddle.cli", *args], capture_output=True, text=True, timeout=60)


def site_support(tmp_path, checked: dt.date) -> str:
    """The bundled list as a site's own file, with one entry last checked on ``checked``."""
    data = yaml.safe_load(BUNDLED_SUPPORT.read_text(encoding="utf-8"))
    data["resources"].append({
        "name": "Riverside Hospital staff counselling", "offers": "Confidential counselling for staff and trainees.",
        "contact": "Call 0161 496 0000", "audience": "Staff and trainees of Riverside", "hours": "Weekdays, 8 am to 6 pm",
        "region": "uk", "confidential": True, "checked": checked,
    })
    path = tmp_path / "site-support.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


# S2: the flag, not the words ------------------------------------------------------------------


def test_a_flagged_answer_keeps_the_flag_and_not_the_words(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    token = participant(61)
    receipt = server.answer(session, "small-win", token, CRISIS).json()
    assert receipt["support"] is True and receipt["status"] == "stored"
    # The same words again (a retry, a double tap) change nothing and raise no second alert.
    assert server.answer(session, "small-win", token, CRISIS).json()["status"] == "unchanged"
    tally = server.full_tally(session)
    assert tally["signals"]["crisis"] == 1
    with sqlite3.connect(server.data / "huddle.sqlite3") as db:
        rows = db.execute("SELECT value, skipped, status FROM answers WHERE session_code = ? AND activity = 'small-win'", (session["code"],)).fetchall()
        dump = "\n".join(db.iterdump())
    assert [(json.loads(value), skipped, status) for value, skipped, status in rows] == [(None, 0, "flagged")]
    assert "want to die" not in dump
    # The writer's page, reloaded, says what became of it instead of an empty "saved".
    mine = Client(server.api).my_answers(session["code"], token)
    assert mine["small-win"] == {"value": None, "skipped": False, "held": True}
    moderation = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10).json()
    assert moderation["held_for_safety"] == 1 and "want to die" not in str(moderation)
    assert "not kept" in Wording.HELD_BEFORE


# S2 in private writing: in the page only -------------------------------------------------------


def test_crisis_words_in_a_reflection_open_support_and_send_nothing():
    asked = []

    def no_server(url):  # a reflection opened from Binder with no join address
        asked.append(url)
        raise AssertionError("a private reflection must not reach any server")

    app = ReflectionApp("one-week", client_factory=no_server)
    app.crisis.pause = 0
    app._ready("t" * 24, "?token=jupyter")
    box = app.boxes["looking-back"][0]
    box.value = "A long week"
    assert app.support.urgent_opens == 0
    box.value = "A long week. I keep thinking everyone would be better off without me"
    assert app.support.urgent_opens == 1
    box.value += ", and I am so tired"  # still there: the sheet is not opened again and again
    assert app.support.urgent_opens == 1
    box.value = "Talked to my sister. Better."
    box.value = "It came back tonight: I want to end it all"
    assert app.support.urgent_opens == 2, "new words of crisis open it once more"
    assert asked == []


def test_crisis_words_in_an_exercise_journal_open_support_on_the_participant_page():
    opened = []
    watch = CrisisWatch(lambda: opened.append(1), pause=0)
    journal = exercise_widget({"id": "debrief", "kind": "journal", "prompt": "Debrief a shift"})
    watch.watch(journal.view)
    boxes = list(text_boxes(journal.view))
    assert len(boxes) == 3
    boxes[1].value = "I thought about hurting myself on the drive home"
    assert opened == [1]


def test_the_watch_waits_for_typing_to_pause_before_it_opens_the_sheet():
    import threading

    opened = threading.Event()
    watch = CrisisWatch(opened.set, pause=0.2)
    journal = exercise_widget({"id": "debrief", "kind": "journal", "prompt": "Debrief a shift"})
    watch.watch(journal.view)
    box = next(text_boxes(journal.view))
    for end in range(1, len("I want to die") + 1):
        box.value = "I want to die"[:end]
    assert not opened.is_set(), "not in the middle of the words"
    assert opened.wait(5)


def test_red_flags_say_when_it_is_more_than_stress_and_speak_plainly_when_several_fit():
    activity = {"id": "flags", "kind": "red_flags", "prompt": "Which do you recognise?", "flags": [
        {"id": f"f{n}", "label": f"Flag {n}", "healthier": f"Better {n}"} for n in range(5)
    ]}
    widget = exercise_widget(activity)
    assert "When it is more than stress" in widget.more.value and "two weeks" in widget.more.value
    for flag in list(widget.ticks.values())[:SEVERAL]:
        flag.value = True
    assert f"You ticked {SEVERAL}" in widget.more.value and "huddle-more-note-strong" in widget.more.value
    assert "get help today" in widget.more.value


# S1: region, audience, hours, and dates that go stale --------------------------------------------


def test_every_bundled_entry_names_its_region_audience_and_hours():
    support = load_support()
    assert set(support.regions) == {"us", "ca", "uk", "ie", "au", "es", "mx"}
    for resource in support.resources:
        assert resource.region and resource.audience and resource.hours, resource.name
    for region in support.regions:
        names = [r.name for r in load_support(region=region).resources]
        assert "Emergency services" in names, region
        assert any(r.confidential and r.hours == "Day and night" for r in load_support(region=region).resources), f"{region}: a line open at any hour"
    physicians = next(r for r in support.resources if r.name == "Physician Support Line")
    assert "medical students" in physicians.audience and "weekends" in physicians.hours
    assert {"Lifeline Australia", "Nurse & Midwife Support"} <= {r.name for r in load_support(region="au").resources}
    assert "9-8-8 Suicide Crisis Helpline" in {r.name for r in load_support(region="ca").resources}
    assert "Pharmacist Support" in {r.name for r in load_support(region="uk").resources}
    assert not stale_warnings(support.resources, dt.date(2026, 12, 1) + dt.timedelta(days=STALE_AFTER_DAYS))


def test_a_list_for_several_regions_asks_where_you_are_and_one_for_a_region_does_not():
    every = support_html(load_support().to_data())
    assert "Where are you?" in every and "data-regions='us'" in every and "(United Kingdom · Ireland)" in every
    uk = support_html(load_support(region="uk").to_data())
    assert "Where are you?" not in uk and "Samaritans" in uk and "988" not in uk
    assert "Doctors and medical students · Day and night" in uk


def test_validate_warns_about_an_entry_checked_over_six_months_ago(tmp_path):
    fresh = huddle("validate", str(BUNDLED_SUPPORT))
    assert fresh.returncode == 0 and "ok (support list" in fresh.stdout and "warning" not in fresh.stderr
    old = site_support(tmp_path, dt.date.today() - dt.timedelta(days=STALE_AFTER_DAYS + 1))
    result = huddle("validate", old)
    assert result.returncode == 0, "a warning, not a failure"
    assert "huddle: warning:" in result.stderr and "'Riverside Hospital staff counselling' was last checked" in result.stderr
    broken = tmp_path / "broken-support.yaml"
    broken.write_text("resources:\n  - {name: A, offers: B, contact: C, confidential: true, checked: 2026-01-01, region: mars}\n")
    failed = huddle("validate", str(broken))
    assert failed.returncode == 1 and "mars is not in the file's regions list" in failed.stderr


def test_an_unknown_region_is_refused_in_one_line(tmp_path):
    result = huddle("serve", "--data", str(tmp_path / "d"), "--support-region", "mars", "--port", "1")
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0 and message.startswith("huddle: error: --support-region mars:") and "uk" in message


def test_the_dashboard_notice_names_stale_entries_and_is_silent_when_all_are_current():
    support = load_support().to_data()
    support["resources"][5]["checked"] = "2025-01-01"
    assert support_notice(support, dt.date(2026, 12, 2)) == (
        "The support list participants see has 1 entry last checked over 6 months ago (Samaritans). "
        "Check the numbers and hours before the session, then update the dates in the support file."
    )
    assert support_notice(load_support().to_data(), dt.date(2026, 12, 2)) == ""


def test_binder_links_carry_the_region_and_a_reflection_opens_on_it():
    link = binder_url("huddle-workshops/huddle", "reflection-1-week.ipynb", region="uk")
    assert "region%3Duk" in link
    links = dict(share_links("https://huddle.example.edu/voila/render/dashboard.ipynb", "K7MPX4", "huddle-workshops/huddle", region="au"))
    assert "region%3Dau" in links["One-week reflection on Binder, private"] and "region%3Dau" in links["Join through Binder"]
    app = ReflectionApp("one-week")
    app._ready("t" * 24, "?region=uk")
    assert app.support.region == "uk"
    other = ReflectionApp("one-week")
    other._ready("t" * 24, "?region=<script>")  # anything else is ignored: the sheet asks instead
    assert other.support.region == ""


@pytest.mark.parametrize("region", ["uk", "UK; drop", ""])
def test_binder_link_command_takes_a_region_code_only(region):
    result = huddle("binder-link", "reflection-1-week.ipynb", "--region", region)
    if region == "uk":
        assert result.returncode == 0 and "region%3Duk" in result.stdout
    else:
        assert result.returncode == 1 and "--region must be a region code" in result.stderr
