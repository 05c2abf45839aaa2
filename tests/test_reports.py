"""Reports: charts, the session report and the run-sheet, built from a real session over SQLite.

The data goes through the real service (join, open, submit), so the report sees exactly the
tally a facilitator would. Besides the checks, the report, the run-sheet and a chart are saved
under test-artifacts/reports/ for a person to look at.
"""

from __future__ import annotations

import base64
import html
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from huddle.content import bundled_workshops
from huddle.model import build_workshop
from huddle.reports import build_report, chart_data_uri, chart_png, runsheet_html
from huddle.reports.charts import DRAW, HATCH, OTHER, chart_summary, chart_table
from huddle.service import Service
from huddle.store import SQLiteStore

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "reports"
PNG = b"\x89PNG\r\n\x1a\n"
XSS_SCRIPT = "<script>alert('xss')</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
PARTICIPANTS = 12


def participant(n: int) -> str:
    return "p" * 10 + f"{n:010d}"


class Session:
    """A demo session with answers to every activity; ``ranking`` stays below k on purpose."""

    def __init__(self, folder: Path) -> None:
        self.store = SQLiteStore.in_folder(folder)
        self.service = Service(self.store)
        self.code = self.service.create_session(bundled_workshops()["demo"], "http://example")["code"]
        self.submissions = 0
        for n in range(PARTICIPANTS):
            self.service.join(self.code, {"participant": participant(n)})

    def open(self, activity: str) -> None:
        self.service.control(self.code, {"action": "open", "activity": activity})

    def answer(self, activity: str, n: int, value=None, *, skip: bool = False) -> None:
        self.submissions += 1
        body = {"activity": activity, "participant": participant(n), "submission_id": f"s{self.submissions:09d}"}
        body.update({"skip": True} if skip else {"value": value})
        self.service.submit(self.code, body)

    def report(self) -> str:
        s = self.service
        return build_report(s.summary(self.code), s.tally(self.code), s.workshop(self.code), generated="1 May 2025, 09:00")


@pytest.fixture
def session(tmp_path: Path) -> Session:
    s = Session(tmp_path / "data")
    moods = ["great", "good", "good", "okay", "okay", "okay", "low", "okay", "okay", "good"]  # okay 5, the rest merged
    s.open("arrival-mood")
    for n, mood in enumerate(moods):
        s.answer("arrival-mood", n, mood)
    s.answer("arrival-mood", 10, skip=True)

    s.open("energy")
    for n, choice in enumerate(["steady"] * 6 + ["flat"] * 6):
        s.answer("energy", n, choice)

    s.open("recharge")
    for n in range(10):
        s.answer("recharge", n, ["sleep", "people"] if n % 2 else ["sleep", "outdoors", "quiet"])

    s.open("workload")
    for n, value in enumerate([3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 2]):
        s.answer("workload", n, value)
    s.answer("workload", 11, skip=True)

    s.open("one-word")
    for n in range(10):
        s.answer("one-word", n, ["tired", "hopeful"] if n < 6 else ["tired", f"rare{n}"])

    s.open("small-win")
    s.answer("small-win", 0, f"I slept eight hours {XSS_SCRIPT} and {XSS_IMG} & more")
    for n in range(1, 6):
        s.answer("small-win", n, f"pending secret number {n}")
    s.answer("small-win", 6, "Some days I want to end it all")  # crisis language: flagged, never shown
    approved = [a for a in s.store.answers(s.code, "small-win") if a.value and "slept" in a.value]
    assert len(approved) == 1
    s.store.set_answer_status(s.code, "small-win", approved[0].key, "approved")

    s.open("priorities")  # below k: 3 answers and 2 skips
    for n in range(3):
        s.answer("priorities", n, ["rest", "feedback", "connection", "autonomy"])
    s.answer("priorities", 3, skip=True)
    s.answer("priorities", 4, skip=True)

    s.service.control(s.code, {"action": "breakout", "size": 4, "activity": "group-idea"})
    s.answer("group-idea", 0, "GROUP REPORT STILL PENDING")
    return s


class Tags(HTMLParser):
    """The real tags of a page (escaped text is not a tag) and every src/href they carry."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.references: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.references += [(name, value or "") for name, value in attrs if name in ("src", "href", "srcset", "action")]


def section(report: str, activity: str) -> str:
    """The report's section about one activity."""
    match = re.search(rf'<section[^>]*id="activity-{re.escape(activity)}".*?</section>', report, re.S)
    assert match, activity
    return match.group(0)


