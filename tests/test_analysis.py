"""Programme evaluation: a series answered over the real HTTP API, read back with pandas.

Three sessions of 20 participants: module 1 (pre measures), module 2, module 6 (post measures).
Eight people make a pairing code for the Brief Resilience Scale both times and three for the
WHO-5, so the BRS gets a paired change (checked against a hand computation) and the WHO-5 does
not (fewer than k pairs). Besides the checks, the report is saved under test-artifacts/analysis/.
"""

from __future__ import annotations

import html
import json
import math
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from huddle.analysis import charts, example_series, load_series, series_report_html, summary, tables
from huddle.model import build_workshop
from huddle.service import Service
from huddle.store import SQLiteStore, open_store

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "analysis"
K = 5
PEOPLE = 20

# BRS answers that score exactly v: v on the plain items, 6 - v on the reversed ones (2, 4, 6).
def brs(v: int) -> dict[str, int]:
    return {"b1": v, "b2": 6 - v, "b3": v, "b4": 6 - v, "b5": v, "b6": 6 - v}


#: Items 2, 4, 6 reversed: (4 + 4 + 4 + 5 + 5 + 3) / 6 = 25 / 6.
MIXED = {"b1": 4, "b2": 2, "b3": 4, "b4": 1, "b5": 5, "b6": 3}
#: Two items skipped: four answered, below the BRS's min_answered of five, so no score.
TOO_FEW = {"b1": 3, "b2": None, "b3": 3, "b4": None, "b5": 3, "b6": 3}
#: One skipped: five answered, scored as their mean after reversing: (4 + 4 + 4 + 4 + 4) / 5.
ONE_SKIPPED = {"b1": 4, "b2": None, "b3": 4, "b4": 2, "b5": 4, "b6": 2}

PAIRED_PRE = [brs(2), brs(3), brs(2), brs(3), MIXED, brs(4), brs(3), brs(2)]
PAIRED_POST = [brs(3), brs(3), brs(3), brs(4), brs(5), brs(4), brs(4), brs(2)]
PAIRED_SCORES = ([2, 3, 2, 3, 25 / 6, 4, 3, 2], [3, 3, 3, 4, 5, 4, 4, 2])
CODES = [f"Mx{n:02d}-b" for n in range(8)]  # normalised by the server to MX00B and so on
WHO5_CODES = ["WHOA1", "WHOB2", "WHOC3"]


def who5(v: int) -> dict[str, int]:
    return {f"w{i}": v for i in range(1, 6)}


class SeriesRun:
    """One series on the shared server, answered as participants would."""

    def __init__(self, server) -> None:
        self.server = server
        self.name = f"Spring {uuid.uuid4().hex[:8]}"
        self.admin = {"Authorization": f"Bearer {server.admin_token}"}
        self.sessions: list[dict] = []

    def session(self, workshop: str) -> dict:
        response = requests.post(f"{self.server.api}/sessions", json={"workshop": workshop, "series": self.name}, headers=self.admin, timeout=10)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["series"] == self.name
        self.sessions.append(created)
        return created

    def answer(self, session: dict, activity: str, person: int, value, *, link: str | None = None, skip: bool = False) -> dict:
        token = f"{session['code']}-person-{person:04d}"
        self.server.join(session, token)
        body = {"activity": activity, "participant": token, "submission_id": uuid.uuid4().hex[:16]}
        body.update({"skip": True} if skip else {"value": value})
        if link is not None:
            body["link"] = link
        response = requests.post(f"{self.server.api}/sessions/{session['code']}/responses", json=body, timeout=10)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture(scope="module")
