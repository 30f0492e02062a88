"""Choosing the engine: names, settings and errors, before any work starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dualwatch.cli import main
from dualwatch.engine import get_engine, parse_conf
from dualwatch.engine.local import LocalEngine
from dualwatch.errors import EngineError


def test_spark_settings_are_key_value_pairs_in_order() -> None:
    assert parse_conf(["spark.executor.memory=8g", "spark.a = b=c"]) == {
        "spark.executor.memory": "8g", "spark.a": "b=c"}
    with pytest.raises(EngineError, match="KEY=VALUE"):
        parse_conf(["spark.executor.memory"])


def test_engines_by_name() -> None:
    assert isinstance(get_engine("local"), LocalEngine)
    with pytest.raises(EngineError, match="unknown engine 'dask'"):
        get_engine("dask")


def test_cli_bad_spark_setting_is_one_line_and_exit_2(dualwatch_home: Path,
                                                      tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name\nSberbank\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(source), "-o", str(tmp_path / "o.csv"),
                                       "--engine", "spark", "--spark-conf", "executor"])
    assert result.exit_code == 2
    assert "--spark-conf expects KEY=VALUE, got 'executor'" in result.output
    assert not (tmp_path / "o.csv").exists()
