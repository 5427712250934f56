"""No route returns microdata, quarantine, the cleaning log or identifiers.

The test enumerates every route the application registers (so a route added later is
checked too), calls each GET route as an administrator with every indicator and breakdown,
and looks in every answer for what would betray a respondent: the survey's submission keys,
instance ids, submitter names and call-back phone numbers, and the store's table names.
Hostile parameters (SQL injection, path traversal) in every parameter must not leak either.
"""

from __future__ import annotations

import itertools
import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from tests.web.conftest import log_in

#: Every route the dashboard has: a new one must be added here, and so be reviewed.
KNOWN = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/"),
    ("GET", "/indicator/{indicator}"),
    ("GET", "/indicator/{indicator}/compare"),
    ("GET", "/methods"),
    ("GET", "/indicator/{indicator}/download.csv"),
    ("GET", "/indicator/{indicator}/download.xlsx"),
    ("GET", "/api/indicators"),
    ("GET", "/api/indicators/{indicator}"),
    ("GET", "/quality"),
    ("GET", "/admin/users"),
    ("POST", "/admin/users"),
    ("POST", "/admin/users/remove"),
    ("GET", "/admin/audit"),
    ("POST", "/admin/rerun"),
    ("GET", "/api/openapi.json"),
    ("GET", "/assess"),
    ("POST", "/assess"),
    ("GET", "/voices"),
    ("POST", "/voices/decide"),
    ("POST", "/voices/approve"),
}
STORE_WORDS = ("quarantine", "cleaning_log", "raw_rows", "safemig.duckdb", "SubmitterName")
HOSTILE = (
    "' OR '1'='1",
    "region; DROP TABLE users; --",
    "../../results/../.safemig/users.sqlite",
    "..%2f..%2fsafemig.toml",
    "%00",
    "<script>alert(1)</script>",
)


def _routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    # FastAPI keeps included routers as branches; iter_route_contexts walks every route of
    # every branch, as the app matches them.
    found = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount):
            continue
        for method in (getattr(route, "methods", None) or set()) - {"HEAD"}:
            found.add((method, context.path))
    return found


def _secrets(site) -> list[str]:  # type: ignore[no-untyped-def]
    survey = site.survey
    values: list[str] = []
    for column in ("KEY", "meta-instanceID", "SubmitterName", "consent-callback_phone"):
        values += [str(v) for v in survey.column(column).to_pylist() if v not in (None, "")]
    return sorted({v for v in values if len(v) >= 6})


def test_every_route_is_known(site) -> None:  # type: ignore[no-untyped-def]
    app = site.client().app
    assert _routes(app) == KNOWN
    mounts = [r.path for r in app.routes if isinstance(r, Mount)]
    assert mounts == ["/static"]
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            assert route.include_in_schema == str(context.path).startswith("/api/")


def test_no_answer_carries_microdata_or_identifiers(site) -> None:  # type: ignore[no-untyped-def]
    client = log_in(site.client(), "adil")
    data = client.app.state.settings.published()
    secrets = _secrets(site)
    assert len(secrets) > 1000  # the check has something to find
    pattern = re.compile("|".join(re.escape(s) for s in secrets))
    names = data.folder.disaggregations
    cuts = [("", ""), *((a, "") for a in names), *itertools.combinations(names, 2)]
    paths = ["/", "/methods", "/quality", "/admin/users", "/admin/audit", "/api/indicators"]
    paths += ["/assess", "/voices"]
    for indicator in data.sections:
        for by, by2 in cuts:
            query = f"?by={by}&by2={by2}"
            paths += [
                f"/indicator/{indicator}{query}",
                f"/indicator/{indicator}/download.csv{query}",
                f"/api/indicators/{indicator}{query}",
            ]
        paths += [f"/indicator/{indicator}/compare?by={n}&a=0&b=1" for n in names]
    templates = {path for _, path in _routes(client.app)}
    covered = {
        re.sub(r"/indicator/[^/?]+", "/indicator/{indicator}", p.split("?")[0]) for p in paths
    }
    covered = {re.sub(r"/api/indicators/[^/?]+", "/api/indicators/{indicator}", p) for p in covered}
    get_routes = {path for method, path in _routes(client.app) if method == "GET"}
    assert get_routes - covered <= {
        "/login",
        "/api/openapi.json",
        "/indicator/{indicator}/download.xlsx",
    }
    assert templates
    for path in [*paths, "/login", "/api/openapi.json"]:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        text = response.text
        assert not pattern.search(text), path
        for word in STORE_WORDS:
            assert word not in text, (path, word)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_are_refused_without_leaking(site, value) -> None:  # type: ignore[no-untyped-def]
    client = log_in(site.client(), "adil")
    indicator = "information_before_departure"
    attempts = [
        f"/indicator/{value}",
        f"/indicator/{indicator}?by={value}",
        f"/indicator/{indicator}?by=region&by2={value}",
        f"/indicator/{indicator}/compare?by={value}",
        f"/indicator/{indicator}/download.csv?by={value}",
        f"/api/indicators/{value}",
        f"/api/indicators/{indicator}?by={value}",
        f"/?q={value}",
        f"/static/{value}",
    ]
    for path in attempts:
        response = client.get(path)
        assert response.status_code in (200, 404, 422), (path, response.status_code)
        assert "CREATE TABLE" not in response.text and "argon2" not in response.text
        assert "<script>alert(1)</script>" not in response.text, path
    assert [u.name for u in client.app.state.settings.accounts.users()]  # users intact
    search = client.get(f"/?q={value}")
    assert search.status_code == 200  # a search for anything is an empty result, not an error