def row(report: str, prompt: str) -> str:
    """The participation table's row of one activity."""
    match = re.search(r"<tr>(?:(?!</tr>).)*?" + re.escape(html.escape(prompt)) + r".*?</tr>", report, re.S)
    assert match, prompt
    return match.group(0)


# the report ---------------------------------------------------------------------------------


def test_report_is_one_self_contained_html_file(session: Session):
    report = session.report()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.html").write_text(report, encoding="utf-8")
    assert report.lstrip().lower().startswith("<!doctype html>")
    assert report.lower().count("<html") == 1 and report.lower().count("</html>") == 1
    # Nothing is fetched when the file is opened: no external address at all, no linked
    # stylesheet or script, and every src= is an inline data: image.
    assert "http://" not in report and "https://" not in report
    assert not re.search(r"<(link|script|iframe|object|embed)\b", report, re.I)
    assert not re.search(r"@import|url\(", report, re.I)
    tags = Tags()
    tags.feed(report)
    assert "script" not in tags.names and "link" not in tags.names
    for attribute, value in tags.references:
        if attribute == "src":
            assert value.startswith("data:image/png;base64,"), value
        else:
            assert value.startswith("#"), value
    assert sum(1 for attribute, _ in tags.references if attribute == "src") >= 5
    assert "<style>" in report and "@media print" in report


def test_report_shows_title_code_date_and_participation(session: Session):
    report = session.report()
    summary = session.service.summary(session.code)
    assert html.escape(summary["title"]) in report
    assert session.code in report
    assert "1 May 2025, 09:00" in report
    year = summary["created_at"][:4]
    assert year in report.split("Report generated")[0]
    assert re.search(r"Participants joined</dt><dd>12</dd>", report)
    assert re.search(r"pause.{0,40}</dt><dd>0</dd>", report, re.S)
    assert re.search(r"Crisis alerts</dt><dd>1</dd>", report)
    energy = row(report, "Which best describes your energy right now?")
    assert [cell for cell in re.findall(r'class="num">([^<]*)<', energy)] == ["12", "0", "100%"]
    mood = row(report, "How are you arriving today?")
    assert re.findall(r'class="num">([^<]*)<', mood) == ["10", "1", "83%"]


def test_report_draws_a_chart_as_an_inline_png(session: Session):
    report = session.report()
    energy = section(report, "energy")
    images = re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', energy)
    assert len(images) == 1
    assert base64.b64decode(images[0]).startswith(PNG)
    alt = re.search(r'alt="([^"]*)"', energy).group(1)
    assert alt == "Charged up: 0, Steady: 6, Running on fumes: 6, It changes by the hour: 0; 12 answers, 0 skipped."
    for activity in ("arrival-mood", "recharge", "workload", "one-word"):
        assert "data:image/png;base64," in section(report, activity), activity


def test_participant_text_is_escaped_and_only_approved_text_appears(session: Session):
    report = session.report()
    small_win = section(report, "small-win")
    assert str(escape(XSS_SCRIPT)) in small_win  # &lt;script&gt;alert(&#39;xss&#39;)...
    assert "&lt;script&gt;alert(" in report
    assert str(escape(XSS_IMG)) in small_win
    assert "<script" not in report.lower()
    assert "<img src=x" not in report and "onerror=alert(1)>" not in report
    assert "&amp; more" in small_win
    # Pending, hidden and flagged texts never appear; neither does a pending group report.
    assert "pending secret" not in report
    assert "end it all" not in report
    assert "GROUP REPORT STILL PENDING" not in report
    assert "None of these answers was approved" in section(report, "group-idea")


def test_group_report_is_one_shared_answer_per_group_and_counted_as_such(session: Session):
    service, code = session.service, session.code
    groups = {n: service.my_group(code, {"participant": participant(n)})["group"] for n in range(PARTICIPANTS)}
    mate = next(n for n in range(1, PARTICIPANTS) if groups[n] == groups[0])
    # Any member of the group sees, and may rewrite, the report one of them wrote.
    assert service.my_answers(code, {"participant": participant(mate)})["answers"]["group-idea"]["value"] == "GROUP REPORT STILL PENDING"
    session.answer("group-idea", mate, "Swap handover notes earlier")
    queue = [i for i in service.moderation(code)["items"] if i["activity"] == "group-idea"]
    assert [(i["group"], i["text"]) for i in queue] == [(groups[0], "Swap handover notes earlier")]
    session.store.set_answer_status(code, "group-idea", next(a.key for a in session.store.answers(code, "group-idea")), "approved")
    group_idea = section(session.report(), "group-idea")
    assert "1 group report" in group_idea and "Swap handover notes earlier" in group_idea
    assert "one per group" in row(session.report(), service.workshop(code).activity("group-idea").prompt)


