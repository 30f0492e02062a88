"""`lists update` against a real HTTP server on loopback serving the real bundled files."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from dualwatch import lists
from dualwatch.downloads import fetch
from dualwatch.sources.base import Download
from dualwatch.store.sqlite import SQLiteStore
from tests.conftest import LISTS, LISTS_EXTRA


class Publisher(SimpleHTTPRequestHandler):
    """Serves a folder with ETags; /flaky/ answers 503 twice first, /short/ cuts the body."""

    failures: ClassVar[Counter[str]] = Counter()
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Publisher.seen.append((self.path, self.headers.get("If-None-Match")))
        if self.path.startswith("/flaky/") and Publisher.failures[self.path] < 2:
            Publisher.failures[self.path] += 1
            self.send_error(503)
            return
        path = Path(self.directory) / self.path.rsplit("/", 1)[-1]
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.path.startswith("/short/") else body)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    served = tmp_path / "publisher"
    served.mkdir()
    un = (LISTS / "un_sc" / "consolidated.xml").read_bytes()
    (served / "consolidated.xml").write_bytes(un)
    (served / "ConList.csv").write_bytes(
        (LISTS_EXTRA / "gb_hmt_sanctions" / "ConList.csv").read_bytes())
    (served / "consolidated.xml.sha256").write_text(
        hashlib.sha256(un).hexdigest() + "  consolidated.xml\n")
    (served / "wrong.sha256").write_text("0" * 64 + "  consolidated.xml\n")
    Publisher.failures.clear()
    Publisher.seen.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Publisher, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_update_loads_then_asks_only_for_changes(server: str, tmp_path: Path) -> None:
    downloads = [Download("un_sc_sanctions", f"{server}/consolidated.xml", "consolidated.xml",
                          checksum_url=f"{server}/consolidated.xml.sha256"),
                 Download("gb_hmt_sanctions", f"{server}/ConList.csv", "ConList.csv")]
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        first = lists.update(store, tmp_path / "dl", downloads=downloads, pause=0)
        assert [(r.version.dataset, r.version.version) for r in first.loaded] == [
            ("un_sc_sanctions", "2026-02-27"), ("gb_hmt_sanctions", "2025-04-14")]
        un_line = dict(first.messages)["un_sc_sanctions"]
        assert "checksum verified" in un_line and "version 2026-02-27, 1,003 entities" in un_line
        second = lists.update(store, tmp_path / "dl", downloads=downloads, pause=0)
        assert second.loaded == []
        assert all(m.startswith("not modified") for _, m in second.messages)
        assert len(store.versions()) == 2
    conditional = [etag for path, etag in Publisher.seen if path == "/ConList.csv"]
    assert conditional[0] is None and conditional[1] is not None


def test_server_errors_are_retried_and_give_up_with_a_clear_line(server: str,
                                                                 tmp_path: Path) -> None:
    flaky = Download("un_sc_sanctions", f"{server}/flaky/consolidated.xml", "consolidated.xml")
    assert fetch(flaky, tmp_path / "a", tries=2, pause=0).message == (
        "failed after 2 tries: HTTP 503 Service Unavailable")
    Publisher.failures.clear()
    fetched = fetch(flaky, tmp_path / "b", tries=3, pause=0)
    assert (fetched.status, fetched.tries) == ("downloaded", 3)
    missing = fetch(Download("x", f"{server}/gone.csv", "gone.csv"), tmp_path, pause=0)
    assert (missing.status, missing.tries) == ("failed", 1)  # a 404 is not retried
    assert "HTTP 404" in missing.message


def test_bad_checksum_or_cut_body_keeps_the_previous_copy(server: str, tmp_path: Path) -> None:
    good = Download("un_sc_sanctions", f"{server}/consolidated.xml", "consolidated.xml")
    first = fetch(good, tmp_path)
    assert first.status == "downloaded" and first.path is not None
    before = first.path.read_bytes()
    first.path.with_name(".consolidated.xml.fetch.json").unlink()  # forget the ETag
    wrong = Download("un_sc_sanctions", good.url, "consolidated.xml",
                     checksum_url=f"{server}/wrong.sha256")
    mismatch = fetch(wrong, tmp_path, pause=0)
    assert mismatch.status == "failed" and "checksum mismatch" in mismatch.message
    cut = fetch(Download("un_sc_sanctions", f"{server}/short/consolidated.xml",
                         "consolidated.xml"), tmp_path, tries=1)
    assert cut.status == "failed" and ("truncated" in cut.message
                                       or "connection lost" in cut.message)
    assert first.path.read_bytes() == before
    assert not [p for p in first.path.parent.iterdir() if p.name.startswith(".consolidated.xml.")
                and not p.name.endswith(".fetch.json")], "no partial file left behind"


def test_no_publisher_reachable_changes_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite") as store, pytest.raises(
            lists.OfflineError, match="no publisher could be reached"):
        lists.update(store, tmp_path / "dl", pause=0, tries=1, downloads=[
            Download("un_sc_sanctions", "http://127.0.0.1:9/consolidated.xml", "c.xml")])
