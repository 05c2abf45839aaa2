"""axe-core, the WCAG rules engine, run inside a real page by Playwright.

The engine is the npm package pinned in ``package.json`` (``make test`` runs ``npm ci``); it is
injected into the page as it stands and asked for the WCAG 2.1 A and AA rules only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds in ``page`` now, each with the offending nodes."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (the README's test command does)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list of violations: rule, impact, and where."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in violation["nodes"][:4])
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): {violation['help']} — {targets}")
    return "\n".join(lines)