def test_suppressed_activity_shows_no_number(session: Session):
    report = session.report()
    ranking = section(report, "priorities")
    assert "Fewer than 5 answers: not shown, to protect anonymity." in ranking
    assert "<img" not in ranking
    # Neither the 3 answers nor the 2 skips (nor how many more are needed) can be read anywhere.
    text = re.sub(r"<[^>]+>", " ", ranking).replace("Fewer than 5 answers", "")
    assert not re.search(r"\d", text), text
    table_row = re.sub(r"<[^>]+>", " ", row(report, "Rank what you would most like more of.")).replace("fewer than 5", "")
    assert not re.search(r"\d", table_row), table_row


def test_report_footer_explains_suppression_and_moderation(session: Session):
    footer = re.search(r"<footer>.*</footer>", session.report(), re.S).group(0)
    assert "at least 5 people" in footer and "k = 5" in footer
    assert "approved" in footer


# charts -------------------------------------------------------------------------------------


def test_chart_png_for_every_chartable_kind_and_none_for_text_or_suppressed(session: Session):
    tally = session.service.tally(session.code)
    workshop = session.service.workshop(session.code)
    entries = {entry["id"]: entry for entry in tally["activities"]}
    drawn = {}
    for activity in workshop.activities:
        drawn[activity.kind] = chart_png(entries[activity.id], activity)
    for kind in ("choice", "mood", "multi_choice", "scale", "word_cloud"):
        assert drawn[kind] is not None and drawn[kind].startswith(PNG), kind
    assert drawn["text"] is None and drawn["group_report"] is None
    assert entries["priorities"]["suppressed"] and drawn["ranking"] is None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart-choice.png").write_bytes(drawn["choice"])
    (ARTIFACTS / "chart-scale.png").write_bytes(drawn["scale"])


def test_ranking_chart_and_data_uri(tmp_path: Path):
    s = Session(tmp_path / "data")
    s.open("priorities")
    orders = [["rest", "feedback", "connection", "autonomy"], ["connection", "rest", "autonomy", "feedback"]]
    for n in range(6):
        s.answer("priorities", n, orders[n % 2])
    entry = next(e for e in s.service.tally(s.code)["activities"] if e["id"] == "priorities")
    activity = s.service.workshop(s.code).activity("priorities")
    assert chart_png(entry, activity).startswith(PNG)
    uri = chart_data_uri(entry, activity, width=8, dpi=80)
    assert uri.startswith("data:image/png;base64,") and base64.b64decode(uri.split(",", 1)[1]).startswith(PNG)
    assert chart_data_uri({**entry, "suppressed": True, "tally": None}, activity) is None


def test_charts_survive_awkward_labels_and_many_options():
    workshop = build_workshop(
        {
            "id": "awkward",
            "title": "Awkward",
            "activities": [
                {
                    "id": "c",
                    "kind": "choice",
                    "prompt": "Costs of $5 or $10? " * 6,
                    "options": [{"id": f"o{i}", "label": f"Label $x$ {i} 🙂 " + "very long words " * i} for i in range(12)],
                }
            ],
        }
    )
    activity = workshop.activity("c")
    entry = {
        "id": "c", "kind": "choice", "count": 200, "skipped": 3, "suppressed": False,
        "tally": {"options": [{"id": f"o{i}", "label": activity.settings["options"][i]["label"], "count": 10 + i} for i in range(12)], "merged": None},
    }
    assert chart_png(entry, activity).startswith(PNG)


def test_charts_can_be_drawn_from_several_threads(session: Session):
    tally = session.service.tally(session.code)
    workshop = session.service.workshop(session.code)
    jobs = [(e, workshop.activity(e["id"])) for e in tally["activities"]] * 3
    one_by_one = [chart_png(entry, activity) for entry, activity in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda job: chart_png(*job), jobs))
    assert together == one_by_one


# the same numbers in words, and small numbers ------------------------------------------------


