"""Given names that are one name in another form: nicknames, diminutives, East Slavic forms.

Bill is William, Sasha is Aleksandr, Volodymyr (Ukrainian) and Uladzimir (Belarusian) are
Vladimir: spellings too far apart for edit similarity, yet no evidence against a match. Each
folded given name maps to the set of names it may stand for (its group); two words whose groups
meet are one name written otherwise (features.py scores them as near-equal, not equal). English
nicknames come from the ``nicknames`` package; East Slavic forms and diminutives from
``data/given_name_variants.csv``.
"""

from __future__ import annotations

from functools import cache

from nicknames import NickNamer

from dualwatch.names.tables import read_table
from dualwatch.names.tokens import fold

MIN_LENGTH = 3  # "al", "ed": particles and initials, not nicknames to look up


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Folded given name -> the folded names of its groups."""
    table: dict[str, set[str]] = {}
    for row in read_table("given_name_variants.csv"):
        name = fold(row["name"])
        for form in [row["name"], *row["forms"].split("|")]:
            table.setdefault(fold(form), set()).add(name)
    namer = NickNamer()
    for canonical, nicknames in namer.nickname_lookup.items():  # name -> its nicknames
        key = fold(canonical)
        table.setdefault(key, set()).add("en:" + key)
        for nickname in nicknames:
            table.setdefault(fold(nickname), set()).add("en:" + key)
    return {k: frozenset(v) for k, v in table.items() if len(k) >= MIN_LENGTH}


def name_groups(folded: str) -> frozenset[str] | None:
    """The groups of a folded given name (None when it is in none: most words)."""
    return _groups().get(folded)
