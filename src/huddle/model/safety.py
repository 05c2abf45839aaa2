"""Spotting crisis language in free text (PRODUCT S2), so support can be shown at once.

Deliberately simple and generous: a false alarm only shows someone the support resources and
adds one anonymous count for the facilitator, while a miss could matter a great deal.
"""

from __future__ import annotations

import re
import unicodedata

_PHRASES = [
    r"kill(ing)? my ?self",
    r"end(ing)? (it all|my life|things)",
    r"suicid\w*",
    r"(want|wanted|wanting|wish) (to|i could|i was|i were) (die|be dead|disappear|not wake up)",
    r"better off (dead|without me)",
    r"no (reason|point) (to|in) (live|living|go on|going on)",
    r"(can'?t|cannot) go on",
    r"(hurt|harm|cut)(ing)? my ?self",
    r"self[- ]?harm\w*",
    r"overdos\w*",
    r"take my (own )?life",
    r"don'?t want to (be here|live|exist) any ?more",
]
_PATTERN = re.compile(r"\b(" + "|".join(_PHRASES) + r")\b", re.IGNORECASE)


def mentions_crisis(text: str) -> bool:
    """True when ``text`` contains language that suggests the writer may be in crisis."""
    folded = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    return bool(_PATTERN.search(folded))
