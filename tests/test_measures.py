"""Questionnaires (measures) and then-and-now ratings: scoring, checking, tallying, content and rendering.

Pure: no server, no browser. The numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from huddle.content import bundled_instruments, bundled_workshops, check_text, instrument_for
from huddle.model import KINDS, Activity, Answer, InvalidValue, TooLarge
from huddle.model.kinds.measure import check_instrument, instrument_of, score, score_range
from huddle.participant.answers.measure import link_code
from huddle.participant.results import WAITING, results_html
from huddle.reports.charts import chart_png, chart_summary, chart_table

# As a workshop written in English alone carries them.
BRS = instrument_for(bundled_instruments()["brs"], ["en"])
WHO5 = instrument_for(bundled_instruments()["who5"], ["en"])
MEASURE = KINDS["measure"]
RETRO = KINDS["retrospective"]
SETTINGS = {"instrument": BRS, "phase": "pre"}


def brs(*values):
    return dict(zip(["b1", "b2", "b3", "b4", "b5", "b6"], values))


def given(*values):
    return [Answer(v) for v in values]


# the bundled instruments -----------------------------------------------------------------------


def test_the_bundled_instruments_are_valid_and_carry_their_terms():
    assert set(bundled_instruments()) == {"brs", "who5"}
    for instrument in (BRS, WHO5):
        assert check_instrument(instrument) == []
        assert instrument["licence"] and instrument["citation"] and "not a diagnosis" in instrument["not_a_diagnosis"]
        assert list(instrument["range"]) == list(score_range(instrument))
    assert "Smith BW" in BRS["citation"] and "2008;15(3):194-200" in BRS["citation"]
    assert "Free to use" in BRS["licence"] and "Cite Smith" in BRS["licence"]
    assert "Topp CW, Østergaard SD, Søndergaard S, Bech P" in WHO5["citation"] and "2015;84(3):167-176" in WHO5["citation"]
    assert "unrestricted use" in WHO5["licence"]


def test_the_items_and_scales_are_worded_as_published():
    assert [i["text"] for i in BRS["items"]] == [
        "I tend to bounce back quickly after hard times",
        "I have a hard time making it through stressful events",
        "It does not take me long to recover from a stressful event",
        "It is hard for me to snap back when something bad happens",
        "I usually come through difficult times with little trouble",
        "I tend to take a long time to get over set-backs in my life",
    ]
    assert [i["id"] for i in BRS["items"] if i.get("reverse")] == ["b2", "b4", "b6"]
    assert [(p["value"], p["label"]) for p in BRS["scale"]] == [
        (1, "Strongly disagree"), (2, "Disagree"), (3, "Neutral"), (4, "Agree"), (5, "Strongly agree"),
    ]
    assert [i["text"] for i in WHO5["items"]] == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]
    assert [(p["value"], p["label"]) for p in WHO5["scale"]] == [
        (5, "All of the time"), (4, "Most of the time"), (3, "More than half of the time"),
        (2, "Less than half of the time"), (1, "Some of the time"), (0, "At no time"),
    ]
    assert "last two weeks" in WHO5["stem"]
    assert not any(i.get("reverse") for i in WHO5["items"])


# scoring --------------------------------------------------------------------------------------


def test_reverse_items_are_scored_min_plus_max_minus_value():
    # Strongly agreeing with everything: 5, (6-5)=1, 5, 1, 5, 1 -> mean 3.
    assert score(BRS, brs(5, 5, 5, 5, 5, 5)) == 3.0
    # A person who bounces back: 5, (6-1)=5, 4, (6-2)=4, 4, (6-1)=5 -> 27 / 6 = 4.5.
    assert score(BRS, brs(5, 1, 4, 2, 4, 1)) == 4.5
    # The other way round: 1, (6-5)=1, 2, (6-4)=2, 2, (6-5)=1 -> 9 / 6 = 1.5.
    assert score(BRS, brs(1, 5, 2, 4, 2, 5)) == 1.5


def test_the_min_answered_rule_decides_whether_there_is_a_score():
    # BRS: at least five of six. One skipped: the mean of the five answered.
    # 5, (6-1)=5, 4, (6-2)=4, skipped, (6-1)=5 -> 23 / 5 = 4.6.
    assert score(BRS, brs(5, 1, 4, 2, None, 1)) == pytest.approx(4.6)
    # A missing key counts as skipped too.
    assert score(BRS, {"b1": 5, "b2": 1, "b3": 4, "b4": 2, "b6": 1}) == pytest.approx(4.6)
    assert score(BRS, brs(5, 1, 4, None, None, 1)) is None
    assert score(BRS, {}) is None


def test_who5_is_the_raw_sum_times_four_and_needs_all_five():
    answer = {"w1": 3, "w2": 4, "w3": 2, "w4": 1, "w5": 5}
    assert score(WHO5, answer) == (3 + 4 + 2 + 1 + 5) * 4 == 60
    assert score(WHO5, {"w1": 5, "w2": 5, "w3": 5, "w4": 5, "w5": 5}) == 100
    assert score(WHO5, {"w1": 0, "w2": 0, "w3": 0, "w4": 0, "w5": 0}) == 0
    assert score(WHO5, {**answer, "w3": None}) is None


def test_a_prorated_sum_keeps_its_range_when_the_rule_allows_a_skip():
    lenient = copy.deepcopy(WHO5)
    lenient["scoring"]["min_answered"] = 4
    # Four answered, mean 3.5, times five items, times 4 -> 70 (as if the fifth were 3.5).
    assert score(lenient, {"w1": 3, "w2": 4, "w3": None, "w4": 3, "w5": 4}) == 70


# checking answers ------------------------------------------------------------------------------


def test_an_answer_is_normalised_to_every_item_in_order():
    assert MEASURE.check_answer(SETTINGS, {"b3": 4, "b1": 2}) == {"b1": 2, "b2": None, "b3": 4, "b4": None, "b5": None, "b6": None}
    assert MEASURE.check_answer({"instrument": WHO5}, {"w1": 0}) == {"w1": 0, "w2": None, "w3": None, "w4": None, "w5": None}


@pytest.mark.parametrize("value, error, words", [
    ("4", InvalidValue, "as a set"),
    ([4, 4, 4], InvalidValue, "as a set"),
    ({"b1": 6}, InvalidValue, "Item 1: please pick a whole number from 1 to 5"),
    ({"b2": 0}, InvalidValue, "Item 2"),
    ({"b1": 2.5}, InvalidValue, "whole number"),
    ({"b1": True}, InvalidValue, "whole number"),
    ({"b1": "4"}, InvalidValue, "whole number"),
    ({"b7": 3}, InvalidValue, "'b7' is not one of this questionnaire's items"),
    ({"b1": None, "b2": None}, InvalidValue, "at least one item"),
    ({}, InvalidValue, "at least one item"),
    ({f"x{n}": 1 for n in range(50)}, TooLarge, "at most 40"),
])
def test_a_bad_answer_is_refused_with_a_clear_message(value, error, words):
    with pytest.raises(error, match=words):
        MEASURE.check_answer(SETTINGS, value)


# the tally -------------------------------------------------------------------------------------


def test_the_tally_is_the_group_mean_and_sd_and_never_a_person_score():
    # Scores 4.5, 4.5, 3.0, 1.5, 4.6 -> mean 18.1 / 5 = 3.62; squared deviations 0.7744 + 0.7744
    # + 0.3844 + 4.4944 + 0.9604 = 7.388, / (5 - 1) = 1.847, sample SD = 1.36.
    answers = given(brs(5, 1, 4, 2, 4, 1), brs(5, 1, 4, 2, 4, 1), brs(5, 5, 5, 5, 5, 5), brs(1, 5, 2, 4, 2, 5), brs(5, 1, 4, 2, None, 1))
    tally = MEASURE.tally(SETTINGS, answers, 5)
    assert not tally.suppressed
    assert tally.data == {"n": 5, "mean": 3.62, "sd": 1.36, "range": [1, 5], "instrument": "brs", "phase": "pre"}


def test_the_tally_is_suppressed_below_k_scored_answers():
    scored = [brs(5, 1, 4, 2, 4, 1)] * 4
    unscored = [brs(5, None, None, None, None, 1)] * 3  # too few items for a score
    tally = MEASURE.tally(SETTINGS, given(*scored, *unscored), 5)
    assert tally.suppressed and tally.data is None  # seven answers, but only four scores
    assert not MEASURE.tally(SETTINGS, given(*scored, brs(3, 3, 3, 3, 3, None)), 5).suppressed


# settings --------------------------------------------------------------------------------------


def test_every_problem_with_an_inline_instrument_is_reported_with_its_path():
    broken = copy.deepcopy(BRS)
    broken["id"] = "Bad Id"
    del broken["citation"]
    broken["colour"] = "blue"
    broken["scale"][1]["value"] = 1
    broken["items"][2]["id"] = "b1"
    broken["items"][3]["reverse"] = "yes"
    broken["scoring"]["method"] = "median"
    broken["scoring"]["min_answered"] = 7
    problems = {(p.path, p.message) for p in MEASURE.check_settings({"instrument": broken, "phase": "during"})}
    paths = {path for path, _ in problems}
    assert {
        ("instrument", "id"),
        ("instrument", "citation"),
        ("instrument", "colour"),
        ("instrument", "scale", 1, "value"),
        ("instrument", "items", 2, "id"),
        ("instrument", "items", 3, "reverse"),
        ("instrument", "scoring", "method"),
        ("instrument", "scoring", "min_answered"),
        ("phase",),
    } <= paths
    assert any("from 1 to 6" in message for path, message in problems if path == ("instrument", "scoring", "min_answered"))


def test_a_range_that_does_not_match_the_scoring_rule_is_a_problem():
    wrong = copy.deepcopy(WHO5)
    wrong["range"] = [0, 25]
    problems = MEASURE.check_settings({"instrument": wrong})
    assert [(p.path, p.message) for p in problems] == [(("instrument", "range"), "the scoring rule gives scores from 0 to 100, not 0 to 25")]


def test_a_measure_needs_an_instrument():
    assert [p.path for p in MEASURE.check_settings({})] == [("instrument",)]
    assert instrument_of({}) == {}


# content: expanding bundled ids ----------------------------------------------------------------

WORKSHOP = """\
id: evaluation
title: Evaluation
minutes: 6
activities:
  - id: before
    kind: measure
    prompt: "Before we start"
    minutes: 3
    instrument: {instrument}
    phase: pre
  - id: then-and-now
    kind: retrospective
    prompt: "Then and now"
    minutes: 3
    items:
      - {{id: one, text: "Describing what resilience is"}}
      - {{id: two, text: "Planning a recovery break"}}
    min_label: "Not at all confident"
    max_label: "Very confident"
