"""The support resources file (S1): name, what it offers, contact, confidential, date checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

BUNDLED_SUPPORT = resources.files(__package__) / "support.yaml"
FIELDS = ("name", "offers", "contact", "confidential", "checked")


@dataclass(frozen=True)
class Resource:
    """One place a participant can turn to."""

    name: str
    offers: str
    contact: str
    confidential: bool
    checked: str


@dataclass(frozen=True)
class Support:
    """The note shown above the resources, and the resources."""

    note: str
    resources: tuple[Resource, ...]

    def to_data(self) -> dict[str, Any]:
        """Plain data, as the API serves it."""
        return {"note": self.note, "resources": [r.__dict__ for r in self.resources]}


class SupportFileError(ValueError):
    """The support file is missing fields or malformed; the message lists every problem."""


def parse_support(data: Any) -> Support:
    """A ``Support`` from parsed data; raises ``SupportFileError`` listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list) or not data["resources"]:
        raise SupportFileError("a support file needs a 'resources' list with at least one entry")
    found = []
    for index, entry in enumerate(data["resources"], start=1):
        if not isinstance(entry, dict):
            problems.append(f"resources[{index}]: each resource is a mapping of {', '.join(FIELDS)}")
            continue
        missing = [name for name in FIELDS if name not in entry]
        if missing:
            problems.append(f"resources[{index}]: missing {', '.join(missing)}")
            continue
        if not isinstance(entry["confidential"], bool):
            problems.append(f"resources[{index}].confidential: must be true or false")
        checked = entry["checked"]
        if not isinstance(checked, (dt.date, str)):
            problems.append(f"resources[{index}].checked: must be a date such as 2026-01-31")
        found.append(Resource(str(entry["name"]), str(entry["offers"]), str(entry["contact"]), bool(entry["confidential"]), str(checked)))
    if problems:
        raise SupportFileError("; ".join(problems))
    return Support(str(data.get("note", "")).strip(), tuple(found))


def load_support(path: str | Path | None = None) -> Support:
    """The support resources from ``path``, or the bundled file."""
    text = Path(path).read_text(encoding="utf-8") if path else BUNDLED_SUPPORT.read_text(encoding="utf-8")
    try:
        return parse_support(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise SupportFileError(f"not valid YAML: {error}") from error
