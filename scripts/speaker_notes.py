"""Write each bundled module's speaker notes (src/huddle/content/notes/) from its guide's script.

A guide's Script section has one paragraph per activity, led by the activity id in bold
(**`check-in`** (mood). Say: ...), sometimes followed by more paragraphs for the same activity.
The control view shows those words beside the activity, so the facilitator need not keep the
guide open; the guide stays the one place they are written, and this script copies them out.
``--check`` changes nothing and exits 1 when a notes file is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "facilitator_guides"
NOTES = ROOT / "src" / "huddle" / "content" / "notes"
#: The bold ids that lead a paragraph, and the "(kind)." that may follow them.
LEAD = re.compile(r"^((?:\*\*`[a-z0-9][a-z0-9_-]*`\*\*(?:,| and|)\s*)+)(?:\([a-z_ ]+\))?\.?\s*")
HEADING = re.compile(r"^\*\*[^`*]+\*\*")


def script_of(guide: Path) -> tuple[str, str]:
    """The workshop id a guide names and its Script section."""
    text = guide.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    script = re.search(r"^## Script\n(.*?)(?=^## )", text, re.M | re.S)
    if not script:
        raise SystemExit(f"{guide.name}: no Script section")
    return Path(meta["workshop"]).stem, script.group(1)


def notes_of(script: str) -> dict[str, str]:
    """Activity id -> its paragraphs of the script, without the leading id and kind."""
    notes: dict[str, list[str]] = {}
    current: list[str] = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", script)):
        if not paragraph:
            continue
        lead = LEAD.match(paragraph)
        if lead:
            ids = re.findall(r"`([a-z0-9][a-z0-9_-]*)`", lead.group(1))
            current = []
            for activity in ids:
                notes[activity] = current
            current.append(" ".join(paragraph[lead.end():].split()))
        elif HEADING.match(paragraph):
            current = []  # a part of the script that is no activity ("**Break**")
        elif current is not None and notes:
            current.append(" ".join(paragraph.split()))
    return {activity: "\n\n".join(parts) for activity, parts in notes.items() if parts}


def expected() -> dict[Path, str]:
    files = {}
    for guide in sorted(GUIDES.glob("0*.md")):
        workshop, script = script_of(guide)
        body = yaml.safe_dump(notes_of(script), sort_keys=False, allow_unicode=True, width=100)
        header = f"# Speaker notes for {workshop}, copied from {guide.relative_to(ROOT)} by scripts/speaker_notes.py: edit the guide, then run it.\n"
        files[NOTES / f"{workshop}.yaml"] = header + body
    return files


def main() -> int:
    stale = [path for path, text in expected().items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv[1:]:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date; run python scripts/speaker_notes.py", file=sys.stderr)
        return 1 if stale else 0
    NOTES.mkdir(parents=True, exist_ok=True)
    for path, text in expected().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
