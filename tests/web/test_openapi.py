"""The JSON API against its own OpenAPI schema, with schemathesis generating requests
(valid and malformed) for every operation: no server error, every answer as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from safemig.web.app import create_app
from tests.web.conftest import log_in


@pytest.fixture(scope="module")
def api(site):  # type: ignore[no-untyped-def]
    client = log_in(site.client(), "vera")
    app = client.app
    cookie = client.cookies.get("safemig_session")
    assert cookie
    return app, cookie


def test_the_api_answers_as_its_schema_says(api) -> None:  # type: ignore[no-untyped-def]
    app, cookie = api
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = list(schema.get_all_operations())
    assert len(operations) == 2

    for result in operations:
        operation = result.ok()

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(cookies={"safemig_session": cookie})

        check()
    assert create_app  # the schema comes from the app itself
