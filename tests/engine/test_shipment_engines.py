"""Shipment assessment on Spark ranks and scores every shipment exactly as the local engine."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dualwatch.engine.local import LocalEngine
from dualwatch.engine.spark import SparkEngine
from dualwatch.model import Entity
from dualwatch.risk import synth
from dualwatch.risk.engine import OUTPUT_COLUMNS
from dualwatch.risk.parties import ListContext


@pytest.fixture(scope="module")
def shipments(tmp_path_factory: pytest.TempPathFactory, csl_entities: list[Entity]) -> Path:
    folder = tmp_path_factory.mktemp("shipments")
    return synth.generate(folder / "shipments.csv", 1500, csl_entities, seed=11,
                          planted_share=0.05).path


def test_spark_assessment_writes_the_local_file_byte_for_byte(
        spark_engine: SparkEngine, csl_lists: ListContext, shipments: Path,
        tmp_path: Path) -> None:
    local = LocalEngine().assess_file(str(shipments), str(tmp_path / "local.csv"), csl_lists)
    spark = spark_engine.assess_file(str(shipments), str(tmp_path / "spark.csv"), csl_lists)
    assert (local.rows, local.parties, local.levels, local.flag_counts) == \
        (spark.rows, spark.parties, spark.levels, spark.flag_counts)
    assert local.levels["high"] > 25 and sum(local.flag_counts.values()) > 250
    assert (tmp_path / "local.csv").read_bytes() == (tmp_path / "spark.csv").read_bytes()


def test_spark_reads_parquet_itself_and_writes_parquet_part_files(
        spark_engine: SparkEngine, csl_lists: ListContext, shipments: Path,
        tmp_path: Path) -> None:
    source = tmp_path / "shipments.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{shipments}', all_varchar=true)) "
                   f"TO '{source}' (FORMAT parquet, ROW_GROUP_SIZE 500)")
    LocalEngine().assess_file(str(source), str(tmp_path / "local.parquet"), csl_lists)
    spark_engine.assess_file(str(source), str(tmp_path / "spark.parquet/"), csl_lists)
    columns = ", ".join(OUTPUT_COLUMNS)
    local_rows = duckdb.execute(f"SELECT {columns} FROM '{tmp_path / 'local.parquet'}' "
                                "ORDER BY rank").fetchall()
    spark_rows = duckdb.execute(f"SELECT {columns} FROM '{tmp_path / 'spark.parquet'}/*.parquet'"
                                " ORDER BY rank").fetchall()
    assert len(local_rows) == 1500
    assert spark_rows == local_rows
