"""Word cloud: a few short words; normalised, banned words hidden, rare words hidden (P3)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Mapping, Sequence

from ..errors import InvalidValue, TooLarge
from ..types import Problem
from ._base import Answer, Kind, Tally, check_int
from ...i18n import N_

_NOT_WORD = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r"\s+")


def normalise_word(word: str) -> str:
    """Lowercase, Unicode-normalised, punctuation stripped, inner spaces collapsed."""
    word = unicodedata.normalize("NFKC", word).casefold()
    word = _NOT_WORD.sub(" ", word)
    return _SPACES.sub(" ", word).strip(" '-")


def folded(text: str) -> str:
    """``text`` as a filter compares it: normalised as a word, and without accents."""
    decomposed = unicodedata.normalize("NFKD", normalise_word(text))
    return normalise_word("".join(c for c in decomposed if not unicodedata.combining(c)))


def contains_banned(entry: str, banned: set[str]) -> bool:
    """Whether a banned word or phrase stands anywhere in ``entry``, as whole words (so "dr smith"
    is found in "dr smith useless", and "ass" is not found in "class")."""
    padded = f" {folded(entry)} "
    return any(f" {phrase} " in padded for phrase in banned if phrase)


def limits(settings: Mapping[str, Any]) -> tuple[int, int]:
    """How many words a participant may give, and how long each may be."""
    return int(settings.get("max_words", 3)), int(settings.get("max_length", 30))


def _check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    problems = check_int(settings, "max_words", 1, 10) + check_int(settings, "max_length", 3, 60)
    banned = settings.get("banned", [])
    if not isinstance(banned, list) or not all(isinstance(w, str) and w.strip() for w in banned):
        problems.append(Problem(("banned",), "must be a list of words"))
    return problems


def _check_answer(settings: Mapping[str, Any], value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue("Please type one or more words.")
    max_words, max_length = limits(settings)
    words = [w for w in (normalise_word(v) for v in value) if w]
    if not words:
        raise InvalidValue("Please type at least one word, or skip the question.")
    # The limit counts words, not entries: one entry can hold a whole sentence otherwise.
    if sum(len(w.split()) for w in words) > max_words:
        raise InvalidValue(f"Please give at most {max_words} words.")
    if any(len(w) > max_length for w in words):
        raise TooLarge(f"Each word can be at most {max_length} characters long.")
    return list(dict.fromkeys(words))


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    banned = {folded(w) for w in settings.get("banned", [])}
    counts = Counter(word for answer in answers for word in answer.value if not contains_banned(word, banned))
    # A word only a few people used could point at them, so it is left out entirely.
    shown = [{"word": w, "count": c} for w, c in counts.most_common() if c >= k]
    return Tally(suppressed=False, data={"words": shown, "hidden_words": len(counts) - len(shown)})


KIND = Kind(
    name="word_cloud",
    label=N_("Word cloud"),
    settings=frozenset({"max_words", "max_length", "banned"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="words",
    filters_banned=True,
)
