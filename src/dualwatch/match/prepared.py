"""Name readings prepared once for fast comparison (at index build, and once per query).

A :class:`Prepared` holds parallel tuples (folded token, weight, phonetic key, consonant
skeleton) rather than objects, because the scorer touches them in its innermost loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualwatch.names import (
    GENERIC,
    NAME,
    PARTICLE,
    PATRONYMIC,
    PLACE,
    TITLE,
    NameForm,
    name_groups,
    number,
    phonetic,
    skeleton,
)
from dualwatch.names import fold as fold_word

# Scripts whose readings are syllables of exact characters: a letter off is another character.
SYLLABIC_SCRIPTS = frozenset({"han", "kana", "hangul"})
# A patronymic is often left out of screening inputs: it barely counts when missing.
# A title (Mr, President, Sheikh) is added or left out at will: it counts least.
KIND_WEIGHT = {NAME: 1.0, GENERIC: 0.3, PLACE: 0.25, PARTICLE: 0.2, PATRONYMIC: 0.05,
               TITLE: 0.02}


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str  # the reading, space-joined, for explanations
    folds: tuple[str, ...]
    spellings: tuple[str, ...]  # the tokens before folding (the same tuple when folding is a no-op)
    weights: tuple[float, ...]
    total_weight: float
    distinct: tuple[bool, ...]  # token is of kind NAME
    phons: tuple[str, ...]
    skels: tuple[str, ...]
    nums: tuple[int | None, ...]  # the number a token writes (digits, roman numerals), or None
    legal: frozenset[str]  # legal-form classes, without the bare "company" (agrees with all)
    abjad: bool
    arabic: bool  # Arabic script: its transliteration writes the long vowels (names/arabic.py)
    syllabic: bool  # read from Han, kana or Hangul: each syllable is an exact character
    joined: str
    sorted_joined: str
    core_joined: str  # distinctive tokens only, sorted (no patronymic, sector or place words)
    # Derived once here rather than in every comparison (the scorer's inner loop):
    n_distinct: int
    numbers: frozenset[int]
    # The groups of each word that is a known given name (names/variants.py), else None.
    groups: tuple[frozenset[str] | None, ...]
    patronymic: int  # position of the patronymic, or -1
    generic: tuple[int, ...]  # positions of sector and organisation words
    hangul: str  # the name as written in Hangul, without spaces ("" for other scripts)
    skel_joined: str
    skel_sorted_joined: str


def token_numbers(form: NameForm) -> tuple[int | None, ...]:
    """Numbers of the tokens; a one-letter numeral (I, V, X) only as the last of several words,
    where it numbers a vessel or a fund rather than standing for a first name."""
    last = len(form.tokens) - 1
    return tuple(number(t.text) if len(t.text) > 1 or t.text.isdigit() or (i == last and i > 0)
                 else None
                 for i, t in enumerate(form.tokens))


def prepare(form: NameForm) -> Prepared:
    folds = tuple(t.fold for t in form.tokens)
    spellings = tuple(t.text for t in form.tokens)
    weights = tuple(KIND_WEIGHT.get(t.kind, 1.0) for t in form.tokens)
    skels = tuple(skeleton(f) for f in folds)
    nums = token_numbers(form)
    return Prepared(
        text=form.text(),
        folds=folds,
        spellings=folds if spellings == folds else spellings,
        weights=weights,
        total_weight=sum(weights),
        distinct=tuple(t.kind == NAME for t in form.tokens),
        phons=tuple(phonetic(f) for f in folds),
        skels=skels,
        nums=nums,
        legal=form.legal - {"company"},
        abjad=form.abjad,
        arabic=form.script == "arabic",
        syllabic=form.script in SYLLABIC_SCRIPTS,
        joined="".join(folds),
        sorted_joined=" ".join(sorted(folds)),
        core_joined=" ".join(sorted(t.fold for t in form.tokens if t.kind == NAME)),
        n_distinct=sum(t.kind == NAME for t in form.tokens),
        numbers=frozenset(n for n in nums if n is not None),
        groups=tuple(name_groups(f) if t.kind == NAME else None
                     for f, t in zip(folds, form.tokens, strict=True)),
        patronymic=next((k for k, t in enumerate(form.tokens) if t.kind == PATRONYMIC), -1),
        generic=tuple(k for k, t in enumerate(form.tokens) if t.kind == GENERIC),
        hangul=form.hangul,
        skel_joined="".join(skels),
        skel_sorted_joined="".join(sorted(skels)),
    )


def search_keys(p: Prepared) -> list[tuple[str, float]]:
    """Index keys of a reading with their token weight: tokens, phonetic keys, adjacent joins."""
    keys: list[tuple[str, float]] = []
    for fold, weight, phon in zip(p.folds, p.weights, p.phons, strict=True):
        keys.append(("t:" + fold, weight))
        if phon and len(fold) > 2:
            keys.append(("p:" + phon, weight * 0.8))
    for i in range(len(p.folds) - 1):
        keys.append(("t:" + p.folds[i] + p.folds[i + 1], max(p.weights[i], p.weights[i + 1])))
    return keys


# Distinctive words at least this long get deletion-neighbourhood keys: shorter ones share them
# with too many other words. The longest are cut to bound the keys a word makes.
TYPO_MIN_LENGTH = 4
TYPO_MAX_LENGTH = 24
TYPO_WEIGHT = 0.7  # a key shared at one edit is weaker evidence than the word itself
# Keys that can only meet a word one edit away (the query's word among a listed word's
# deletions, or a deletion of the query's word that is a listed word) rank above those that may
# meet one two edits away (a deletion on each side: "maori" and "morio" share "mori").
TYPO_SURE_WEIGHT = 0.9


def deletions(word: str) -> set[str]:
    """The word and every spelling of it with one letter left out (its deletion neighbourhood).

    Two words within one edit (a letter changed, added, dropped, or two adjacent letters
    swapped) share a member of their neighbourhoods.
    """
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def typo_keys(p: Prepared, unknown: set[str] | None = None) -> list[tuple[str, float]]:
    """Deletion-neighbourhood keys of the reading's distinctive words (of ``unknown`` only,
    if given: at query time only words the index does not know are looked up this way).

    At query time the word as spelt also gives its deletions, each folded: a letter typed
    between two that fold together hides the pair ("LAKAHL" for the UN's LAKHAL, which folds
    to "lahal"; "lakahl" less its "a" folds to "lahl", one of "lahal"'s deletions). The
    query's word is also looked up among listed deletions, and its deletions among listed
    words, at TYPO_SURE_WEIGHT: those meet a word one letter longer or shorter, no further."""
    keys: list[tuple[str, float]] = []
    for word, spelt, weight, distinct in zip(p.folds, p.spellings, p.weights, p.distinct,
                                             strict=True):
        if not distinct or not TYPO_MIN_LENGTH <= len(word) <= TYPO_MAX_LENGTH:
            continue
        if unknown is None:
            keys += [("d:" + d, weight) for d in deletions(word)]
            continue
        if word not in unknown:
            continue
        near = deletions(word)
        if len(spelt) <= TYPO_MAX_LENGTH:
            near.update(map(fold_word, deletions(spelt)))
        near.discard(word)
        sure = weight * TYPO_SURE_WEIGHT
        keys.append(("d:" + word, sure))
        keys += [("t:" + d, sure) for d in near]
        keys += [("d:" + d, weight * TYPO_WEIGHT) for d in near]
    return keys


def skeleton_keys(p: Prepared) -> list[tuple[str, float]]:
    """Consonant-skeleton keys, searched for names from scripts without written vowels."""
    return [("s:" + s, w) for s, w in zip(p.skels, p.weights, strict=True) if len(s) >= 2]
