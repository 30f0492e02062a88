"""A real Spark session (local[2]) shared by the engine tests, and the bundled CSL as the lists.

Where PySpark or Java is missing the Spark tests are skipped, except when
DUALWATCH_REQUIRE_SPARK is set (CI sets it after installing both): there they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dualwatch.model import Entity
from dualwatch.risk.parties import ListContext
from dualwatch.sources.registry import discover

CSL = Path("../shared/data/lists/us_trade_csl")


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[object]:
    missing = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing = "PySpark is not installed (pip install -e '.[spark]')"
    if missing is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing = "no Java runtime (apt-get install openjdk-17-jre-headless)"
    if missing is not None:
        if os.environ.get("DUALWATCH_REQUIRE_SPARK"):
            pytest.fail(f"DUALWATCH_REQUIRE_SPARK is set but {missing}")
        pytest.skip(missing)
    from dualwatch.engine.spark import SparkEngine

    engine = SparkEngine("local[2]", {"spark.sql.shuffle.partitions": "2",
                                      "spark.default.parallelism": "2"})
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def csl_entities() -> list[Entity]:
    if not CSL.exists():
        pytest.skip(f"bundled lists not found at {CSL}")
    return [e for fmt, path in discover(CSL) for e in fmt.read(path).entities]


@pytest.fixture(scope="session")
def csl_lists(csl_entities: list[Entity]) -> ListContext:
    return ListContext.from_entities(csl_entities)
