"""Questionnaire (a validated measure): every item a labelled group of the scale, each skippable,
and an optional, folded-away part that makes a self-generated code to pair before and after.

The code is made on the page from three answers only the participant knows and handed to the
page's flow separately from the answer (``link()``); it is never shown, and never part of
``get()``. The server hashes it with the series' secret and keeps the digest beside these
answers only (P10).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import N_, _, current_language, language_name
from ...model.errors import InvalidValue
from ...model.identity import normalise_link
from ...model.kinds.measure import NOT_A_DIAGNOSIS, instrument_of, not_a_diagnosis, written_in
from ...ui.shared import new_id
from ._aria import FIELD, LANG, LIVE, labelled_by
from ...ui.shared import Parts
from ._base import AnswerWidget

#: The last choice of every item: the same as leaving it blank, and a way back to blank.
SKIP_ITEM = "skip"
#: The wordings below are marked (``N_``) and translated where they are shown.
SKIP_ITEM_LABEL = N_("Skip this item")
PAIR_TOGGLE = N_("Pair my before and after answers (optional)")
PAIR_WHAT = N_(
    "Pairing lets the programme compare your answers now with your answers at the end, without knowing who you are. "
    "Your three answers below make a short code that is never shown to anyone and is kept, scrambled, only beside "
    "these questionnaire answers. Give the same three answers next time, or leave all three blank to stay unpaired."
)
PAIR_INCOMPLETE = N_("To pair your answers, fill in all three parts of the code, or leave all three blank.")
PAIR_READY = N_("All three parts are filled in: the code goes with these answers when you send them.")
SHOWN_IN = N_(
    "This questionnaire is shown in {language}, in its published wording: a validated version in this page's "
    "language is not included yet. Answer what you can, or skip any statement."
)
NEVER_PER_PERSON = N_("Nobody's own score is ever shown: only a group average, once enough people have answered.")
#: The three parts of the code: (key, label, hint, placeholder, what a valid part is, its length).
PARTS = (
    ("letters", N_("First two letters of the first name of someone close to you"), N_("For example a parent: Maria gives MA."), N_("e.g. MA"), "letters", 2),
    ("day", N_("The day of the month you were born, as two digits"), N_("The 7th gives 07."), N_("e.g. 07"), "digits", 2),
    ("town", N_("The first letter of the town or city where you were born"), N_("Lagos gives L."), N_("e.g. L"), "letters", 1),
)


def _letters(text: str) -> str:
    """Upper-case ASCII letters only, accents dropped ("Zoë" gives "ZOE")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", plain.upper())


def link_code(letters: str, day: str, town: str) -> str | None:
    """The pairing code from its three parts ("Ma", "7", "lagos" give "MA07L"), or None unless
    every part is complete: two letters, a day of the month from 1 to 31, one letter."""
    first, place = _letters(letters)[:2], _letters(town)[:1]
    digits = re.sub(r"\D", "", day)
    if len(first) != 2 or not place or not digits or not 1 <= int(digits) <= 31:
        return None
    try:
        return normalise_link(f"{first}{int(digits):02d}{place}")
    except InvalidValue:
        return None


