"""An older list version never becomes current silently (real UN file, SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualwatch import lists
from dualwatch.errors import OlderVersionError
from dualwatch.store.base import is_older
from dualwatch.store.sql import SQLStore
from tests.conftest import LISTS

UN = LISTS / "un_sc" / "consolidated.xml"  # dateGenerated 2026-02-27


def _newer_copy(tmp_path: Path) -> Path:
    """The same file as the UN would publish it a week later (one entry fewer)."""
    text = UN.read_text("utf-8").replace('dateGenerated="2026-02-27', 'dateGenerated="2026-03-06')
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    path = tmp_path / "newer" / "consolidated.xml"
    path.parent.mkdir()
    path.write_text(text[:start] + text[end:], "utf-8")
    return path


def _load(store: SQLStore, path: Path, allow_older: bool = False) -> str:
    [result] = lists.load_path(store, path, allow_older=allow_older)
    return result.version.version


def _actions(store: SQLStore) -> list[str]:
    return [r.action for r in store.audit_records(subject="list:un_sc_sanctions")]


def test_older_file_is_refused_and_audited_and_the_newer_stays(store: SQLStore,
                                                               tmp_path: Path) -> None:
    assert _load(store, UN) == "2026-02-27"
    assert _load(store, _newer_copy(tmp_path)) == "2026-03-06"
    with pytest.raises(OlderVersionError, match="2026-02-27, older than the current 2026-03-06"):
        _load(store, UN)  # the older snapshot is stored, yet it must not become current again
    assert store.version("un_sc_sanctions").version == "2026-03-06"
    assert _actions(store) == ["list_load", "list_load", "list_load_refused_older"]


def test_older_file_loads_when_asked_and_is_audited(store: SQLStore, tmp_path: Path) -> None:
    _load(store, _newer_copy(tmp_path))
    assert _load(store, UN, allow_older=True) == "2026-02-27"
    assert store.version("un_sc_sanctions").version == "2026-02-27"
    assert _actions(store) == ["list_load", "list_load_older", "list_load"]


def test_only_dates_are_compared() -> None:
    assert is_older("2025-04-14", "publisher", "2025-05-01", "file-date")
    assert not is_older("2025-04-14", "user", "2025-05-01", "publisher")
    assert not is_older("release-7", "publisher", "2025-05-01", "publisher")
    assert not is_older("2025-05-01", "publisher", "2025-05-01", "publisher")


@pytest.mark.usefixtures("dualwatch_home")
def test_cli_refuses_the_older_list_loads_the_others_and_exits_1(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dualwatch.cli import main
    from tests.conftest import LISTS_EXTRA

    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(_newer_copy(tmp_path))]).exit_code == 0
    result = runner.invoke(main, ["lists", "load", str(UN),
                                  str(LISTS_EXTRA / "ftm" / "cn_sanctions.ftm.json")])
    assert result.exit_code == 1
    assert "refused: un_sc_sanctions:" in result.output and "--allow-older" in result.output
    assert "cn_sanctions" in result.output
    forced = runner.invoke(main, ["lists", "load", str(UN), "--allow-older"])
    assert forced.exit_code == 0, forced.output


def test_staleness_policy_warns_per_list_and_strict_stops(store: SQLStore) -> None:
    from datetime import UTC, datetime

    from dualwatch.errors import StaleListError

    _load(store, UN)  # published 2026-02-27
    week_later = datetime(2026, 3, 6, 12, tzinfo=UTC)
    assert lists.stale_lists(store, lists.parse_age("7d"), now=week_later)[0].age.days == 7
    assert lists.stale_lists(store, lists.parse_age("2w"), now=week_later) == []
    warnings = lists.check_freshness(store, "1d")  # the file is months old by now
    assert warnings[0].startswith("un_sc_sanctions version 2026-02-27 is ")
    assert "over the 1d allowed; run: dualwatch lists update" in warnings[0]
    with pytest.raises(StaleListError, match="screening stopped"):
        lists.check_freshness(store, "1d", strict=True)
    with pytest.raises(Exception, match="7d, 36h or 2w"):
        lists.parse_age("a week")


@pytest.mark.usefixtures("dualwatch_home")
def test_screen_warns_about_stale_lists_and_strict_fails(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dualwatch.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(UN)]).exit_code == 0
    source = tmp_path / "in.csv"
    source.write_text("name\nSomeone Unlisted\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    warned = runner.invoke(main, ["screen", str(source), "-o", str(out), "--max-age", "7d"])
    assert warned.exit_code == 0, warned.output
    assert "warning: un_sc_sanctions version 2026-02-27" in warned.output
    stopped = runner.invoke(main, ["screen", str(source), "-o", str(tmp_path / "h2.csv"),
                                   "--max-age", "7d", "--strict"])
    assert stopped.exit_code != 0 and "screening stopped (--strict)" in stopped.output
    assert not (tmp_path / "h2.csv").exists()