def run(server) -> SeriesRun:
    s = SeriesRun(server)
    first = s.session("foundations")
    s.server.control(first, "open", activity="resilience-before")
    receipts = [s.answer(first, "resilience-before", n, PAIRED_PRE[n], link=CODES[n]) for n in range(8)]
    assert all(r["linked"] for r in receipts)
    for n in range(8, 18):
        s.answer(first, "resilience-before", n, brs(3 if n % 2 else 4))
    s.answer(first, "resilience-before", 18, ONE_SKIPPED)
    s.answer(first, "resilience-before", 19, TOO_FEW)
    s.server.control(first, "open", activity="wellbeing-before")
    for n in range(PEOPLE):
        s.answer(first, "wellbeing-before", n, who5(3), link=WHO5_CODES[n] if n < 3 else None)
    s.server.control(first, "open", activity="then-and-now")
    for n in range(PEOPLE):
        rating = {"describe": {"before": 2, "now": 4}, "pause": {"before": 3, "now": 4}}
        if n < 3:
            rating["skills"] = {"before": 1, "now": 5}  # rated by three: below k, hidden
        s.answer(first, "then-and-now", n, rating)
    s.server.control(first, "open", activity="feedback-helped")
    for n in range(PEOPLE):
        s.answer(first, "feedback-helped", n, ["breathing"] if n < 12 else ["agreements", "breathing"], skip=n == 19)

    second = s.session("stress-and-the-body")
    s.server.control(second, "open", activity="feedback-helped")
    for n in range(PEOPLE):
        s.server.join(second, f"{second['code']}-person-{n:04d}")
    for n in range(3):  # three answers: the whole item stays hidden
        s.answer(second, "feedback-helped", n, ["breathing"])

    third = s.session("connection-and-help-seeking")
    s.server.control(third, "open", activity="resilience-after")
    for n in range(8):
        s.answer(third, "resilience-after", n, PAIRED_POST[n], link=CODES[n].upper().replace("-", ""))
    for n in range(8, PEOPLE):
        s.answer(third, "resilience-after", n, brs(4))
    s.server.control(third, "open", activity="wellbeing-after")
    for n in range(PEOPLE):
        s.answer(third, "wellbeing-after", n, who5(4), link=WHO5_CODES[n] if n < 3 else None)
    return s


@pytest.fixture(scope="module")
def loaded(run):
    store = open_store(run.server.data)
    yield load_series(store, run.name), store
    store.close()


def digests(run, store) -> set[str]:
    found = set()
    for session in run.sessions:
        found |= set(store.links(session["code"]).values())
    return found


def brs_summary(loaded) -> dict:
    found = summary(loaded[0], K)
    return next(m for m in found["learning"]["measures"] if m["instrument"] == "brs")


# loading -----------------------------------------------------------------------------------


def test_the_series_loads_into_tidy_frames(run, loaded):
    series, _ = loaded
    # Oldest first; sessions made in the same second keep no order between them.
    assert sorted(series.sessions["code"]) == sorted(s["code"] for s in run.sessions)
    assert list(series.sessions["created_at"]) == sorted(series.sessions["created_at"])
    assert list(series.sessions["participants"]) == [PEOPLE, PEOPLE, PEOPLE]
    measures = series.measures
    assert set(measures.columns) >= {"session", "activity", "instrument", "phase", "link", "score"}
    brs_pre = measures[(measures["instrument"] == "brs") & (measures["phase"] == "pre")]
    assert len(brs_pre) == PEOPLE and brs_pre["link"].notna().sum() == 8
    # Reverse scoring: items 2, 4 and 6 count 6 - value.
    assert any(math.isclose(score, 25 / 6) for score in brs_pre["score"].dropna())
    # Skipped items: four answered is below min_answered (no score), five answered is the mean of five.
    assert brs_pre.loc[brs_pre["answered"] == 4, "score"].isna().all()
    assert list(brs_pre.loc[brs_pre["answered"] == 5, "score"]) == [4.0]
    retro = series.retrospective
    assert len(retro[retro["item"] == "describe"]) == PEOPLE and set(retro["before"].dropna()) <= {1, 2, 3}
    assert "feedback-helped" in set(series.reactions["activity"])


def test_paired_change_equals_a_hand_computation(loaded):
    measure = brs_summary(loaded)
    before, after = PAIRED_SCORES
    changes = [b - a for a, b in zip(before, after)]
    n = len(changes)
    mean = sum(changes) / n
    sd = math.sqrt(sum((c - mean) ** 2 for c in changes) / (n - 1))
    t = 2.364624251592785  # the t distribution's 97.5th percentile for 7 degrees of freedom
    paired = measure["paired"]
    assert paired["shown"] and paired["n"] == 8
    assert paired["mean_change"] == round(mean, 2)
    assert paired["sd_change"] == round(sd, 2)
    assert paired["ci95"] == [round(mean - t * sd / math.sqrt(n), 2), round(mean + t * sd / math.sqrt(n), 2)]
    assert paired["d_z"] == round(mean / sd, 2)
    # Unpaired means over every scored answer: 19 before (one had too few items), 20 after.
    pre_scores = before + [3 if n % 2 else 4 for n in range(8, 18)] + [4.0]
    assert measure["pre"]["n"] == 19 and measure["pre"]["mean"] == round(sum(pre_scores) / 19, 2)
    assert measure["pre"]["unscored"] is None  # one unscored answer: fewer than k, not shown
    assert measure["post"]["n"] == PEOPLE and measure["post"]["mean"] == round((sum(after) + 4 * 12) / PEOPLE, 2)