def energy_entry(counts: dict[str, int], skipped: int = 0) -> dict:
    """A tally entry of the demo's energy question, through the real kind (k = 5)."""
    from huddle.model import Answer
    from huddle.model.kinds import KINDS

    activity = bundled_workshops()["demo"].activity("energy")
    given = [Answer(option) for option, n in counts.items() for _ in range(n)]
    tally = KINDS["choice"].tally(activity.settings, given, 5)
    return {"id": "energy", "kind": "choice", "count": len(given), "skipped": skipped, "suppressed": tally.suppressed, "tally": tally.data}


def test_every_chart_in_the_report_has_its_numbers_as_alt_text_and_a_table(session: Session):
    report = session.report()
    tally = {e["id"]: e for e in session.service.tally(session.code)["activities"]}
    workshop = session.service.workshop(session.code)
    for activity in ("energy", "arrival-mood", "recharge", "workload", "one-word"):
        part = section(report, activity)
        alt = html.unescape(re.search(r'<img[^>]*alt="([^"]*)"', part).group(1))
        assert alt == chart_summary(tally[activity], workshop.activity(activity)), activity
        headings, rows = chart_table(tally[activity], workshop.activity(activity))
        table = re.search(r"<details class=\"numbers\">.*?</details>", part, re.S).group(0)
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", table)]
        assert cells == [cell for row in rows for cell in row], activity
        assert all(html.escape(h, quote=False) in table for h in headings)
    # The scale's words say what its ends mean, and that a merged bucket is combined.
    workload = chart_summary(tally["workload"], workshop.activity("workload"))
    assert workload.startswith("From 1 = Not at all to 5 = Completely.")
    assert "other answers combined: 6" in workload and "1 preferred not to say" in workload
    # Below k: no number at all, in words either.
    assert chart_summary(tally["priorities"], workshop.activity("priorities")) == "Waiting for more answers."
    assert chart_table(tally["priorities"], workshop.activity("priorities")) is None


def test_a_merged_bucket_is_drawn_striped_and_labelled_as_combined():
    activity = bundled_workshops()["demo"].activity("energy")
    entry = energy_entry({"steady": 6, "flat": 3, "mixed": 3}, skipped=1)
    figure = DRAW["categories"](entry, activity, None, {"width": 6.4, "height": 3.2, "dpi": 80, "counts": True})
    axes = figure.axes[0]
    labels = [tick.get_text() for tick in axes.get_yticklabels()]
    assert labels == ["Charged up", "Steady", OTHER]
    bars = axes.patches
    assert [bar.get_hatch() for bar in bars] == [None, None, HATCH]
    assert bars[2].get_facecolor() != bars[1].get_facecolor()
    assert axes.get_yticklabels()[2].get_fontstyle() == "italic"
    assert chart_summary(entry, activity) == "Charged up: 0, Steady: 6, other answers combined: 6; 12 answers, 1 skipped."
    assert chart_table(entry, activity) == (("Answer", "People"), [("Charged up", "0"), ("Steady", "6"), (OTHER, "6")])


def test_a_scale_chart_labels_both_ends():
    activity = bundled_workshops()["demo"].activity("workload")
    from huddle.model import Answer
    from huddle.model.kinds import KINDS

    tally = KINDS["scale"].tally(activity.settings, [Answer(v) for v in [1] * 5 + [3] * 5 + [5] * 5], 5)
    entry = {"id": "workload", "kind": "scale", "count": 15, "skipped": 0, "suppressed": False, "tally": tally.data}
    figure = DRAW["points"](entry, activity, None, {"width": 6.4, "height": 3.2, "dpi": 80, "counts": True})
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert "1 = Not at all" in texts and "5 = Completely" in texts
    assert chart_summary(entry, activity) == "From 1 = Not at all to 5 = Completely. 1: 5, 2: 0, 3: 5, 4: 0, 5: 5; average 3; 15 answers, 0 preferred not to say."


