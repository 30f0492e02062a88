"""Goods: HS 2022 codes, the Common High Priority List and free-text classification.

The public API, kept small for shipment screening and news analysis:

* :func:`check` validates a commodity code (HS-2/4/6, CN8, HTS10, TN VED, China 10-digit) and
  says what it is and whether the CHPL lists it;
* :func:`classify` ranks HS subheadings for a goods description (English, Russian, Chinese,
  part numbers) and checks a declared code against it;
* :func:`chpl_tier` gives the CHPL tier of an HS-6 code;
* :func:`categories_for_text` finds CHPL categories named in prose ("machine tools" -> 4.B);
* :class:`ControlCatalogue` flags control-list entries through a user-supplied correlation.
"""

from dualwatch.errors import InvalidCodeError
from dualwatch.goods.candidate import Candidate, Evidence
from dualwatch.goods.catalogue import ControlCatalogue, ControlEntry
from dualwatch.goods.categories import CategoryHit, categories_for_text
from dualwatch.goods.classify import Classification, Contradiction, classify
from dualwatch.goods.codes import ChplCode, CodeInfo, check
from dualwatch.goods.nomenclature import chpl_tier

__all__ = [
    "Candidate",
    "CategoryHit",
    "ChplCode",
    "Classification",
    "CodeInfo",
    "Contradiction",
    "ControlCatalogue",
    "ControlEntry",
    "Evidence",
    "InvalidCodeError",
    "categories_for_text",
    "check",
    "chpl_tier",
    "classify",
]
