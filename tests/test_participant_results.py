"""The room's results on a participant's phone, as HTML: readable without sight, honest at small numbers.

Tallies come from the real kinds (with k-suppression), so the page is checked against exactly
what the service would send.
"""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

import pytest

from huddle.content import bundled_workshops
from huddle.model import Answer
from huddle.model.kinds import KINDS
from huddle.participant.results import results_html

DEMO = bundled_workshops()["demo"]
ENERGY = DEMO.activity("energy")
WORKLOAD = DEMO.activity("workload")


def entry(activity, values: list, skipped: int = 0, k: int = 5) -> dict:
    """A revealed result as ``Service.results`` returns it."""
    tally = KINDS[activity.kind].tally(activity.settings, [Answer(v) for v in values], k)
    result = {"id": activity.id, "kind": activity.kind, "count": len(values), "skipped": skipped, "suppressed": tally.suppressed, "tally": tally.data}
    if tally.suppressed:
        result.update(count=None, skipped=None, needed=None)
    return result


class Items(HTMLParser):
    """The text of every list item, as a screen reader reads it (visually hidden text included)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.depth = 0
        self.roles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.roles += [value or "" for name, value in attrs if name == "role"]
        if self.depth:
            self.items[-1] += " "  # the label and the count are separate boxes, read one after the other
        if tag == "li":
            self.items.append("")
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "li":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.items[-1] += data


def spoken(page: str) -> tuple[list[str], list[str]]:
    parser = Items()
    parser.feed(page)
    return [" ".join(item.split()).replace(" :", ":") for item in parser.items], parser.roles


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_bars_are_a_list_a_screen_reader_reads_with_labels_and_counts():
    page = results_html(entry(ENERGY, ["steady"] * 6 + ["flat"] * 6))
    items, roles = spoken(page)
    assert items == ["Charged up: 0 of 12", "Steady: 6 of 12", "Running on fumes: 6 of 12", "It changes by the hour: 0 of 12"]
    assert "img" not in roles and "role='img'" not in page and "Results chart" not in page
    assert "<ul class='huddle-bars'>" in page
    assert "aria-hidden='true'" in page  # the bars themselves are decoration


def test_a_merged_bucket_is_labelled_as_combined_and_drawn_apart():
    page = results_html(entry(ENERGY, ["steady"] * 6 + ["flat"] * 3 + ["mixed"] * 3))
    items, _ = spoken(page)
    assert items == ["Charged up: 0 of 12", "Steady: 6 of 12", "Other answers, combined: 6 of 12"]
    assert page.count("class='huddle-bar-combined'") == 1
    assert "combined" in visible_text(page) and "nobody stands out" in visible_text(page)
    # Never called by an option's name: the merged options are not listed as bars.
    assert "Running on fumes" not in page and "It changes by the hour" not in page


def test_only_the_combined_bucket_left_shows_waiting_and_no_number():
    # 8 answers over 4 options, each below k: one 100 % "Other" bar would tell the room nothing.
    page = results_html(entry(ENERGY, ["charged"] * 3 + ["steady"] * 3 + ["flat"] * 2))
    assert "Waiting for more answers" in page
    assert "huddle-bars" not in page
    assert not re.search(r"\d", visible_text(page))


def test_below_k_shows_waiting_and_no_number():
    page = results_html(entry(ENERGY, ["steady"] * 4))
    assert "Waiting for more answers" in page and not re.search(r"\d", visible_text(page))


def test_a_scale_says_what_both_ends_mean_and_names_its_combined_points():
    page = results_html(entry(WORKLOAD, [3] * 5 + [4] * 5 + [2]), WORKLOAD.to_public())
    text = " ".join(visible_text(page).split())
    assert "From 1 = Not at all to 5 = Completely" in text
    items, _ = spoken(page)
    assert items == ["1: 0 of 11", "4: 5 of 11", "5: 0 of 11", "Points 2 and 3, combined: 6 of 11"]
    # Even with both ends folded into the bucket, the ends are still labelled.
    ends = results_html(entry(WORKLOAD, [1] * 2 + [5] * 3 + [3] * 6), WORKLOAD.to_public())
    assert "From <strong>1 = Not at all</strong> to <strong>5 = Completely</strong>" in ends
    # Without the activity (an old caller), the tally's own labels still carry the ends.
    assert "1 (Not at all)" in results_html(entry(WORKLOAD, [1] * 6 + [5] * 6))


def test_the_footer_counts_in_the_singular_and_plural():
    one = {"id": "energy", "kind": "choice", "count": 1, "skipped": 0, "suppressed": False,
           "tally": {"options": [{"id": "steady", "label": "Steady", "count": 1}], "merged": None}}
    assert "1 answer so far." in results_html(one)
    assert "12 answers so far." in results_html(entry(ENERGY, ["steady"] * 12))


@pytest.mark.parametrize("k", [3, 5])
def test_every_number_on_the_page_is_one_the_tally_shows(k):
    # P3: the page adds no number of its own (no percentage, no difference) from which a hidden
    # count could be worked out; every number written is a shown count or the total.
    for counts in itertools.product(range(7), repeat=4):
        values = [option["id"] for option, n in zip(ENERGY.settings["options"], counts) for _ in range(n)]
        result = entry(ENERGY, values, k=k)
        numbers = {int(n) for n in re.findall(r"\d+", visible_text(results_html(result)).replace("100%", ""))}
        if result["suppressed"]:
            assert not numbers
            continue
        tally = result["tally"]
        allowed = {o["count"] for o in tally["options"] if o["count"] is not None} | {len(values)}
        if tally["merged"]:
            allowed.add(tally["merged"]["count"])
        assert numbers <= allowed, counts


def test_multiple_choice_and_words_are_read_with_their_counts():
    recharge = DEMO.activity("recharge")
    picks = results_html(entry(recharge, [["sleep", "people"]] * 5 + [["outdoors"]]))
    items, _ = spoken(picks)
    assert "A proper night's sleep: 5 of 6 people" in items and "1 option chosen by too few people to show." in visible_text(picks)
    one_word = DEMO.activity("one-word")
    words = results_html(entry(one_word, [["tired"]] * 6))
    assert spoken(words)[0] == ["tired: 6"]
