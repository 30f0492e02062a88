"""Classifies a free-text goods description into HS 2022 subheadings, with reasons.

Three kinds of evidence are added up per subheading, each a named part of the score:

* ``part``: a manufacturer part number of a known family (``STM32F407VGT6`` -> 854231);
* ``term``: a curated term in English, Russian or Chinese (``подшипник шариковый`` -> 848210),
  a general-goods word naming a whole heading (``shoes`` -> 6403, every subheading under it),
  or a general word glossed into nomenclature English (``冷冻虾`` -> "frozen shrimps prawns");
* ``hs``: the words shared with the subheading's official description (BM25 over HS 2022);
* ``example``: the nearest real descriptions labelled by customs vote for their codes
  (``examples``), weighed by their similarity.

The best candidate is then joined by the alternatives a customs officer would weigh (other
subheadings of its heading, related headings: see ``alternatives``). A declared code is
checked against what the words say: a microcontroller declared as "spare parts" (8473.30) is
a contradiction, and a serious one because the described goods are on the CHPL and the
declared ones are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dualwatch.goods.alternatives import top_candidates, with_alternatives
from dualwatch.goods.candidate import Candidate, Evidence
from dualwatch.goods.codes import CodeInfo, check
from dualwatch.goods.examples import ExampleIndex, example_index
from dualwatch.goods.hs_index import rank, stopwords, words_of
from dualwatch.goods.lexicon import lexicon
from dualwatch.goods.nomenclature import nomenclature
from dualwatch.goods.part_numbers import find_part_numbers
from dualwatch.goods.text import prepare
from dualwatch.goods.vague import too_vague

PART_POINTS = 8.0
HS_FACTOR = 0.2
HS_KEEP = 25
EXAMPLE_BACKOFF = 0.25  # with EXAMPLE_POINTS, chosen inside the development part
EXAMPLE_POINTS = 4.0  # (benchmarks/goods/hmrc.py --tune)
# Below this margin over the best other heading the answer needs a person: chosen inside the
# development part of HMRC's labelled descriptions, where answers at or above it had the right
# heading 0.69 of the time (0.45 over all answers); see benchmarks/goods/hmrc.py.
CONFIDENT_MARGIN = 3.0
STRONG = 4.0  # a top score below this is a guess: no contradiction is raised on it
SAME_RANK = 0.6  # a declared code scoring this share of the top is consistent
PURPOSE_FACTOR = 0.5
_PURPOSE_WORDS = frozenset({"for", "для"})
_PURPOSE_MARKS = ("用于", "适用于", "配套")


@dataclass(frozen=True)
class Contradiction:
    """A declared code that the description does not support."""

    severity: str  # "high": CHPL goods declared under a non-CHPL code; "medium"; "low"
    declared: str
    declared_tier: str | None
    described: str
    described_tier: str | None
    reason: str


@dataclass(frozen=True)
class Classification:
    """The ranked candidates for one description, and the check of a declared code."""

    text: str
    language: str
    candidates: tuple[Candidate, ...]
    declared: CodeInfo | None = None
    contradiction: Contradiction | None = None
    controls: tuple[object, ...] = field(default=())
    needs_person: str | None = None  # why no candidate may be taken as the code, or None
    margin: float = 0.0  # points of the best over the best candidate of another heading

    @property
    def confident(self) -> bool:
        """Whether the best candidate may be taken as the code without a person's review."""
        return self.needs_person is None and self.top is not None

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def chpl_tier(self) -> str | None:
        """The CHPL tier of the best candidate, or None."""
        return self.top.tier if self.top else None


def classify(text: str, declared_hs: str | None = None, top: int = 5,
             examples: bool | ExampleIndex = True) -> Classification:
    """Rank HS 2022 subheadings for ``text``; check ``declared_hs`` against them if given.

    ``examples``: the labelled descriptions that vote (the packaged ones when True, none when
    False, or an index of one's own).
    """
    prepared = prepare(text)
    lex = lexicon()
    hits = lex.match(prepared.words, prepared.normalized if prepared.unsegmented else None)
    evidence: dict[str, list[Evidence]] = {}
    gloss_words: list[str] = []
    purpose = _purpose_start(prepared.words, prepared.normalized)
    for hit in hits:
        gloss = hit.term.gloss
        if gloss is not None:
            gloss_words.extend(prepare(gloss).words)
        elif (hit.start >= purpose[0] and hit.space == "words") or (
                hit.start >= purpose[1] and hit.space == "chars"):
            _add(evidence, hit.term.target, Evidence("term", hit.term.text,
                                                     hit.term.weight * PURPOSE_FACTOR,
                                                     "names what the goods are for"))
        else:
            _add(evidence, hit.term.target, Evidence("term", hit.term.text, hit.term.weight))
    if gloss_words:
        for hit in lex.match(tuple(gloss_words), None):
            if hit.term.gloss is None:
                _add(evidence, hit.term.target,
                     Evidence("term", hit.term.text, hit.term.weight, "from translation"))
    headings = {code[:4] for code in evidence}
    for part in find_part_numbers(prepared.original):
        family = part.family
        if family.needs_heading and family.needs_heading not in headings:
            continue
        _add(evidence, family.hs6, Evidence("part", part.text, PART_POINTS,
                                            f"{family.family} ({family.maker})"))
    packing = stopwords("packing")
    covered = {i for hit in hits if hit.space == "words" for i in range(hit.start, hit.end)}
    english = [w for i, w in enumerate(prepared.words)
               if w.isascii() and i not in covered and w not in packing] + gloss_words
    ranked = sorted(rank(words_of(" ".join(english))).items(), key=lambda kv: -kv[1][0])
    termed = set(evidence)
    for n, (code, (score, matched)) in enumerate(ranked):
        if n < HS_KEEP or code in termed:  # words also rank the subheadings terms point to
            _add(evidence, code, Evidence("hs", " ".join(matched), round(score * HS_FACTOR, 2)))
    if examples is not False:
        _add_examples(evidence, text, example_index() if examples is True else examples)
    candidates = _candidates(evidence)
    candidates = with_alternatives(candidates)
    declared = check(declared_hs) if declared_hs else None
    contradiction = _contradiction(declared, candidates) if declared else None
    margin = _margin(candidates)
    return Classification(text, prepared.language, tuple(top_candidates(candidates, top)),
                          declared, contradiction, needs_person=_needs_person(text, candidates,
                                                                              margin),
                          margin=margin)


