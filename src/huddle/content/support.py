"""The support resources file (S1): who to turn to, for whom, when, where, and when it was checked.

Every entry names its region (``us``, ``uk``, ... or ``any`` for one that applies everywhere),
its audience and its hours, so a site shows its own region's list (the ``support_region``
setting) and a participant never reads a number that does not work where they are. A contact
line goes stale quietly, so an entry checked more than six months ago is warned about by
``huddle validate``, at ``huddle serve`` start and on the facilitator's dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from ..i18n import _
from ..model.text import localized, translation_problems

BUNDLED_SUPPORT = resources.files(__package__) / "support.yaml"
FIELDS = ("name", "offers", "contact", "confidential", "checked")
#: Fields added later: a site's older file without them still loads (region any, audience and hours unstated).
OPTIONAL_FIELDS = ("region", "audience", "hours")
EVERYWHERE = "any"
#: An entry last checked longer ago than this is warned about.
STALE_AFTER_DAYS = 183


@dataclass(frozen=True)
class Resource:
    """One place a participant can turn to."""

    name: str
    offers: str
    contact: str
    confidential: bool
    checked: str
    #: Region codes this entry is for; ``("any",)`` for everywhere.
    region: tuple[str, ...] = (EVERYWHERE,)
    audience: str = ""
    hours: str = ""

    def serves(self, region: str | None) -> bool:
        """True when this entry belongs on the list for ``region`` (None: every list)."""
        return region is None or EVERYWHERE in self.region or region in self.region

    def checked_on(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.checked)
        except ValueError:
            return None

    def to_data(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["region"] = list(self.region)
        return data


@dataclass(frozen=True)
class Support:
    """The note shown above the resources, the regions the file knows, and the resources."""

    note: str
    resources: tuple[Resource, ...]
    #: Region code → the name a person reads ("uk" → "United Kingdom").
    regions: Mapping[str, str] = field(default_factory=dict)
    #: The region this list was narrowed to, or None for every region's entries.
    region: str | None = None

    def for_region(self, region: str | None) -> "Support":
        """Only the entries for ``region`` (and those for anywhere); None keeps every entry."""
        if region is None:
            return self
        if region not in self.regions:
            known = ", ".join(sorted(self.regions)) or _("none")
            raise SupportFileError(_("no region '{region}' in the support file (it has: {known})").format(region=region, known=known))
        return replace(self, resources=tuple(r for r in self.resources if r.serves(region)), region=region)

    def stale(self, today: dt.date | None = None) -> list[Resource]:
        """The entries last checked more than ``STALE_AFTER_DAYS`` before ``today``."""
        return [r for r in self.resources if is_stale(r.checked, today)]

    def to_data(self) -> dict[str, Any]:
        """Plain data, as the API serves it."""
        return {
            "note": self.note,
            "region": self.region,
            "regions": dict(self.regions),
            "resources": [r.to_data() for r in self.resources],
        }


class SupportFileError(ValueError):
    """The support file is missing fields or malformed; the message lists every problem."""


def is_stale(checked: Any, today: dt.date | None = None) -> bool:
    """True when the date ``checked`` (a date or ``YYYY-MM-DD``) is over six months before ``today``."""
    try:
        when = checked if isinstance(checked, dt.date) else dt.date.fromisoformat(str(checked))
    except ValueError:
        return True  # a date nobody can read is as good as unchecked
    return ((today or dt.date.today()) - when).days > STALE_AFTER_DAYS


def stale_warnings(resources: Iterable[Mapping[str, Any] | Resource], today: dt.date | None = None) -> list[str]:
    """One sentence per stale entry, saying what to do about it."""
    out = []
    for resource in resources:
        data = resource.to_data() if isinstance(resource, Resource) else resource
        if is_stale(data.get("checked"), today):
            out.append(_(
                "the support entry '{name}' was last checked on {checked}, over 6 months ago: "
                "check its number and hours, then update 'checked'"
            ).format(name=data.get("name"), checked=data.get("checked")))
    return out


def _regions(value: Any, problems: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        problems.append(_("regions: a mapping of region code to name, such as uk: United Kingdom"))
        return {}
    if EVERYWHERE in value:
        problems.append(_("regions: '{everywhere}' is kept for entries that apply everywhere").format(everywhere=EVERYWHERE))
    return {str(k): str(v) for k, v in value.items()}


def _entry_regions(value: Any, regions: Mapping[str, str], where: str, problems: list[str]) -> tuple[str, ...]:
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        problems.append(_("{where}.region: a region code, a list of them, or '{everywhere}'").format(where=where, everywhere=EVERYWHERE))
        return (EVERYWHERE,)
    unknown = [c for c in codes if c != EVERYWHERE and c not in regions]
    if unknown:
        problems.append(_("{where}.region: {codes} is not in the file's regions list").format(where=where, codes=", ".join(unknown)))
    return tuple(codes)


def parse_support(data: Any, language: str | None = None) -> Support:
    """A ``Support`` from parsed data, its text in ``language`` where the file gives it (any
    text may be ``{en: ..., es: ...}``, see ``model.text``); raises ``SupportFileError`` listing
    every problem."""
    problems: list[str] = [f"{'.'.join(map(str, p.path))}: {p.message}" for p in translation_problems(data)]
    data = localized(data, language)
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list) or not data["resources"]:
        raise SupportFileError(_("a support file needs a 'resources' list with at least one entry"))
    regions = _regions(data.get("regions"), problems)
    found = []
    for index, entry in enumerate(data["resources"], start=1):
        where = f"resources[{index}]"
        if not isinstance(entry, dict):
            problems.append(_("{where}: each resource is a mapping of {fields}").format(where=where, fields=", ".join(FIELDS + OPTIONAL_FIELDS)))
            continue
        missing = [name for name in FIELDS if name not in entry]
        if missing:
            problems.append(_("{where}: missing {fields}").format(where=where, fields=", ".join(missing)))
            continue
        if not isinstance(entry["confidential"], bool):
            problems.append(_("{where}.confidential: must be true or false").format(where=where))
        checked = entry["checked"]
        if not isinstance(checked, dt.date):
            try:
                dt.date.fromisoformat(str(checked))
            except ValueError:
                problems.append(_("{where}.checked: must be a date such as 2026-01-31").format(where=where))
        region = _entry_regions(entry.get("region", EVERYWHERE), regions, where, problems)
        found.append(
            Resource(
                str(entry["name"]), str(entry["offers"]), str(entry["contact"]), bool(entry["confidential"]), str(checked),
                region, str(entry.get("audience") or ""), str(entry.get("hours") or ""),
            )
        )
    if problems:
        raise SupportFileError("; ".join(problems))
    return Support(str(data.get("note", "")).strip(), tuple(found), regions)


def load_support(path: str | Path | None = None, region: str | None = None, language: str | None = None) -> Support:
    """The support resources from ``path`` (or the bundled file), narrowed to ``region`` if
    given, in ``language`` where the file gives it."""
    text = Path(path).read_text(encoding="utf-8") if path else BUNDLED_SUPPORT.read_text(encoding="utf-8")
    try:
        support = parse_support(yaml.safe_load(text), language)
    except yaml.YAMLError as error:
        raise SupportFileError(_("not valid YAML: {error}").format(error=error)) from error
    return support.for_region(region)


def is_support_file(data: Any) -> bool:
    """True for parsed YAML shaped like a support file rather than a workshop."""
    return isinstance(data, dict) and "resources" in data and "activities" not in data
