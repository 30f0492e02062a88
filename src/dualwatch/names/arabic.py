"""Arabic-script names: a reading that keeps the vowels the script does write.

Arabic and Persian leave short vowels unwritten but write long ones: alef (ا, "a"), waw (و,
"u/o/w") and ya (ي/ی, "i/e/y"). anyascii drops alef altogether and turns ayn and hamza into
apostrophes, which then split one word in two (سعید read as "s id"). ``arabic_to_latin`` keeps
alef as "a" and drops ayn and hamza inside a word, so that a name's transliteration carries the
long vowels a Latin spelling must agree with (احسان "ahsan" is not "Hossein", جلیلی "jlili" is
not "Jalali"); the consonant skeleton used for cross-script candidates is unchanged.
"""

from __future__ import annotations

import re

from anyascii import anyascii

# Silent letters and hamza seats: dropped inside a word (the Latin spellings of ayn and hamza
# vary between nothing, "a", "e" and an apostrophe). The optional vowel marks (harakat, shadda,
# the dagger alef) go too: a name reads the same with them as without, as it is mostly typed.
_DROPPED = dict.fromkeys([*map(ord, "عءئؤٱ\u200c\u0640"), *range(0x064B, 0x0660), 0x0670],
                         None)
_ALEF = {ord("ا"): "a", ord("أ"): "a", ord("آ"): "a", ord("إ"): "i"}
# The alef of the article inside a word is silent: عبدالله is "Abdullah" as often as "Abdallah".
_INNER_ARTICLE = re.compile(r"(?<=[\u0621-\u064a\u066e-\u06d3])ال")


def arabic_to_latin(text: str) -> str:
    """Lower-case ASCII reading of an Arabic-script text, long vowels kept."""
    text = _INNER_ARTICLE.sub("ل", text)
    return anyascii(text.translate(_DROPPED).translate(_ALEF))
