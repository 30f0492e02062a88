"""Screening on Spark gives the local engine's hits row for row, from the same real inputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
from click.testing import CliRunner

from dualwatch.cli import main
from dualwatch.engine.local import LocalEngine
from dualwatch.engine.spark import SparkEngine
from dualwatch.match import Query
from dualwatch.model import Entity
from dualwatch.risk.parties import ListContext
from dualwatch.screening import HIT_COLUMNS
from dualwatch.sources import ofac

SDN = Path("../shared/data/lists/us_ofac_sdn/sdn.csv")
ZALA = Path("../shared/data/ownership/ftm/zala_aero_cluster.ftm.json")

EXAMPLES = Path("examples/counterparties.csv")


def counterparties(entities: list[Entity], folder: Path) -> Path:
    """Real CSL names (every 40th entry, some as a clerk would type them) plus the examples."""
    path = folder / "counterparties.csv"
    with EXAMPLES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for n, entity in enumerate(entities[::40]):
        name = entity.caption if n % 2 else entity.caption.upper().replace(",", "")
        rows.append({"id": f"csl-{n}", "name": name, "schema": "",
                     "country": entity.countries[0].code if entity.countries else ""})
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "name", "schema", "country",
                                                "birth_date", "identifiers", "address"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_spark_screening_writes_the_local_files_byte_for_byte(
        spark_engine: SparkEngine, csl_entities: list[Entity], csl_lists: ListContext,
        tmp_path: Path) -> None:
    source = counterparties(csl_entities, tmp_path)
    local = LocalEngine().screen_file(str(source), str(tmp_path / "local.jsonl"),
                                      csl_lists.index)
    spark = spark_engine.screen_file(str(source), str(tmp_path / "spark.jsonl"),
                                     csl_lists.index)
    assert (local.queries, local.with_hits, local.hits) == \
        (spark.queries, spark.with_hits, spark.hits)
    assert local.with_hits > 50, "the CSL names must find their entries"
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "spark.jsonl").read_bytes()


def test_spark_reads_and_writes_parquet_with_the_same_rows(
        spark_engine: SparkEngine, csl_entities: list[Entity], csl_lists: ListContext,
        tmp_path: Path) -> None:
    source = counterparties(csl_entities, tmp_path)
    parquet_in = tmp_path / "counterparties.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{source}', all_varchar=true)) "
                   f"TO '{parquet_in}' (FORMAT parquet)")
    LocalEngine().screen_file(str(source), str(tmp_path / "local.csv"), csl_lists.index,
                              threshold=0.5)
    spark_engine.screen_file(str(parquet_in), str(tmp_path / "hits.parquet"),
                             csl_lists.index, threshold=0.5)
    columns = ", ".join(HIT_COLUMNS)
    local_rows = duckdb.execute(
        f"SELECT {columns} FROM read_csv('{tmp_path / 'local.csv'}', all_varchar=true)"
    ).fetchall()
    spark_rows = duckdb.execute(
        f"SELECT {', '.join(f'CAST({c} AS VARCHAR)' for c in HIT_COLUMNS)} "
        f"FROM read_parquet('{tmp_path / 'hits.parquet'}/*.parquet')").fetchall()
    assert sorted(local_rows, key=str) == sorted(spark_rows, key=str)
    assert len(spark_rows) >= 100


def test_python_api_match_is_the_same_on_both_engines(
        spark_engine: SparkEngine, csl_entities: list[Entity], csl_lists: ListContext) -> None:
    queries = [Query(id=str(n), name=e.caption) for n, e in enumerate(csl_entities[5::97])]
    local = LocalEngine().match(queries, csl_lists.index)
    spark = spark_engine.match(queries, csl_lists.index)
    assert spark == local
    assert sum(1 for hits in local if hits) > len(queries) * 0.9


def test_cli_screen_on_spark_writes_the_local_file_with_owned_parties(
        spark_engine: SparkEngine, dualwatch_home: Path, tmp_path: Path) -> None:
    """Real SDN entries and the real Zala Aero ownership cluster: the company owned by a
    listed person is a hit on both engines, with the same basis, share and path."""
    sdn = [e for e in ofac.read(SDN).entities if e.source_id in ("45937", "16911")]
    listed = tmp_path / "us_ofac_sdn.ftm.json"
    listed.write_text("".join(json.dumps(e.to_ftm(), ensure_ascii=False) + "\n" for e in sdn),
                      encoding="utf-8")
    source = tmp_path / "counterparties.csv"
    source.write_text("id,name\n1,OOO SPS\n2,Aleksandr Zakharov\n3,Romashka LLC\n"
                      "4,Kalashnikov Concern\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(listed)]).exit_code == 0
    assert runner.invoke(main, ["ownership", "load", str(ZALA)]).exit_code == 0
    outputs = []
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}.csv"
        result = runner.invoke(main, ["screen", str(source), "-o", str(out), "--as-of",
                                      "2022-06-01", "--engine", engine,
                                      "--spark-master", "local[2]"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    with (tmp_path / "spark.csv").open(encoding="utf-8") as fh:
        rows = {r["query_id"]: r for r in csv.DictReader(fh)}
    assert rows["1"]["basis"] == "owned" and rows["1"]["blocked_share"] == "75"
    assert rows["4"]["basis"] == "listed" and rows["3"]["entity_id"] == ""
