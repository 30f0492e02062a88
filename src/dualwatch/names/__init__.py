"""Name normalisation: scripts, transliteration, legal forms and comparable tokens.

``normalize_name(text, schema)`` is the entry point; it returns one or more
:class:`NameForm` readings whose tokens carry a folded spelling and a kind. The tables behind it
(transliteration schemes, legal forms, common words, Chinese terms) are data files in ``data/``
with their sources.
"""

from dualwatch.names.normalize import (
    GENERIC,
    NAME,
    PARTICLE,
    PATRONYMIC,
    PLACE,
    TITLE,
    NameForm,
    Token,
    ascii_words,
    normalize_name,
)
from dualwatch.names.tokens import fold, number, phonetic, skeleton
from dualwatch.names.variants import name_groups

__all__ = [
    "GENERIC",
    "NAME",
    "PARTICLE",
    "PATRONYMIC",
    "PLACE",
    "TITLE",
    "NameForm",
    "Token",
    "ascii_words",
    "fold",
    "name_groups",
    "normalize_name",
    "number",
    "phonetic",
    "skeleton",
]