def test_fewer_than_k_pairs_shows_no_paired_figure(loaded):
    series, _ = loaded
    found = summary(series, K)
    who = next(m for m in found["learning"]["measures"] if m["instrument"] == "who5")
    assert who["paired"]["shown"] is False
    assert all(who["paired"][key] is None for key in ("n", "mean_change", "ci95", "sd_change", "d_z"))
    assert who["pre"]["mean"] == 60.0 and who["post"]["mean"] == 80.0  # unpaired means still shown
    report = series_report_html(series, K, generated="1 June 2027, 09:00")
    part = report.split("WHO-5 Well-Being Index", 1)[1].split("<h3>", 1)[0]
    assert "Fewer than 5 people gave the same pairing code" in part
    text = re.sub(r"<[^>]+>", " ", part)
    assert not re.search(r"\b3 (pairs|people gave)", text) and "Pairs: 3" not in report
    # With k above the BRS's eight pairs, its paired figure goes too.
    assert summary(series, 9)["learning"]["measures"][0]["paired"]["n"] is None


def test_small_numbers_are_suppressed_everywhere(loaded):
    series, _ = loaded
    found = summary(series, K)
    retro = found["learning"]["retrospective"][0]
    skills = next(i for i in retro["items"] if i["id"] == "skills")
    assert skills == {**skills, "n": None, "before": None, "now": None, "change": None}
    describe = next(i for i in retro["items"] if i["id"] == "describe")
    assert describe["n"] == PEOPLE and describe["before"] == 2 and describe["now"] == 4 and describe["change"] == 2
    second = found["reaction"]["sessions"][1]["items"][0]
    assert second["suppressed"] and second["count"] is None and second["tally"] is None
    first = found["reaction"]["sessions"][0]["items"][0]
    assert first["count"] == 19 and first["skipped"] is None  # one skip: fewer than k
    options = {o["id"]: o["count"] for o in first["tally"]["options"]}
    assert options["breathing"] == 19 and options["agreements"] == 7
    # The third session: nobody joined but the answerers, so attendances add up only where shown.
    assert found["participation"]["sessions"][0]["participants"] == PEOPLE


def test_the_pairing_digest_and_code_never_appear(run, loaded):
    series, store = loaded
    found = digests(run, store)
    assert len(found) >= 8
    text = json.dumps(summary(series, K)) + series_report_html(series, K) + "".join(t.to_csv() for t in tables(series, K).values())
    for digest in found:
        assert digest not in text
    for code in CODES + WHO5_CODES:
        assert code not in text and code.upper().replace("-", "") not in text


def test_the_api_answers_the_same_summary(run, loaded):
    series, _ = loaded
    url = f"{run.server.api}/series/{requests.utils.quote(run.name)}"
    assert requests.get(url, timeout=10).status_code == 401
    response = requests.get(url, headers=run.admin, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(json.dumps(summary(series, K)))


# the report --------------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if re.fullmatch(r"h[1-4]", tag):
            self.headings.append(tag)


def test_the_report_is_self_contained_by_level_and_states_n_and_limits(loaded):
    series, _ = loaded
    report = series_report_html(series, K, generated="1 June 2027, 09:00")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "series-report.html").write_text(report, encoding="utf-8")
    assert report.lstrip().lower().startswith("<!doctype html>")
    assert "http://" not in report and "https://" not in report
    assert not re.search(r"<(link|script|iframe|object|embed)\b", report, re.I)
    assert "@media print" in report and 'name="viewport"' in report
    tags = Tags()
    tags.feed(report)
    assert tags.images and all(img["src"].startswith("data:image/png;base64,") and len(img.get("alt", "")) > 20 for img in tags.images)
    assert tags.headings[0] == "h1" and tags.headings.count("h1") == 1
    for heading in ("Participation", "Reaction", "Learning", "Behaviour"):
        assert re.search(rf"<h2[^>]*>{heading}", report), heading
    for limit in ("Self-report", "No control group", "chose to make a pairing code", "never a diagnosis"):
        assert limit in html.unescape(report), limit
    assert re.search(r"Sessions</dt><dd>3</dd>", report)
    assert "<th scope=\"col\"" in report and "<caption" in report


