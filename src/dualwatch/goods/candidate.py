"""The pieces of a classification answer: a candidate subheading and the evidence behind it.

Kept apart from the classifier so that the stages that build and widen the candidate list
(term matching, alternatives) share one definition without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """One named part of a candidate's score."""

    kind: str  # "part", "term", "hs", "heading" or "related"
    text: str  # the words or part number found
    points: float
    note: str = ""  # family of a part number, gloss of a word...


@dataclass(frozen=True)
class Candidate:
    """An HS 2022 subheading the description may belong to."""

    hs6: str
    description: str
    score: float
    tier: str | None
    evidence: tuple[Evidence, ...]

    @property
    def evidence_words(self) -> tuple[str, ...]:
        """The words and part numbers that decided this candidate, strongest first."""
        ordered = sorted(self.evidence, key=lambda e: -e.points)
        return tuple(dict.fromkeys(e.text for e in ordered))
