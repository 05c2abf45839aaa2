"""Runs of eight words shared with the source documents the curriculum draws on.

The curriculum takes facts from five source documents and must say everything in its own words.
The sources are not redistributed with Huddle, so the suite keeps only a fingerprint of every run
of eight consecutive words in them (``tests/data/seed-runs.txt``, short BLAKE2 digests), which
is enough to find a copied run and is no use for reading the sources back.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

RUN = 8
FINGERPRINTS = Path(__file__).parent / "data" / "seed-runs.txt"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def words(text: str) -> list[str]:
    """Lower-case words (letters, digits, apostrophes): punctuation and markup do not break a run."""
    folded = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    return re.findall(r"[a-z0-9']+", folded)


def fingerprint(run: list[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def runs(text: str) -> list[list[str]]:
    found = words(text)
    return [found[i: i + RUN] for i in range(len(found) - RUN + 1)]


def fingerprints_of(paths: list[Path]) -> set[str]:
    return {fingerprint(run) for path in paths for run in runs(path.read_text(encoding="utf-8", errors="replace"))}


def stored() -> set[str]:
    return set(FINGERPRINTS.read_text(encoding="ascii").split())


def shared_runs(text: str, known: set[str]) -> list[str]:
    """The runs of ``text`` that a source also has, as readable phrases."""
    return [" ".join(run) for run in runs(text) if fingerprint(run) in known]


if __name__ == "__main__":  # python tests/eightwords.py: refresh the fingerprints from ../shared/seeds
    prints = fingerprints_of(sorted(SEEDS.glob("*.txt")))
    FINGERPRINTS.write_text("\n".join(sorted(prints)) + "\n", encoding="ascii")
    print(f"{len(prints)} fingerprints from {SEEDS}", file=sys.stderr)