def test_hostile_names_are_escaped(tmp_path: Path):
    store = SQLiteStore.in_folder(tmp_path / "data")
    service = Service(store)
    workshop = build_workshop(
        {
            "id": "hostile",
            "title": "<script>alert('title')</script>",
            "minutes": 5,
            "activities": [
                {"id": "feedback-helped", "kind": "multi_choice", "prompt": "<img src=x onerror=alert(1)>", "minutes": 2,
                 "options": [{"id": "a", "label": "<b>bold</b>"}, {"id": "b", "label": "B & $x$"}]},
            ],
        }
    )
    name = "O'Brien (the lead)"
    code = service.create_session(workshop, "http://example", name)["code"]
    service.control(code, {"action": "open", "activity": "feedback-helped"})
    for n in range(6):
        token = f"hostile-person-{n:06d}"
        service.join(code, {"participant": token})
        service.submit(code, {"activity": "feedback-helped", "participant": token, "submission_id": f"sub-{n:08d}", "value": ["a", "b"]})
    series = load_series(store, name)
    report = series_report_html(series, K)
    assert "<script>alert" not in report and "&lt;script&gt;alert(" in report
    assert "<img src=x" not in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "<b>bold</b>" not in report
    assert "O&#39;Brien (the lead)" in report
    found = summary(series, K)
    assert found["participation"]["sessions"][0]["participants"] == 6 and found["n"]["attendances"] == 6
    store.close()


def test_a_session_below_k_hides_its_count_and_the_total(tmp_path: Path):
    store = SQLiteStore.in_folder(tmp_path / "data")
    service = Service(store)
    from huddle.content import find_workshop

    sizes = {}
    for people in (6, 3):
        code = service.create_session(find_workshop("demo"), "http://example", "Small")["code"]
        sizes[code] = people
        for n in range(people):
            service.join(code, {"participant": f"small-person-{code}-{n:04d}"})
    series = load_series(store, "Small")
    found = summary(series, K)
    shown = {s["code"]: s["participants"] for s in found["participation"]["sessions"]}
    assert shown == {code: (people if people >= K else None) for code, people in sizes.items()}
    assert found["participation"]["attendances"] is None and found["n"]["attendances"] is None
    report = series_report_html(series, K)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", report.split('id="participation"')[1].split("</table>")[0], re.S)
    small = next(row for row in rows if "fewer than 5" in row)
    assert ">3<" not in small and ">9<" not in report
    assert set(charts(series, K)) == {"participation", "reaction", "learning", "behaviour"}
    store.close()


def test_the_example_series_has_pairs_and_a_check_in(tmp_path: Path):
    name = example_series(tmp_path / "data", sessions=2, participants=12, seed=3)
    store = open_store(tmp_path / "data")
    series = load_series(store, name)
    assert len(series.sessions) == 3 and series.sessions["follow_up"].tolist() == [False, False, True]
    assert series.measures["link"].notna().any()
    found = summary(series, K)
    assert {m["instrument"] for m in found["learning"]["measures"]} == {"brs", "who5"}
    assert found["behaviour"]["checkins"][0]["workshop"] == "followup-4-weeks"
    store.close()


@pytest.mark.browser
def test_the_report_fits_a_laptop_screen_and_a_phone_and_prints(loaded, chromium, tmp_path: Path):
    series, _ = loaded
    path = tmp_path / "series-report.html"
    path.write_text(series_report_html(series, K), encoding="utf-8")
    for size in ({"width": 1280, "height": 720}, {"width": 360, "height": 740}):
        page = chromium.new_page(viewport=size)
        try:
            page.goto(path.as_uri())
            # Nothing makes the page scroll sideways; a wide table may scroll inside its own box.
            wide = page.evaluate(
                "() => [...document.querySelectorAll('main > *, main img, main h1, main h2, main h3, main p')]"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + ' ' + e.className)"
            )
            assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"], wide
            assert not wide
            assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            if size["width"] == 1280:
                assert page.pdf(format="A4")[:4] == b"%PDF"
        finally:
            page.close()
