"""Name features: how two prepared readings compare, token by token and as wholes.

Tokens are aligned best pairs first (edit similarity of folded spellings, a swap of two adjacent
letters counting as half an edit; of consonant skeletons when just one side comes from Arabic or
Hebrew, a long vowel that the Arabic script writes and the Latin spelling lacks lowering an
equal skeleton's similarity). A token may also align with two adjacent tokens of the other name
written together ("jongun" and "jong un"; عبد الله and "Abdullah"). From the alignment come the
coverage of each name (weighted by token kind, so sector and place words count little), the
number of distinctive words left unmatched on each side, phonetic agreement, word order,
initials, and whether numbers (digits, roman numerals) agree: ARGO I is not ARK III. The whole
names are also compared without spaces, which catches "Hua Wei"/"Huawei" and typos that move a
word boundary, and by their distinctive words alone (a patronymic or a sector word left out is
no typo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from dualwatch.match.prepared import Prepared
from dualwatch.names.given_names import other_given_name
from dualwatch.names.tokens import long_vowels_disagree, skeleton

MIN_TOKEN_SIM = 0.6
ORG_TYPO_SIM = 0.95  # one typing error in a long word of an organisation's name (_align)
ORG_TYPO_MIN_LENGTH = 5  # in four letters one error is a quarter of the word: "Mars", "Mara"
LONG_VOWEL_SIM = 0.75  # same consonants, but a long vowel written in Arabic script is not there
MIN_PHONETIC_LENGTH = 4  # shorter words share metaphone keys too easily (ark/argo)
# Two adjacent letters swapped, the commonest slip of a typist, cost half an edit (AFIZ for the
# UN's FAIZ: 0.875, not 0.75); in words of fewer letters a swap makes another name (Li, Il).
SWAP_EDIT = 0.5
MIN_SWAP_LENGTH = 4
_lev = OSA.normalized_similarity  # a swap of two letters is one edit
# A given name in another form (Bill/William, Sasha/Aleksandr, Volodymyr/Vladimir;
# names/variants.py): nearly the same word, but not the same spelling.
VARIANT_SIM = 0.9
# Nominative endings that Latvian and Lithuanian add to every name (Sergejs Lavrovs,
# Vladimiras Putinas): a word with one of them is compared without it, at most CASE_SIM.
CASE_ENDINGS = ("ius", "as", "is", "us", "ys", "s")
CASE_SIM = 0.95
MIN_STEM = 4

# A match of token positions: (query positions, listed positions, similarity).
Cell = tuple[float, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class NameFeatures:
    cover_min: float  # the lower of the two names' weighted token coverage
    cover_mean: float
    whole: float  # similarity of the names without spaces (in order or sorted)
    phonetic: float  # share of aligned distinctive tokens with equal phonetic keys
    missing_query: int  # distinctive tokens of the query left unmatched
    missing_listed: int
    in_order: bool
    matched_distinct: int  # distinctive tokens matched (similarity >= 0.8)
    exact_distinct: int  # distinctive tokens matched exactly (or equal skeletons)
    matched_any: bool  # some distinctive token of both names aligned at all
    initials: int
    legal: float  # +1 same legal class, -1 different, 0 unknown
    numbers_differ: bool  # both names write numbers, and not the same ones
    cover_max: float  # the higher of the two coverages: 1 when one name is all in the other
    patronymic_differs: bool  # both names give a patronymic, and not the same one
    sector_differs: bool  # a sector word of each name left unmatched (Equipment/Engineering)
    hangul_differs: bool  # two names written in Hangul, with other syllables
    # (query word, listed word, similarity, the two as spelt): folded words for the list
    # statistics, spelt ones for explanations.
    pairs: tuple[tuple[str, str, float, str, str], ...]


def _abjad_token_sim(q: Prepared, c: Prepared, i: int, j: int) -> float:
    """Similarity of two tokens, one from a script without written short vowels: their
    consonant skeletons (the Latin-only case is written out in :func:`_align`)."""
    a, b = q.folds[i], c.folds[j]
    na, nb = q.nums[i], c.nums[j]
    if na is not None and nb is not None:
        return 1.0 if na == nb else 0.0
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    sa, sb = q.skels[i], c.skels[j]
    if sa and sa == sb:
        if (q.arabic and other_given_name(a, b)) or (c.arabic and other_given_name(b, a)):
            return 0.0  # another name with the same consonants (names/given_names.py)
        if (q.arabic and long_vowels_disagree(a, b)) or (
                c.arabic and long_vowels_disagree(b, a)):
            return LONG_VOWEL_SIM
        return 1.0  # the weaker evidence of consonants alone is the vowelless feature
    return _lev(sa, sb) if sa and sb else 0.0


def _joined_matches(singles: tuple[str, ...], single_exact: set[int], words: tuple[str, ...],
                    distinct: tuple[bool, ...], words_exact: set[int]
                    ) -> list[tuple[float, int, int]]:
    """(similarity, i, k) for each word ``singles[i]`` close to ``words[k] + words[k + 1]``,
    two adjacent words of the other name of which one at least is distinctive. Lengths must
    agree within a factor 0.6 either way (checked inline: this runs for most comparisons)."""
    out: list[tuple[float, int, int]] = []
    for k in range(len(words) - 1):
        if (distinct[k] or distinct[k + 1]) and k not in words_exact \
                and k + 1 not in words_exact:
            two = words[k] + words[k + 1]
            lt = len(two)
            if not lt:
                continue
            for i, one in enumerate(singles):
                lo = len(one)
                if not lo or lo < 0.6 * lt or lt < 0.6 * lo or i in single_exact:
                    continue
                sim = 1.0 if one == two else _lev(one, two)
                if sim >= MIN_TOKEN_SIM:
                    out.append((sim, i, k))
    return out


def _merged_cells(q: Prepared, c: Prepared, abjad: bool, exact_q: set[int],
                  exact_c: set[int], strict: bool) -> list[Cell]:
    """One token of either name against two adjacent distinctive tokens of the other.

    Tokens already matched exactly (``exact_q``, ``exact_c``) are left out: the alignment
    takes their exact pair first, so a merged cell with them could never be chosen.
    ``strict``: a consonant off counts twice, as for single tokens (:func:`_align`).
    """
    qs = q.skels if abjad else q.folds
    cs = c.skels if abjad else c.folds
    cells: list[Cell] = [(sim, (i,), (k, k + 1)) for sim, i, k in
                         _joined_matches(qs, exact_q, cs, c.distinct, exact_c)
                         if not (q.syllabic and _one_syllable(q.folds[i]))]
    cells += [(sim, (k, k + 1), (j,)) for sim, j, k in
              _joined_matches(cs, exact_c, qs, q.distinct, exact_q)
              if not (c.syllabic and _one_syllable(c.folds[j]))]
    if strict:
        cells = [(_syllable_sim(sim, skeleton("".join(q.folds[i] for i in qi)),
                                skeleton("".join(c.folds[j] for j in cj))), qi, cj)
                 for sim, qi, cj in cells]
        cells = [cell for cell in cells if cell[0] >= MIN_TOKEN_SIM]
    return cells


_VOWEL_RUN = re.compile("[aeiouy]+")


def _one_syllable(word: str) -> bool:
    """Whether a word read from syllabic characters is one syllable (one vowel or diphthong:
    "lyong", "xiang", "rei"). Such a word is one character, so it cannot be two words of the
    other name written together: 玲 "lyong" is not "Li Yong" (a Korean given name of two
    characters, "byongchol", can be "Pyong Chol")."""
    return len(_VOWEL_RUN.findall(word)) <= 1


def _without_ending(a: str, b: str) -> float:
    """Similarity of two words of which the longer may carry a Baltic nominative ending."""
    long, short = (a, b) if len(a) > len(b) else (b, a)
    for ending in CASE_ENDINGS:
        if long.endswith(ending) and len(long) - len(ending) >= MIN_STEM:
            return min(_lev(long[:-len(ending)], short), CASE_SIM)
    return 0.0


def _one_swap(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two adjacent letters swapped (equal lengths, one edit)."""
    i = next(k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
    return a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2] and a[i + 2:] == b[i + 2:]


