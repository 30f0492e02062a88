"""Real processes killed with SIGKILL at random moments lose no alert and raise none twice.

The monitoring day of ``benchmarks/crash/scenario.py`` (a list load, a portfolio import, a
second list load that must re-screen the book) runs once
uninterrupted and then with one step killed at a random moment and run again, on SQLite and on
PostgreSQL. The final alerts must be identical. ``benchmarks/crash/crash_resume.py`` tries many
more kill points.
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "crash"))

import scenario


def _url(engine: str, request: pytest.FixtureRequest, folder: Path) -> str:
    if engine == "sqlite":
        folder.mkdir(parents=True)
        return f"sqlite:///{folder / 'store.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return str(server.create_database(f"crash_{uuid.uuid4().hex[:10]}"))


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_killed_steps_end_with_the_alerts_of_an_uninterrupted_day(
        engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    book = scenario.write_book(tmp_path / "book.csv", listed=150, others=150)
    home = tmp_path / "home"
    baseline = scenario.run_day(home, book, _url(engine, request, tmp_path / "base"))
    assert baseline.audit_ok and baseline.pending == 0
    # The import raises alerts on listed people; the second list's re-screening on its companies.
    assert len({a[1] for a in baseline.alerts if a[1].startswith("U")}) > 100
    assert len({a[1] for a in baseline.alerts if a[1].startswith("D")}) > 40
    rng = random.Random()
    for step in (1, 2):  # the import; the load that owes the re-screening
        moment = rng.uniform(0.2, baseline.seconds[step])
        crashed = scenario.run_day(home, book, _url(engine, request, tmp_path / f"k{step}"),
                                   kill=(step, moment))
        assert crashed.alerts == baseline.alerts, f"step {step} killed after {moment:.2f} s"
        assert crashed.audit_ok and crashed.pending == 0