def test_only_the_combined_bucket_left_shows_waiting_everywhere(tmp_path: Path):
    # 8 answers over 4 options, each below k: merging leaves one 100 % bar that says nothing.
    entry = energy_entry({"charged": 3, "steady": 3, "flat": 2})
    activity = bundled_workshops()["demo"].activity("energy")
    assert entry["tally"]["merged"]["count"] == 8
    summary = chart_summary(entry, activity)
    assert summary.startswith("Waiting for more answers.") and not re.search(r"\d", summary)
    assert chart_table(entry, activity) is None
    # The projector and the dashboard draw through chart_png: a picture of the same words.
    picture = chart_png(entry, activity)
    assert picture.startswith(PNG) and picture != chart_png(energy_entry({"steady": 8}), activity)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart-waiting.png").write_bytes(chart_png(entry, activity, width=8, height=5, dpi=110, show_prompt=False))
    # The report: words, no chart, and no count of any option.
    s = Session(tmp_path / "data")
    s.open("energy")
    for n, choice in enumerate(["charged"] * 3 + ["steady"] * 3 + ["flat"] * 2):
        s.answer("energy", n, choice)
    part = section(s.report(), "energy")
    assert "Waiting for more answers" in part and "<img" not in part and "<details" not in part
    text = re.sub(r"<[^>]+>", " ", part.split('class="counts"')[1].split("</p>", 1)[1])
    assert not re.search(r"\d", text), text


# the run-sheet ------------------------------------------------------------------------------


def test_runsheet_lists_every_prompt_against_a_running_clock():
    workshop = bundled_workshops()["demo"]
    sheet = runsheet_html(workshop)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "runsheet.html").write_text(sheet, encoding="utf-8")
    assert "http://" not in sheet and "https://" not in sheet and "@media print" in sheet
    for activity in workshop.activities:
        assert activity.prompt in html.unescape(sheet), activity.id
    assert "Poll: single choice" in sheet and "Word cloud" in sheet
    clocks = [(float(a), float(b)) for a, b in re.findall(r'<td class="clock">([\d.]+)–([\d.]+)</td>', sheet)]
    assert len(clocks) == len(workshop.activities)
    assert clocks[0][0] == 0
    for (_, end), (start, _) in zip(clocks, clocks[1:]):
        assert start == end
    for (start, end), activity in zip(clocks, workshop.activities):
        assert end - start == activity.minutes
    assert clocks[-1][1] == workshop.minutes == 20
    assert f"{workshop.minutes:g} minutes" in sheet


def test_runsheet_escapes_content_and_shows_content_notes():
    workshop = build_workshop(
        {
            "id": "escape",
            "title": "Title <b>bold</b>",
            "minutes": 2.5,
            "activities": [
                {"id": "a", "kind": "text", "prompt": "Tell us <script>x()</script>", "minutes": 1.5, "content_note": "Mentions <i>loss</i>"},
                {"id": "b", "kind": "scale", "prompt": "Rate it", "minutes": 1, "min_label": "low", "max_label": "high"},
            ],
        }
    )
    sheet = runsheet_html(workshop)
    assert "<script>x()" not in sheet and "&lt;script&gt;x()" in sheet
    assert "Title &lt;b&gt;bold&lt;/b&gt;" in sheet
    assert "Content note: Mentions &lt;i&gt;loss&lt;/i&gt;" in sheet
    assert "0–1.5" in sheet and "1.5–2.5" in sheet
    assert "Open text (moderated)" in sheet and "Rating scale" in sheet


def test_runsheet_gives_joining_and_the_break_rows_and_spreads_the_transitions():
    workshop = build_workshop(
        {
            "id": "paced",
            "title": "Paced",
            "minutes": 40,
            "allowances": {"joining": 3, "transitions": 4, "break": 8},
            "break_after": "b",
            "activities": [
                {"id": "a", "kind": "text", "prompt": "First", "minutes": 5},
                {"id": "b", "kind": "text", "prompt": "Second", "minutes": 10},
                {"id": "c", "kind": "text", "prompt": "Third", "minutes": 10},
            ],
        }
    )
    sheet = runsheet_html(workshop)
    clocks = re.findall(r'<td class="clock">([\d.]+)–([\d.]+)</td>', sheet)
    # joining 0-3, first 3-8, two minutes to move, second 10-20, the break 20-28, two more, third 30-40
    assert clocks == [("0", "3"), ("3", "8"), ("10", "20"), ("20", "28"), ("30", "40")]
    assert "Joining and settling" in sheet and ">Break<" in sheet
    assert "3 activities" in sheet and "with 4 for moving between activities" in sheet


# architecture -------------------------------------------------------------------------------


def test_core_and_participant_code_do_not_import_the_reports():
    code = (
        "import sys, huddle.model, huddle.service, huddle.participant.app\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('huddle.reports') or m.split('.')[0] == 'matplotlib')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
