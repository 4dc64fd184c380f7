"""The committed OpenAPI document is current, and the platform keeps to it under fuzzing.

The schemathesis run is kept small so the default test run stays fast; raise
``FUZZ_EXAMPLES`` locally for a deeper run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from sync.server.openapi import openapi_document
from tests.sync.conftest import Platform, build_platform

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "exchange-openapi.json"
FUZZ_EXAMPLES = int(os.environ.get("COUNTER_EXCHANGE_FUZZ_EXAMPLES", "12"))


def test_committed_openapi_document_is_current() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == openapi_document(), (
        "docs/exchange-openapi.json is stale; regenerate it with "
        "`counter-desk exchange openapi --out docs/exchange-openapi.json`"
    )


def test_every_path_is_versioned_and_every_response_tagged() -> None:
    document = openapi_document()
    assert all(path.startswith("/v1/") for path in document["paths"])
    for name, schema in document["components"]["schemas"].items():
        if name.endswith(("Response", "Page", "Body")) or name in ("Health", "PublicKeys"):
            assert "protocol" in schema["properties"], name


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    platform = build_platform(tmp_path_factory.mktemp("fuzz"))
    yield platform
    platform.close()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_platform_keeps_to_its_schema(fuzzed: Platform, mode: GenerationMode) -> None:
    """Every operation, valid and invalid input: no 5xx, and every answer as documented."""
    api = schemathesis.openapi.from_asgi("/openapi.json", fuzzed.app)
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        negative_data_rejection,
    ]
    for result in api.get_all_operations():
        operation = result.ok()
        if mode is GenerationMode.NEGATIVE and not (operation.query or operation.body):
            continue  # nothing to make invalid (health, keys)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=fuzzed.auth(), checks=checks)

        run()