class MeasureAnswer(AnswerWidget):
    """The instrument's stem, one radio group per item, the not-a-diagnosis line and the
    optional pairing code; ``get()`` is ``{item id: value or None}``, ``link()`` the code."""

    css_class = "huddle-measure"

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        self.instrument = instrument_of(activity)
        # A validated wording is never translated on the fly: its text is marked as the language
        # it is in, so a screen reader reads it with the right voice, and the page says why.
        foreign = written_in(self.instrument, current_language())
        lang = f" lang='{html.escape(foreign)}'" if foreign else ""
        points = [(str(p["label"]), p["value"]) for p in self.instrument.get("scale", [])]
        self.radios: dict[str, w.RadioButtons] = {}
        blocks: list[w.Widget] = []
        for number, item in enumerate(self.instrument.get("items", []), start=1):
            text_id = new_id()
            text = w.HTML(
                f"<p class='huddle-measure-text' id='{text_id}'{lang}><span class='huddle-measure-number'>{number}.</span> "
                f"{html.escape(str(item['text']))}</p>"
            )
            radio = w.RadioButtons(options=[*points, (_(SKIP_ITEM_LABEL), SKIP_ITEM)], value=None, layout=w.Layout(width="100%"))
            radio.add_class("huddle-measure-scale")
            if foreign:
                radio.add_class(f"{LANG}{foreign}")
            labelled_by(radio, text_id)
            self.radios[str(item["id"])] = radio
            block = w.VBox([text, radio])
            block.add_class("huddle-measure-item")
            blocks.append(block)
        stem = str(self.instrument.get("stem", ""))
        how_to_skip = _("Leave any statement blank, or choose “{skip}”, to skip it.").format(skip=_(SKIP_ITEM_LABEL))
        shown_in = _(SHOWN_IN).format(language=language_name(foreign)) if foreign else ""
        intro = w.HTML(
            (f"<p class='huddle-measure-shown-in'>{html.escape(shown_in)}</p>" if shown_in else "")
            + (f"<p class='huddle-measure-stem'{lang}>{html.escape(stem)}</p>" if stem else "")
            + f"<p class='huddle-muted'>{html.escape(how_to_skip)}</p>"
        )
        note = w.HTML(
            f"<p class='huddle-private'>{html.escape(_(NEVER_PER_PERSON))} {html.escape(_(NOT_A_DIAGNOSIS) if foreign else not_a_diagnosis(self.instrument))}</p>"
        )
        self.code_parts: dict[str, w.Text] = {}
        fields: list[w.Widget] = []
        for key, label, hint, placeholder, _valid, length in PARTS:
            box = w.Text(placeholder=_(placeholder), layout=w.Layout(width="100%"))
            box.description = f"{html.escape(_(label))} <span>{html.escape(_(hint))}</span>"
            box.description_allow_html = True
            box.add_class(FIELD)
            box.add_class(f"huddle-link-{key}")
            box.observe(lambda _: self._link_changed(), names="value")
            self.code_parts[key] = box
            fields.append(box)
        self.pair_status = w.HTML("")
        self.pair_status.add_class(LIVE)
        self.pair_box = w.VBox([w.HTML(f"<p class='huddle-muted'>{html.escape(_(PAIR_WHAT))}</p>"), *fields, self.pair_status])
        self.pair_box.add_class("huddle-pair-box")
        self.pair_box.layout.display = "none"
        self.pair_toggle = w.ToggleButton(description=_(PAIR_TOGGLE), value=False, tooltip=_(PAIR_TOGGLE))
        self.pair_toggle.add_class("huddle-disclosure")
        self.pair_toggle.observe(lambda change: setattr(self.pair_box.layout, "display", None if change["new"] else "none"), names="value")
        pair = w.VBox([self.pair_toggle, self.pair_box])
        pair.add_class("huddle-pair")
        source = w.HTML(
            f"<p class='huddle-measure-source'{lang}>{html.escape(str(self.instrument.get('name', '')))}. "
            f"{html.escape(str(self.instrument.get('citation', '')))}</p>"
        )
        self.view = self._view([intro, *blocks, note, pair, source])
        self.view.add_class(self.css_class)

    # the pairing code -------------------------------------------------------------------------

    def _typed(self) -> list[str]:
        return [self.code_parts[key].value.strip() for key, *_rest in PARTS]

    def _link_changed(self) -> None:
        typed = self._typed()
        said = "" if not any(typed) else _(PAIR_READY) if self.link() else _(PAIR_INCOMPLETE)
        if self.pair_status.value != said:
            self.pair_status.value = f"<p class='huddle-muted'>{html.escape(said)}</p>" if said else ""

    def link(self) -> str | None:
        """The normalised pairing code, or None when the three parts are not all filled in."""
        return link_code(*self._typed())

    def link_incomplete(self) -> bool:
        """Some part of the code was typed but the code is not complete (nothing is sent then)."""
        return any(self._typed()) and self.link() is None

    # the answer -----------------------------------------------------------------------------

    @property
    def missing(self) -> str:  # type: ignore[override]
        """Why ``get()`` gave nothing: a half-made code, or no statement answered."""
        if self.link_incomplete():
            return _(PAIR_INCOMPLETE)
        return _("Answer at least one statement first, or skip the whole questionnaire.")

    def get(self) -> Any:
        values = {item_id: (None if radio.value in (None, SKIP_ITEM) else radio.value) for item_id, radio in self.radios.items()}
        if all(value is None for value in values.values()) or self.link_incomplete():
            return None
        return values

    def set(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        for item_id, radio in self.radios.items():
            given = value.get(item_id)
            radio.value = given if given in [v for _, v in radio.options] else None

    def controls(self) -> list[w.Widget]:
        return [*self.radios.values(), self.pair_toggle, *self.code_parts.values()]