def _margin(candidates: list[Candidate]) -> float:
    """How far the best candidate leads the best one of another heading, in points."""
    if not candidates:
        return 0.0
    best = candidates[0]
    other = max((c.score for c in candidates if c.hs6[:4] != best.hs6[:4]), default=0.0)
    return round(best.score - other, 2)


def _needs_person(text: str, candidates: list[Candidate], margin: float) -> str | None:
    """Why the best candidate may not be taken as the code, or None when it may."""
    vague = too_vague(text)
    if vague:
        return f"too vague: '{vague}' names no goods (HMRC list of vague descriptions)"
    if not candidates:
        return "no candidate found"
    if margin < CONFIDENT_MARGIN:
        return (f"not sure: {candidates[0].hs6} leads the next heading by {margin} points "
                f"(below {CONFIDENT_MARGIN})")
    return None


def _add_examples(evidence: dict[str, list[Evidence]], text: str, index: ExampleIndex) -> None:
    """Votes of the nearest labelled descriptions.

    Where the tables' best subheading rests on a curated term or a part number, the votes weigh
    ``EXAMPLE_BACKOFF`` as much: they break ties rather than overrule what the terms say.
    A CHPL subheading gets a vote only where the tables already rank it first: whether goods
    are CHPL goods is decided by the description's own terms and part numbers, and a
    neighbour sharing "ball bearing" does not make drawer slides CHPL goods.
    """
    chpl = nomenclature().chpl
    totals = {code: sum(e.points for e in items) for code, items in evidence.items()}
    best = max(totals, key=lambda code: totals[code], default=None)
    named = best is not None and any(e.kind in ("term", "part") for e in evidence[best])
    weight = EXAMPLE_POINTS * (EXAMPLE_BACKOFF if named else 1.0)
    for neighbour in index.nearest(text):
        hs6 = neighbour.example.hs6
        if hs6 in chpl and hs6 != best:
            continue
        _add(evidence, hs6,
             Evidence("example", neighbour.example.text,
                      round(weight * neighbour.similarity, 2),
                      f"labelled description, similarity {neighbour.similarity}"))


def _purpose_start(words: tuple[str, ...], normalized: str) -> tuple[int, int]:
    """Where the purpose of the goods begins ("... for CNC machines", "для станков", "用于").

    Words after it describe what the goods go into, not the goods, and weigh less.
    """
    word_at = next((i for i, w in enumerate(words) if w in _PURPOSE_WORDS), len(words))
    char_at = min((i for i in (normalized.find(m) for m in _PURPOSE_MARKS) if i >= 0),
                  default=len(normalized))
    return word_at, char_at


def _add(evidence: dict[str, list[Evidence]], code: str, item: Evidence) -> None:
    """Credit ``item`` to a subheading, or to every subheading of a heading (4 digits)."""
    if len(code) == 4:
        note = f"{item.note}; heading {code}" if item.note else f"heading {code}"
        for entry in nomenclature().children(code):
            evidence.setdefault(entry.code, []).append(
                Evidence(item.kind, item.text, item.points, note))
        return
    evidence.setdefault(code, []).append(item)


def _candidates(evidence: dict[str, list[Evidence]]) -> list[Candidate]:
    nom = nomenclature()
    out = []
    for code, items in evidence.items():
        entry = nom.entries.get(code)
        if entry is None:
            continue
        out.append(Candidate(code, entry.description, round(sum(e.points for e in items), 2),
                             nom.chpl.get(code), tuple(items)))
    out.sort(key=lambda c: (-c.score, c.hs6))
    return out


def _contradiction(declared: CodeInfo, candidates: list[Candidate]) -> Contradiction | None:
    if not candidates or candidates[0].score < STRONG:
        return None
    best = candidates[0]
    declared_codes = declared.successors or (declared.hs_code,)
    for candidate in candidates:
        if candidate.score < SAME_RANK * best.score:
            break
        if any(candidate.hs6.startswith(code) for code in declared_codes):
            return None
    declared_tier = declared.chpl_tier
    shown = declared.hs6 or declared.hs_code
    words = ", ".join(best.evidence_words[:3])
    if best.tier and not declared.chpl:
        severity = "high"
        reason = (f"the description ({words}) points to {best.hs6}, on the CHPL in tier "
                  f"{best.tier}, but the declared code {shown} is not a CHPL code")
    elif best.hs6[:4] == shown[:4] or (best.tier and best.tier == declared_tier):
        severity = "low"
        reason = (f"the description ({words}) points to {best.hs6} rather than the declared "
                  f"{shown}; the CHPL status is the same")
    else:
        severity = "medium"
        reason = (f"the description ({words}) points to {best.hs6} ({best.description[:60]}), "
                  f"not to the declared {shown}")
    return Contradiction(severity, shown, declared_tier, best.hs6, best.tier, reason)
