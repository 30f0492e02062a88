"""Real descriptions labelled by customs vote for their codes; the validation part never ships."""

from __future__ import annotations

import sys
from pathlib import Path

from dualwatch.goods import classify
from dualwatch.goods.examples import Example, ExampleIndex, example_index

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "goods"))
import hmrc


def test_no_validation_description_is_shipped() -> None:
    development, validation = hmrc.split()
    shipped = {hmrc.key(e.text) for e in example_index().examples}
    assert len(shipped) > 0.7 * len({hmrc.key(t) for t, _, _ in development})
    assert not shipped & {hmrc.key(t) for t, _, _ in validation}


def test_a_trader_wording_the_tables_miss_is_answered_by_its_neighbours() -> None:
    """'hair mousse' is not in the tables' words; HMRC's labelled mousses are hair products."""
    text = "lee stafford hair mousse"
    tables_only = classify(text, examples=False).top
    assert tables_only is None or tables_only.hs6[:4] != "3305"
    result = classify(text)
    assert result.top is not None and result.top.hs6 == "330590"
    assert any(e.kind == "example" for e in result.top.evidence)


def test_packing_words_do_not_make_neighbours() -> None:
    index = ExampleIndex([Example("100ml bottle", "392330"), Example("soy sauce", "210310")])
    assert [n.example.hs6 for n in index.nearest("soy sauce 500ml bottle")] == ["210310"]
