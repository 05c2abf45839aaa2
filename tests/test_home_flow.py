"""The facilitator home's flow, without widgets, against a real server: what each list shows, the
preview, starting a session, the editor's checks and saving, the downloads, and deleting.

The home's kernel calls the API as the signed-in admin through its kernel pass; here the same
calls carry the admin token instead, which the API treats alike."""

from __future__ import annotations

from typing import Any

import pytest

from huddle.content import CURRICULUM

from huddle.client import Client
from huddle.home.flow import NOT_SIGNED_IN, Check, HomeFlow, PreviewStep, Said, Started
from servers import Server, participant


class AdminClient(Client):
    """A client whose every call carries the admin token, as the home's kernel pass stands for it."""

    def __init__(self, api_url: str, token: str) -> None:
        super().__init__(api_url)
        self.token = token

    def _call(self, method: str, path: str, body: Any = None, key: str | None = None, timeout: float | None = None, **more: Any) -> Any:
        return super()._call(method, path, body, key or self.token, timeout, **more)


@pytest.fixture
def flow(server: Server) -> HomeFlow:
    home = HomeFlow(AdminClient(server.api, server.admin_token), base_url="https://huddle.example.edu")
    assert home.load() is None
    return home


def test_a_browser_that_is_not_signed_in_is_told_so(server: Server):
    said = HomeFlow(Client(server.api)).load()
    assert said == Said(NOT_SIGNED_IN, "error")


def test_workshops_are_listed_site_first_then_the_curriculum_in_order(flow: HomeFlow):
    bundled = [row.id for row in flow.workshops if row.bundled]
    assert tuple(bundled[:6]) == CURRICULUM
    copied = flow.copy_of("demo")
    assert isinstance(copied, str)
    saved = flow.save(copied.replace("id: demo-copy", "id: a-site-demo"))
    assert isinstance(saved, Said) and saved.tone == "ok", saved
    kinds = [row.bundled for row in flow.workshops]
    assert kinds == sorted(kinds), "the site's own come first"
    assert "a-site-demo" in {row.id for row in flow.workshops if not row.bundled}
    assert "your site's" in flow.workshop_row("a-site-demo").label and "activities" in flow.workshops[0].label


def test_the_preview_steps_through_activities_without_speaker_notes(flow: HomeFlow):
    first = flow.preview("foundations")
    assert isinstance(first, PreviewStep) and first.first and first.position == 0 and first.total == 17
    assert "notes" not in first.activity
    last = flow.preview("foundations", 99)
    assert isinstance(last, PreviewStep) and last.last and last.position == 16
    assert flow.preview("foundations", -3).position == 0  # type: ignore[union-attr]
    assert isinstance(flow.preview("no-such-workshop"), Said)


def test_starting_a_session_gives_its_links_from_the_browsers_address(flow: HomeFlow, server: Server):
    started = flow.start("foundations", "  Residents 2027 ")
    assert isinstance(started, Started)
    assert started.join_url == f"https://huddle.example.edu/voila/render/join.ipynb?code={started.code}"
    assert started.short_url == f"huddle.example.edu/{started.code}"
    assert started.dashboard_url.endswith(f"dashboard.ipynb?code={started.code}") and "key=" not in started.dashboard_url
    assert "key=" in started.keyed_dashboard_url and started.series == "Residents 2027"
    row = next(s for s in flow.sessions if s.code == started.code)
    assert row.status_label == "Not started" and row.series == "Residents 2027" and row.participants == 0
    assert "Residents 2027" in flow.series_names()
    assert isinstance(flow.start("no-such-workshop"), Said)
    bad_series = flow.start("foundations", "<script>")
    assert isinstance(bad_series, Said) and bad_series.tone == "error"


def test_the_editor_lists_every_problem_with_its_line(flow: HomeFlow):
    copied = flow.copy_of("foundations")
    assert isinstance(copied, str)
    assert flow.check(copied) == Check((), "foundations-copy", replaces=False)
    title = next(line for line in copied.splitlines() if line.startswith("title:"))
    assert "Foundations: what resilience is and is not (our copy)" in title
    broken = copied.replace(title, "title: 7").replace("kind: mood", "kind: feelings", 1)
    check = flow.check(broken)
    assert not check.ok and len(check.problems) == 2
    lines = broken.splitlines()
    assert check.problems[0][0] == lines.index("title: 7") + 1 and "title" in check.problems[0][1]
    assert "feelings" in check.problems[1][1]
    taken = flow.check(copied.replace("id: foundations-copy", "id: foundations"))
    assert taken.problems == ((2, "id: 'foundations' is the id of a workshop bundled with Huddle; give yours an id of its own, such as 'foundations-copy'"),)
    assert "empty" in flow.check("  \n").problems[0][1]
    assert "64 KiB" in flow.check("#" * (65 * 1024)).problems[0][1]
    assert "not valid YAML" in flow.check("id: [").problems[0][1]


def test_saving_twice_replaces_and_the_server_has_the_last_word(flow: HomeFlow):
    copied = flow.copy_of("time-and-balance")
    assert isinstance(copied, str)
    assert flow.save(copied).text.endswith("is in the workshop list, ready to preview or start.")  # type: ignore[union-attr]
    assert flow.check(copied).replaces
    assert "is updated" in flow.save(copied).text  # type: ignore[union-attr]
    # What the server refuses comes back as the editor's problems, with their lines.
    refused = flow.save(copied.replace("id: time-and-balance-copy", "id: time-and-balance"))
    assert isinstance(refused, Check) and refused.problems[0][0] == 2
    # The site's file comes back as it was saved, to edit again or download.
    name, text = flow.workshop_file("time-and-balance-copy")
    assert name == "time-and-balance-copy.yaml" and text == copied
    assert flow.copy_of("time-and-balance-copy") == copied


def test_an_uploaded_file_must_be_utf8_text_and_small(flow: HomeFlow):
    assert flow.uploaded("w.yaml", "\ufeffid: x\n".encode("utf-8")) == "id: x\n"
    assert isinstance(flow.uploaded("w.yaml", b"\xff\xfe\x00"), Said)
    assert "64 KiB" in flow.uploaded("w.yaml", b"x" * (65 * 1024)).text  # type: ignore[union-attr]


def test_an_earlier_sessions_report_run_sheet_and_answers_download(flow: HomeFlow, server: Server):
    session = server.create_session("demo")
    server.control(session, "open", activity="energy")
    for n in range(6):
        assert server.answer(session, "energy", participant(100 + n), "steady").status_code == 201
    server.control(session, "end")
    assert flow.load() is None
    row = next(s for s in flow.sessions if s.code == session["code"])
    assert (row.status_label, row.participants, row.answers) == ("Ended", 6, 6)
    name, report = flow.report(session["code"])
    assert name == f"huddle-report-{session['code']}.html" and "Huddle demo" in report and session["code"] in report
    name, sheet = flow.runsheet(session["code"])
    assert name == f"runsheet-demo-{session['code']}.html" and "<table" in sheet
    name, csv = flow.export(session["code"])
    assert name == f"huddle-{session['code']}.csv" and csv.count("energy") == 6
    said = flow.purge(session["code"])
    assert said.tone == "ok" and session["code"] not in {s.code for s in flow.sessions}
    assert flow.purge(session["code"]).tone == "error"
