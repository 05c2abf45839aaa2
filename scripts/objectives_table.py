"""Write the curriculum's objectives table (facilitator_guides/README.md) from the six guides.

Each guide lists its objectives, and each objective ends with "*Evaluated by:*" and the
activities whose answers show whether it was met. The front section gathers them in one table
so a reviewer sees every objective beside its evaluation item; this script keeps the two from
drifting. ``--check`` changes nothing and exits 1 when the table is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

GUIDES = Path(__file__).resolve().parent.parent / "facilitator_guides"
README = GUIDES / "README.md"
START = "<!-- objectives table: filled from the guides -->"
END = "<!-- end of the objectives table -->"


def objectives(guide: Path) -> tuple[int, list[tuple[str, str]]]:
    """The module number and ``(objective, evaluated by)`` pairs of one guide."""
    text = guide.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    section = re.search(r"^## Objectives\n(.*?)(?=^## )", text, re.M | re.S)
    if not section:
        raise SystemExit(f"{guide.name}: no Objectives section")
    pairs = []
    for item in re.split(r"^\d+\. ", section.group(1), flags=re.M)[1:]:
        aim, _, evaluated = " ".join(item.split()).partition("*Evaluated by:*")
        pairs.append((aim.strip(), evaluated.strip().rstrip(".")))
    return int(meta["module"]), pairs


def table() -> str:
    rows = ["| Objective | By the end, participants can | Evaluated by |", "| --- | --- | --- |"]
    for guide in sorted(GUIDES.glob("0*.md")):
        module, pairs = objectives(guide)
        rows += [f"| {module}.{number} | {aim} | {evaluated} |" for number, (aim, evaluated) in enumerate(pairs, start=1)]
    return "\n".join(rows)


def updated(text: str) -> str:
    block = f"{START}\n\n{table()}\n\n{END}"
    if END in text:
        return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    if START not in text:
        raise SystemExit(f"{README}: the line {START} is missing")
    return text.replace(START, block)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("facilitator_guides/README.md: the objectives table is out of date; run python scripts/objectives_table.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
