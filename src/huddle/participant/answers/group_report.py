"""Group report-back: one short text written on behalf of the whole group."""

from __future__ import annotations

from ...i18n import N_
from ._base import Translated
from .text import TextAnswer


class GroupReportAnswer(TextAnswer):
    default_limit = 1000
    placeholder = Translated(N_("One person types what your group agreed. No names, please."))
