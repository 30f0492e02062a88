"""GLEIF LEI-CDF XML (LEI records, format 3.1): legal names in their own language and script.

An LEI record of a Chinese company gives its registered Chinese legal name
(``<LegalName xml:lang="zh">``), its English and transliterated names (``OtherEntityName``,
``TransliteratedOtherEntityName``) and, as the registration authority's entity id, its unified
social credit code (a Russian company's, its OGRN). Each ``LEIRecord`` becomes a
:class:`ReferenceRecord`; a file that is not LEI-CDF, or a record without an LEI or legal name,
is a SourceError naming the element. Relationship records (RR-CDF) are another format, read
with the ownership relations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dualwatch.errors import SourceError
from dualwatch.model import Identifier, Name, NameKind
from dualwatch.sources.reference import ReferenceRecord
from dualwatch.sources.xml_stream import events, local_name

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_NAMES = {"LegalName": NameKind.PRIMARY, "OtherEntityName": NameKind.ALIAS,
          "TransliteratedOtherEntityName": NameKind.ALIAS}


def sniff(head: bytes) -> bool:
    return b"LEIData" in head and b"leidata" in head


def read(path: Path) -> Iterator[ReferenceRecord]:
    """The LEI records of ``path``, one at a time."""
    stream = events(path)
    for _event, elem in stream:
        if local_name(elem.tag) != "LEIData":
            raise SourceError(path, f"not a GLEIF LEI-CDF file: the root element is "
                              f"<{local_name(elem.tag)}>, not <LEIData>")
        break
    count = 0
    for event, elem in stream:
        if event == "end" and local_name(elem.tag) == "LEIRecord":
            count += 1
            yield _record(path, elem, count)
            elem.clear()
    if count == 0:
        raise SourceError(path, "the file holds no LEIRecord")


def _record(path: Path, elem: object, count: int) -> ReferenceRecord:
    lei = ""
    names: list[Name] = []
    identifiers: list[Identifier] = []
    for child in elem.iter():  # type: ignore[attr-defined]
        tag = local_name(child.tag)
        text = (child.text or "").strip()
        if tag == "LEI" and not lei:
            lei = text
        elif tag in _NAMES and text:
            names.append(Name(text, _NAMES[tag], child.get(_LANG)))
        elif tag == "RegistrationAuthorityEntityID" and text:
            kind = ("uscc" if _USCC.match(text.upper()) else
                    "ogrn" if re.fullmatch(r"\d{13}", text) else "registration")
            identifiers.append(Identifier(kind, text))
    where = f"LEIRecord #{count}"
    if not re.fullmatch(r"[0-9A-Z]{20}", lei):
        raise SourceError(path, f"no valid LEI (got {lei!r})", element=where, field="LEI")
    if not any(n.kind == NameKind.PRIMARY for n in names):
        raise SourceError(path, "no legal name", element=f"{where} (LEI {lei})",
                          field="LegalName")
    identifiers.insert(0, Identifier("lei", lei))
    return ReferenceRecord(tuple(dict.fromkeys(names)), tuple(identifiers),
                           f"{path.name}, LEI {lei}")
