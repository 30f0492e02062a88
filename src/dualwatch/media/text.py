"""Paragraphs, sentences and words of article text, in English, Russian and Chinese.

News text puts quotes across sentence ends (“... Ukraine. It is a concern ...,” Blinken said), so
a sentence does not end inside an open quotation; abbreviations of titles and months ("Gen.",
"Feb.", "U.S.") do not end one either.
"""

from __future__ import annotations

import re

from dualwatch.names.scripts import dominant_script

QUOTE_OPEN = "“«„\""
QUOTE_CLOSE = "”»“\""
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "brig", "lt", "col", "maj", "adm", "sen", "rep",
                  "gov", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec", "u.s", "u.k", "no", "co", "inc", "ltd", "corp", "jr", "vs",
                  "d.c", "u.n", "e.u", "т.е", "т.д", "г", "им"}
_WORD = re.compile(r"[\w][\w'’.-]*[\w]|[\w]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def language(text: str) -> str:
    """en, ru or zh: the article's main language by script (Latin text is read as English)."""
    script = dominant_script(text)
    return {"cyrillic": "ru", "han": "zh", "chinese": "zh"}.get(script, "en")


def sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, keeping quoted passages whole."""
    out: list[str] = []
    start = 0
    depth = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in "“«„":
            depth += 1
        elif ch in "”»" and depth:
            depth -= 1
        elif ch == '"':
            depth = 0 if depth else 1
        elif ch in "。！？":
            if not depth:
                out.append(paragraph[start:i + 1])
                start = i + 1
        elif ch in ".!?" and not depth and _ends_sentence(paragraph, i):
            end = i + 1
            while end < n and paragraph[end] in "”»\")]’":
                end += 1
            out.append(paragraph[start:end])
            start = end
            i = end
            continue
        i += 1
    if paragraph[start:].strip():
        out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


def _ends_sentence(text: str, i: int) -> bool:
    rest = text[i + 1:]
    if rest and not rest[0].isspace() and rest[0] not in "”»\"’)":
        return False
    if text[i] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[:i])
    if word:
        token = word.group(1).casefold()
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            return False
    nxt = rest.lstrip(" ”»\"’)")
    return not nxt or not nxt[0].islower()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def normalize_quotes(text: str) -> str:
    """Straight apostrophes for comparison ("it’s" and "it's" are the same word)."""
    return text.replace("’", "'").replace("‘", "'")
