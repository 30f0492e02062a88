"""The generator plants schemes with labels, and the engine finds them at the high level."""

from __future__ import annotations

import csv

from dualwatch.risk import engine, synth
from dualwatch.risk.tables import read_table


def _labels(result: synth.SynthResult) -> dict[str, str]:
    with result.labels.open(encoding="utf-8") as fh:
        return {row["shipment_id"]: row["scheme"] for row in csv.DictReader(fh)}


def test_every_scheme_is_planted(synthetic: synth.SynthResult) -> None:
    schemes = {row["scheme"] for row in read_table("synth_schemes.csv")}
    assert set(synthetic.schemes) == schemes
    assert synthetic.rows == 2000
    assert synthetic.planted == len(_labels(synthetic)) >= 90


def test_listed_parties_are_real_list_entries(synthetic: synth.SynthResult) -> None:
    assert synthetic.listed_used >= 3


def test_same_seed_same_file(tmp_path, listed_entities) -> None:  # type: ignore[no-untyped-def]
    a = synth.generate(tmp_path / "a.csv", 300, listed_entities, seed=3)
    b = synth.generate(tmp_path / "b.csv", 300, listed_entities, seed=3)
    assert a.path.read_bytes() == b.path.read_bytes()


def test_planted_schemes_are_found_at_the_high_level(
        synthetic: synth.SynthResult, synthetic_assessment: engine.Assessment) -> None:
    labels = _labels(synthetic)
    assert synthetic_assessment.con is not None
    high = {sid for (sid,) in synthetic_assessment.con.execute(
        "SELECT id FROM assessed WHERE level = 'high'").fetchall()}
    found = len(high & labels.keys())
    recall, precision = found / len(labels), found / max(len(high), 1)
    assert recall >= 0.85, (recall, precision)
    assert precision >= 0.75, (recall, precision)


def test_parties_are_screened_once_each(synthetic_assessment: engine.Assessment) -> None:
    assert synthetic_assessment.con is not None
    distinct = synthetic_assessment.con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT name, cc FROM party_info)").fetchone()
    assert distinct is not None and distinct[0] == synthetic_assessment.parties
    assert synthetic_assessment.parties < synthetic_assessment.rows
