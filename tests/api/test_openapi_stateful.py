"""The stateful phase of the contract run: sequences of calls linked by what earlier answers
returned (an imported portfolio then read, an alert then decided...), every answer checked
by schemathesis (documented status, response schema, no server error)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from dualwatch import lists
from dualwatch.api import create_app
from dualwatch.store.sqlite import SQLiteStore
from tests.api.conftest import FIXTURES

CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]}}})


def test_linked_calls_keep_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DUALWATCH_DB", raising=False)
    path = tmp_path / "stateful.sqlite"
    with SQLiteStore(path) as store:
        list(lists.load_path(store, FIXTURES / "v1"))
        key = store.create_api_key("stateful-admin", "admin")
    # Schemathesis sends made-up keys on purpose: throttling them is tested elsewhere.
    app = create_app(str(path), lists_dir=FIXTURES, pool_size=2,
                     allowed_auth_failures=1_000_000)
    with TestClient(app):
        machine = schemathesis.openapi.from_asgi("/openapi.json", app,
                                                 config=CONFIG).as_state_machine()

        class Workflow(machine):  # type: ignore[misc,valid-type]
            def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
                return {"headers": {"Authorization": f"ApiKey {key}"}}

        Workflow.run(settings=settings(max_examples=15, stateful_step_count=6, deadline=None,
                                       derandomize=True, database=None,
                                       suppress_health_check=list(HealthCheck)))