def _one_spelt_typo(spelt_a: str, spelt_b: str) -> bool:
    """Whether two words of organisations' names, as spelt, are one typing error apart where
    their folded forms are not: folding can hide the error by writing one letter as two or two
    as one ("Mxizion" folds to "mksizion", two edits from Mvizion's "mvizion"; "Glreen" to
    "glren", beside Green's four-letter "gren")."""
    return min(len(spelt_a), len(spelt_b)) >= ORG_TYPO_MIN_LENGTH and \
        OSA.distance(spelt_a, spelt_b, score_cutoff=1) == 1


def _syllable_sim(sim: float, skel_a: str, skel_b: str) -> float:
    """Similarity of words of which one is read from syllabic characters (see :func:`_align`):
    a consonant off counts twice, vowels keep the plain similarity."""
    return sim if skel_a == skel_b else 2.0 * sim - 1.0


def _align(q: Prepared, c: Prepared, abjad: bool, organisation: bool = False) -> list[Cell]:
    """Greedy alignment, best similarity first; on a tie a single pair before a merged one.

    A person's name read from Han characters, kana or Hangul is a string of syllables, each an
    exact character: its reading has no typing errors, and the romanisation schemes the other
    side may follow are folded alike already (names/), so a letter that still differs is most
    likely another character (常 "sang" is not 姜 "Kang", 陈 "chen" not 沈 "shen"). There a
    consonant off counts twice; vowels keep the plain similarity, as romanisations of Korean
    write one vowel several ways (성 "seong", "song", "sung"). Company names keep the plain
    similarity: theirs mix readings with translated words.

    Of organisations' names, two words of at least ORG_TYPO_MIN_LENGTH letters one typing error
    apart (a letter changed, added, left out, or two swapped) count as ORG_TYPO_SIM: their few
    distinctive words are typed, not spoken, and such an error is the commonest way to miss
    one. People's names keep the plain similarity, as their spellings vary in other ways.
    """
    cells: list[Cell] = []
    exact_q: set[int] = set()
    exact_c: set[int] = set()
    strict = (q.syllabic or c.syllabic) and not organisation
    if abjad:
        for i in range(len(q.folds)):
            for j in range(len(c.folds)):
                sim = _abjad_token_sim(q, c, i, j)
                if sim >= MIN_TOKEN_SIM:
                    cells.append((sim, (i,), (j,)))
                    if sim == 1.0:
                        exact_q.add(i)
                        exact_c.add(j)
    else:  # the token similarity written out: this loop runs for every pair of every candidate
        c_nums, c_phons = c.nums, c.phons
        # Some word of either name folds to another spelling (prepare() shares the tuple
        # otherwise): only then can a typing error hide behind folding.
        refolded = organisation and (q.spellings is not q.folds or c.spellings is not c.folds)
        c_groups = c.groups
        for i, a in enumerate(q.folds):
            na, pa, la = q.nums[i], q.phons[i], len(a)
            qg = None if strict else q.groups[i]
            # A Baltic ending can only be on a word ending in s (CASE_ENDINGS).
            q_case = not strict and a[-1:] == "s"
            for j, b in enumerate(c.folds):
                nb = c_nums[j]
                if na is not None and nb is not None:
                    sim = 1.0 if na == nb else 0.0
                elif a == b:
                    sim = 1.0
                elif la == 1 or len(b) == 1:
                    sim = 0.9 if a[0] == b[0] else 0.0
                else:
                    sim = _lev(a, b)
                    lb = len(b)
                    if strict:
                        sim = _syllable_sim(sim, q.skels[i], c.skels[j])
                    elif la == lb and la >= MIN_SWAP_LENGTH and round((1.0 - sim) * la) == 1 \
                            and _one_swap(a, b):
                        sim = max(1.0 - SWAP_EDIT / la, ORG_TYPO_SIM if organisation
                                  and la >= ORG_TYPO_MIN_LENGTH else 0.0)
                    elif organisation and sim < ORG_TYPO_SIM and (
                            (min(la, lb) >= ORG_TYPO_MIN_LENGTH
                            and round((1.0 - sim) * max(la, lb)) == 1)
                            or (refolded and _one_spelt_typo(q.spellings[i], c.spellings[j]))):
                        sim = ORG_TYPO_SIM  # OSA's normalised similarity: 1 - edits / length
                    elif sim < 0.75 and pa and pa == c_phons[j] \
                            and min(la, lb) >= MIN_PHONETIC_LENGTH:
                        sim = 0.75
                    if sim < VARIANT_SIM:
                        if qg is not None and (cg := c_groups[j]) is not None \
                                and not qg.isdisjoint(cg):
                            sim = VARIANT_SIM
                        elif (q_case and 0 < la - lb <= 3) or (
                                0 < lb - la <= 3 and b[-1] == "s" and not strict):
                            sim = max(sim, _without_ending(a, b))
                if sim >= MIN_TOKEN_SIM:
                    cells.append((sim, (i,), (j,)))
                    if sim == 1.0:
                        exact_q.add(i)
                        exact_c.add(j)
    if len(q.folds) != len(c.folds):  # one word for two leaves the counts unequal
        cells += _merged_cells(q, c, abjad, exact_q, exact_c, strict)
    if len(cells) < 2:  # nothing to choose between (the commonest case among candidates)
        return cells
    cells.sort(key=lambda cell: (-cell[0], len(cell[1]) + len(cell[2]), cell[1], cell[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[Cell] = []
    for cell in cells:
        _, qi, cj = cell
        if used_q.isdisjoint(qi) and used_c.isdisjoint(cj):
            chosen.append(cell)
            used_q.update(qi)
            used_c.update(cj)
    chosen.sort(key=lambda cell: cell[1])
    return chosen


def _legal(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 1.0 if a & b else -1.0


def compare_prepared(q: Prepared, c: Prepared, organisation: bool = False) -> NameFeatures:
    """The name features of a query reading against a listed one (``organisation``: the
    listed party is a company or an organisation)."""
    abjad = q.abjad != c.abjad  # consonants only across scripts; one script compares spellings
    chosen = _align(q, c, abjad, organisation)
    qf, cf, qd, cd = q.folds, c.folds, q.distinct, c.distinct
    got_q = got_c = 0.0
    phon_hits = initials = matched_distinct = exact_distinct = used_dq = used_dc = 0
    matched_any = False
    order: list[int] = []
    pairs: list[tuple[str, str, float, str, str]] = []
    for sim, qi, cj in chosen:
        if len(qi) == 1 and len(cj) == 1:
            i, j = qi[0], cj[0]
            got_q += q.weights[i] * sim
            got_c += c.weights[j] * sim
            distinct_q, distinct_c = qd[i], cd[j]
            a, b = qf[i], cf[j]
            shown_a, shown_b = q.spellings[i], c.spellings[j]
            phon_hits += bool(q.phons[i]) and q.phons[i] == c.phons[j]
            initials += len(a) == 1 or len(b) == 1
            used_dq += distinct_q
            used_dc += distinct_c
        else:
            got_q += sum(q.weights[i] for i in qi) * sim
            got_c += sum(c.weights[j] for j in cj) * sim
            distinct_q = any(qd[i] for i in qi)
            distinct_c = any(cd[j] for j in cj)
            a, b = "".join(qf[i] for i in qi), "".join(cf[j] for j in cj)
            shown_a = " ".join(q.spellings[i] for i in qi)
            shown_b = " ".join(c.spellings[j] for j in cj)
            phon_hits += sim >= 0.9
            used_dq += sum(qd[i] for i in qi)
            used_dc += sum(cd[j] for j in cj)
        if distinct_q:
            matched_distinct += sim >= 0.8
            if sim >= 0.95:
                exact_distinct += 1
            matched_any = matched_any or distinct_c
        order.append(cj[0])
        pairs.append((a, b, round(sim, 2), shown_a, shown_b))
    missing_q = q.n_distinct - used_dq  # each token is aligned at most once
    missing_c = c.n_distinct - used_dc
    cov_q, cov_c = got_q / (q.total_weight or 1.0), got_c / (c.total_weight or 1.0)
    patronymic_differs = False
    if q.patronymic >= 0 and c.patronymic >= 0:
        patronymic_differs = not any(qi == (q.patronymic,) and cj == (c.patronymic,)
                                     and sim >= 0.8 for sim, qi, cj in chosen)
    if abjad:
        whole = max(_lev(q.skel_joined, c.skel_joined),
                    _lev(q.skel_sorted_joined, c.skel_sorted_joined))
    else:
        whole = max(_lev(q.joined, c.joined), _lev(q.sorted_joined, c.sorted_joined))
        if q.core_joined and c.core_joined:
            whole = max(whole, _lev(q.core_joined, c.core_joined))
    sector_differs = False
    if q.generic and c.generic:
        aligned_q = {i for _, qi, _ in chosen for i in qi}
        aligned_c = {j for _, _, cj in chosen for j in cj}
        sector_differs = any(i not in aligned_q for i in q.generic) and \
            any(j not in aligned_c for j in c.generic)
    return NameFeatures(
        cover_min=min(cov_q, cov_c),
        cover_mean=(cov_q + cov_c) / 2,
        whole=whole,
        phonetic=phon_hits / max(len(chosen), 1),
        missing_query=missing_q,
        missing_listed=missing_c,
        in_order=order == sorted(order),
        matched_distinct=matched_distinct,
        exact_distinct=exact_distinct,
        matched_any=matched_any,
        initials=initials,
        legal=_legal(q.legal, c.legal),
        numbers_differ=bool(q.numbers and c.numbers and q.numbers != c.numbers),
        cover_max=max(cov_q, cov_c),
        patronymic_differs=patronymic_differs,
        sector_differs=sector_differs,
        hangul_differs=bool(q.hangul and c.hangul and sorted(q.hangul) != sorted(c.hangul)),
        pairs=tuple(pairs),
    )
