"""Arabic given names that share their consonants and differ in a long vowel.

Across scripts an Arabic-script name is compared with a Latin one on consonants (features.py),
and a long vowel the Arabic writes must show in the Latin spelling. The converse cannot be
checked letter by letter: Latin spellings write short vowels too, so the "u" of Mahmud looks no
different from the "u" of Muhammad, and محمد (Muhammad) would meet Mahmud (محمود). For the
common names where this happens, ``data/arabic_given_names.csv`` says how each Latin spelling is
written in Arabic script; a Latin spelling listed there meets only those Arabic spellings.
"""

from __future__ import annotations

from functools import cache

from dualwatch.names.tables import read_table


def _fold(word: str) -> str:
    from dualwatch.names.normalize import normalize_name  # normalize imports this package

    forms = normalize_name(word, "Person")
    return "".join(t.fold for t in forms[0].tokens) if forms else ""


@cache
def _spellings() -> dict[str, frozenset[str]]:
    """Folded Latin spelling -> the folded readings of its Arabic-script spellings."""
    table: dict[str, set[str]] = {}
    for row in read_table("arabic_given_names.csv"):
        arabic = {_fold(word) for word in row["arabic"].split("|")}
        for latin in row["latin"].split("|"):
            table.setdefault(_fold(latin), set()).update(arabic)
    return {latin: frozenset(arabic) for latin, arabic in table.items()}


def other_given_name(arabic: str, latin: str) -> bool:
    """Whether the folded Latin word is a known given name that the folded reading of an
    Arabic-script word does not write (Mahmud / محمد); False for names not in the table."""
    known = _spellings().get(latin)
    return known is not None and arabic not in known
