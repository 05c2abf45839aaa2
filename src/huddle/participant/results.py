"""Revealed results as simple HTML charts: no matplotlib in participant kernels."""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

from ..model.kinds import get_kind

WAITING = "<p class='huddle-muted'>Waiting for more answers before results are shown.</p>"


def _bars(rows: list[tuple[str, float, str]]) -> str:
    top = max((value for _, value, _ in rows), default=0) or 1
    items = "".join(
        f"<li><div class='huddle-bar-label'><span>{html.escape(label)}</span><span>{html.escape(shown)}</span></div>"
        f"<div class='huddle-bar' aria-hidden='true'><span style='width:{100 * value / top:.0f}%'></span></div></li>"
        for label, value, shown in rows
    )
    return f"<ul class='huddle-bars'>{items}</ul>"


def _categories(tally: Mapping[str, Any]) -> str:
    rows = [(o["label"], o["count"], str(o["count"])) for o in tally["options"] if o["count"] is not None]
    merged = tally.get("merged")
    if merged:
        rows.append(("Other answers, combined so nobody stands out", merged["count"], str(merged["count"])))
    return _bars(rows)


def _multi(tally: Mapping[str, Any]) -> str:
    rows = [(o["label"], o["count"], str(o["count"])) for o in tally["options"] if o["count"] is not None]
    hidden = sum(1 for o in tally["options"] if o["count"] is None)
    note = f"<p class='huddle-muted'>{hidden} option(s) chosen by too few people to show.</p>" if hidden else ""
    return _bars(rows) + note


def _ranking(tally: Mapping[str, Any]) -> str:
    count = len(tally["options"])
    rows = [(o["label"], count + 1 - o["mean_rank"], f"average place {o['mean_rank']:g}") for o in tally["options"]]
    return _bars(rows)


def _words(tally: Mapping[str, Any]) -> str:
    words = tally["words"]
    if not words:
        return "<p class='huddle-muted'>No word was shared by enough people to show yet.</p>"
    top = max(w["count"] for w in words)
    spans = "".join(
        f"<span style='font-size:{1 + 1.4 * w['count'] / top:.2f}rem' title='{w['count']}'>{html.escape(w['word'])}</span>"
        for w in words
    )
    return f"<div class='huddle-words'>{spans}</div>"


def _texts(tally: Mapping[str, Any]) -> str:
    approved = tally["approved"]
    if not approved:
        return "<p class='huddle-muted'>Nothing has been shared with the room yet.</p>"
    return "<ul class='huddle-bars'>" + "".join(f"<li>“{html.escape(entry['text'])}”</li>" for entry in approved) + "</ul>"


#: The renderer of each ``Kind.result_style``; a phone shows a scale's points as plain bars. A skill
#: exercise's share question is "categories" (a private one never gets here).
RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "categories": _categories,
    "points": _categories,
    "picks": _multi,
    "places": _ranking,
    "words": _words,
    "texts": _texts,
}


PRIVATE = "<p class='huddle-muted'>This exercise is private: nothing from it is collected, so there are no room results.</p>"


def results_html(result: Mapping[str, Any]) -> str:
    """The room's view of one revealed activity; below k it shows no number at all (P3)."""
    if result.get("suppressed") or result.get("tally") is None:
        return WAITING
    if result["tally"].get("private"):
        return PRIVATE
    kind = get_kind(result.get("kind", ""))
    style = kind.result_style if kind else ""
    render = RENDERERS.get(style)
    body = render(result["tally"]) if render else ""
    count = result.get("count")
    # A list of approved texts is not all that was written, so a count under it would mislead.
    footer = f"<p class='huddle-muted'>{count} answers so far.</p>" if isinstance(count, int) and style != "texts" else ""
    return f"<div role='img' aria-label='Results chart'>{body}</div>{footer}" if render else WAITING