"""


def test_a_bundled_id_is_expanded_into_the_whole_instrument():
    workshop, problems = check_text(WORKSHOP.format(instrument="brs"), "evaluation.yaml")
    assert problems == []
    activity = workshop.activity("before")
    assert activity.settings["instrument"] == BRS and activity.settings["instrument"] is not BRS
    # The session's snapshot is the public form: it carries the whole instrument, not its id.
    assert Activity.from_public(activity.to_public()).settings["instrument"]["items"][1]["reverse"] is True


def test_a_site_may_give_its_own_instrument_inline():
    inline = "\n".join("      " + line for line in __import__("yaml").safe_dump(dict(WHO5, id="site-who5"), allow_unicode=True).splitlines())
    text = WORKSHOP.replace("    instrument: {instrument}\n", "    instrument:\n" + inline + "\n").replace("{{", "{").replace("}}", "}")
    workshop, problems = check_text(text, "evaluation.yaml")
    assert problems == [], problems
    assert workshop.activity("before").settings["instrument"]["id"] == "site-who5"


def test_an_unknown_instrument_id_is_one_located_problem(tmp_path):
    path = tmp_path / "evaluation.yaml"
    path.write_text(WORKSHOP.format(instrument="cd-risc"))
    result = subprocess.run([sys.executable, "-m", "huddle.cli", "validate", str(path)], capture_output=True, text=True)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "instrument" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}:9: activities[1].instrument:")
    assert "no bundled instrument has the id 'cd-risc'" in lines[0] and "brs, who5" in lines[0]


def test_the_demo_has_a_measure_and_a_retrospective_that_validate():
    demo = bundled_workshops()["demo"]
    kinds = {a.kind: a for a in demo.activities}
    assert kinds["measure"].settings["instrument"]["id"] == "brs"
    assert len(kinds["retrospective"].settings["items"]) >= 2


# then and now ----------------------------------------------------------------------------------

RETRO_SETTINGS = {
    "items": [{"id": "one", "text": "Describing what resilience is"}, {"id": "two", "text": "Planning a recovery break"}],
    "min_label": "Not at all confident",
    "max_label": "Very confident",
}


def test_a_then_and_now_answer_keeps_the_items_rated():
    assert RETRO.check_answer(RETRO_SETTINGS, {"two": {"now": 4, "before": 2}}) == {"two": {"before": 2, "now": 4}}
    assert RETRO.check_answer(RETRO_SETTINGS, {"one": {"before": 1, "now": 5}, "two": None}) == {"one": {"before": 1, "now": 5}}


@pytest.mark.parametrize("value, error, words", [
    ([2, 4], InvalidValue, "as a set"),
    ({"one": {"before": 2}}, InvalidValue, "Item 1: please pick a number from 1 to 5 for both"),
    ({"one": {"before": 0, "now": 3}}, InvalidValue, "Item 1"),
    ({"two": {"before": 2, "now": 6}}, InvalidValue, "Item 2"),
    ({"one": {"before": 2, "now": 3, "later": 4}}, InvalidValue, "both before and now"),
    ({"three": {"before": 2, "now": 3}}, InvalidValue, "'three' is not one of this activity's items"),
    ({}, InvalidValue, "at least one item"),
    ({f"x{n}": {} for n in range(9)}, TooLarge, "at most 8"),
])
def test_a_bad_then_and_now_answer_is_refused(value, error, words):
    with pytest.raises(error, match=words):
        RETRO.check_answer(RETRO_SETTINGS, value)


def test_then_and_now_settings_are_checked_with_paths():
    problems = RETRO.check_settings({"items": [{"id": "one", "text": "A"}, {"id": "one", "text": ""}]})
    assert {p.path for p in problems} == {("min_label",), ("max_label",), ("items", 1, "id"), ("items", 1, "text")}
    assert [p.path for p in RETRO.check_settings({**RETRO_SETTINGS, "items": RETRO_SETTINGS["items"][:1]})] == [("items",)]


def test_then_and_now_tally_hides_items_rated_by_too_few_and_everything_below_k():
    both = {"one": {"before": 2, "now": 4}, "two": {"before": 3, "now": 3}}
    only_one = {"one": {"before": 1, "now": 4}}
    assert RETRO.tally(RETRO_SETTINGS, given(*[both] * 4), 5).suppressed
    tally = RETRO.tally(RETRO_SETTINGS, given(*[both] * 4, only_one, only_one), 5).data
    # Item one: befores 2,2,2,2,1,1 -> 10/6 = 1.67; nows all 4. Item two: four ratings, below k.
    assert tally["n"] == 6
    assert tally["items"] == [
        {"id": "one", "text": "Describing what resilience is", "n": 6, "before": 1.67, "now": 4.0},
        {"id": "two", "text": "Planning a recovery break", "n": None, "before": None, "now": None},
    ]


# rendering: the room, the dashboard and projector (charts), the report ----------------------------


def entry(kind, tally, count=12):
    return {"id": "x", "kind": kind, "count": count, "skipped": 1, "suppressed": tally is None, "tally": tally}


SCORE = {"n": 12, "mean": 3.42, "sd": 0.61, "range": [1, 5], "instrument": "brs", "phase": "pre"}
MEASURE_ACTIVITY = Activity(id="x", kind="measure", prompt="Bouncing back", settings=SETTINGS)
RETRO_ACTIVITY = Activity(id="x", kind="retrospective", prompt="Then and now", settings=RETRO_SETTINGS)
BEFORE_NOW = {"n": 12, "min": 1, "max": 5, "items": [
    {"id": "one", "text": "Describing what resilience is", "n": 12, "before": 2.4, "now": 3.9},
    {"id": "two", "text": "Planning a recovery break", "n": None, "before": None, "now": None},
]}


def test_the_room_sees_a_group_summary_only():
    page = results_html(entry("measure", SCORE), MEASURE_ACTIVITY.to_public())
    assert "12 people · mean 3.4 on 1–5" in page and "not a diagnosis" in page and "nobody's own score" in page
    assert "answers so far" not in page  # 12 scored is the count that matters
    assert results_html(entry("measure", None), MEASURE_ACTIVITY.to_public()) == WAITING
    retro = results_html(entry("retrospective", BEFORE_NOW), RETRO_ACTIVITY.to_public())
    assert "Describing what resilience is" in retro and "Before 2.4" in retro and "Now 3.9" in retro
    assert "Too few ratings to show" in retro and "12 people" in retro


def test_charts_and_their_text_equivalents_show_the_same_summary():
    for kind, tally, activity in (("measure", SCORE, MEASURE_ACTIVITY), ("retrospective", BEFORE_NOW, RETRO_ACTIVITY)):
        png = chart_png(entry(kind, tally), activity)
        assert png is not None and png.startswith(b"\x89PNG")
        assert chart_png(entry(kind, None), activity) is None
        assert chart_summary(entry(kind, None), activity) == "Waiting for more answers."
    summary = chart_summary(entry("measure", SCORE), MEASURE_ACTIVITY)
    assert summary.startswith("Brief Resilience Scale: 12 people · mean 3.4 on 1–5") and "not a diagnosis" in summary
    assert chart_table(entry("measure", SCORE), MEASURE_ACTIVITY)[1][:2] == [("People with a score", "12"), ("Mean", "3.42")]
    retro = chart_summary(entry("retrospective", BEFORE_NOW), RETRO_ACTIVITY)
    assert "Describing what resilience is: before 2.4, now 3.9" in retro and "Planning a recovery break: too few ratings to show" in retro


def test_the_report_cites_the_instrument_and_shows_only_the_summary():
    from huddle.model import Workshop
    from huddle.reports.report import build_report

    workshop = Workshop(id="w", title="Evaluation", activities=(MEASURE_ACTIVITY, Activity(id="y", kind="retrospective", prompt="Then and now", settings=RETRO_SETTINGS)))
    tally = {"k": 5, "participants": 14, "signals": {}, "activities": [entry("measure", SCORE), {**entry("retrospective", None, 3), "id": "y"}]}
    report = build_report({"title": "Evaluation", "code": "ABC123", "status": "ended"}, tally, workshop, generated="today")
    assert "Smith BW" in report and "Free to use" in report and "not a diagnosis" in report
    assert "Brief Resilience Scale: 12 people · mean 3.4 on 1–5" in report
    assert "Fewer than 5 answers: not shown" in report


# the pairing code ------------------------------------------------------------------------------


@pytest.mark.parametrize("parts, code", [
    (("Ma", "7", "lagos"), "MA07L"),
    (("zoë", "07", "Ürümqi"), "ZO07U"),
    (("M", "07", "L"), None),
    (("MA", "32", "L"), None),
    (("MA", "", "L"), None),
    (("MA", "07", ""), None),
    (("12", "07", "L"), None),
])
def test_the_pairing_code_is_made_from_three_complete_parts(parts, code):
    assert link_code(*parts) == code


def test_the_dashboard_and_projector_give_the_summary_in_words():
    from huddle.dashboard.flow import projector_results, results_text

    words = results_text(entry("measure", SCORE), MEASURE_ACTIVITY)
    assert "12 people · mean 3.4 on 1–5" in words.summary and words.rows[0] == ("People with a score", "12")
    state = {"current": {**MEASURE_ACTIVITY.to_public(), "status": "open"}, "revealed": True}
    shown = projector_results(state, entry("measure", SCORE), 5)
    assert shown.what == "chart" and "mean 3.4" in shown.text.summary
    assert projector_results(state, entry("measure", None), 5).what == "message"
    retro = results_text(entry("retrospective", BEFORE_NOW), RETRO_ACTIVITY)
    assert retro.headings == ("Item", "Average before → now") and retro.rows[0] == ("Describing what resilience is", "2.4 → 3.9")


def test_the_who5_has_the_official_spanish_wording_in_a_spanish_workshop():
    spanish = instrument_for(bundled_instruments()["who5"], ["en", "es"])
    assert [i["text"]["es"] for i in spanish["items"]][0] == "Me he sentido alegre y de buen humor"
    assert [p["label"]["es"] for p in spanish["scale"]] == [
        "Todo el tiempo", "La mayor parte del tiempo", "Más de la mitad del tiempo", "Menos de la mitad del tiempo", "De vez en cuando", "Nunca",
    ]
    foundations = bundled_workshops()["foundations"]
    from huddle.model import build_workshop

    measure = next(a for a in build_workshop(foundations.to_data(), "es").activities if a.kind == "measure" and a.settings["instrument"]["id"] == "who5")
    assert measure.settings["instrument"]["items"][1]["text"] == "Me he sentido tranquilo y relajado"
