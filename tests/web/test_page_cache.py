"""The rendered-page cache (safemig.web.cache): a new run's figures replace the old ones at
once, one role's page is never served to another role, and each person gets their own name
and CSRF token in a page rendered for someone else of the same role."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from safemig.project import init_project
from safemig.web.accounts import Accounts
from safemig.web.app import USERS_FILE, create_app
from safemig.web.cache import CSRF_SLOT, NAME_SLOT, PageCache, Template
from safemig.web.published import Published
from tests.products.results_folder import build_results_folder
from tests.web.conftest import form_token

INDICATOR = "information_before_departure"
PAGE = f"/indicator/{INDICATOR}?by=region"
USERS = {
    "vera": ("viewer", "viewer-password-1"),
    "victor": ("viewer", "viewer-password-2"),
    "ana": ("analyst", "analyst-password-1"),
    "adil": ("admin", "admin-password-1"),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cache") / "project"
    init_project(root)
    build_results_folder(root / "results", size=600)
    accounts = Accounts(root / USERS_FILE)
    for name, (role, password) in USERS.items():
        accounts.add(name, role, password)
    return root


def _log_in(app: object, name: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)  # type: ignore[arg-type]
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"user": name, "password": USERS[name][1], "csrf": form_token(page.text)},
    )
    assert response.status_code == 303
    return client


def _overall_value(results: Path) -> str:
    return Published(results).cells(INDICATOR, "region", "en")[0].value


def _republish(root: Path, estimate: float) -> None:
    """What ``safemig run`` does: build the new folder beside the old, then swap by renames."""
    staged = root / ".staged-results"
    shutil.copytree(root / "results", staged)
    table = pq.read_table(staged / "indicators.parquet")
    overall = pc.and_(
        pc.equal(table["indicator"], INDICATOR), pc.equal(table["disaggregation"], "")
    )
    column = table.schema.get_field_index("estimate")
    estimates = pc.if_else(overall, pa.scalar(estimate, table["estimate"].type), table["estimate"])
    pq.write_table(table.set_column(column, "estimate", estimates), staged / "indicators.parquet")
    os.rename(root / "results", root / ".old-results")
    os.rename(staged, root / "results")
    shutil.rmtree(root / ".old-results")


def test_a_new_run_shows_its_figure_at_once(root: Path) -> None:
    app = create_app(root)
    viewer = _log_in(app, "vera")
    before = _overall_value(root / "results")
    first = viewer.get(PAGE).text
    assert before in first
    assert viewer.get(PAGE).text == first  # kept: the same page again
    assert len(app.state.settings.pages) >= 1

    _republish(root, 0.123456)
    after = _overall_value(root / "results")
    assert after != before
    second = viewer.get(PAGE).text
    assert after in second
    assert before not in second
    # The chart is drawn again from the new figures too.
    assert _chart(second) != _chart(first)
    # and the API and downloads read the same new results.
    csv = viewer.get(f"/indicator/{INDICATOR}/download.csv?by=region").text
    assert "0.123456" in csv


def test_results_rewritten_in_place_are_read_again(root: Path) -> None:
    app = create_app(root)
    viewer = _log_in(app, "vera")
    viewer.get(PAGE)
    table = pq.read_table(root / "results" / "indicators.parquet")
    overall = pc.and_(
        pc.equal(table["indicator"], INDICATOR), pc.equal(table["disaggregation"], "")
    )
    column = table.schema.get_field_index("estimate")
    estimates = pc.if_else(overall, pa.scalar(0.654321, table["estimate"].type), table["estimate"])
    pq.write_table(
        table.set_column(column, "estimate", estimates), root / "results" / "indicators.parquet"
    )
    assert _overall_value(root / "results") in viewer.get(PAGE).text


@pytest.mark.parametrize(
    ("first", "then"),
    [("analyst", "viewer"), ("admin", "viewer"), ("admin", "analyst"), ("viewer", "analyst")],
)
def test_one_roles_page_never_reaches_another_role(root: Path, first: str, then: str) -> None:
    name = {"viewer": "vera", "analyst": "ana", "admin": "adil"}
    app = create_app(root)
    early = _log_in(app, name[first])
    late = _log_in(app, name[then])
    for path in (PAGE, "/", "/methods"):
        early.get(path)
        page = late.get(path).text
        assert ("Women asked (unweighted)" in page) == (then != "viewer" and path == PAGE)
        assert ('href="/quality"' in page) == (then != "viewer")
        assert ('href="/admin/users"' in page) == (then == "admin")
        assert f"({name[then]})" in page
        assert f"({name[first]})" not in page


def test_each_person_gets_their_own_name_and_csrf_token(root: Path) -> None:
    app = create_app(root)
    vera, victor = _log_in(app, "vera"), _log_in(app, "victor")
    page_vera = vera.get(PAGE).text
    page_victor = victor.get(PAGE).text
    assert "(vera)" in page_vera and "(victor)" not in page_vera
    assert "(victor)" in page_victor and "(vera)" not in page_victor
    token_vera, token_victor = form_token(page_vera), form_token(page_victor)
    assert token_vera != token_victor
    for page in (page_vera, page_victor):
        assert NAME_SLOT not in page and CSRF_SLOT not in page
    # The token filled in is the session's own: the logout form works with it, and not with
    # the other person's.
    assert victor.post("/logout", data={"csrf": token_vera}).status_code == 403
    assert victor.post("/logout", data={"csrf": token_victor}).status_code == 303
    assert victor.get(PAGE).status_code == 303  # logged out: the cached page is not served


def test_odd_query_parameters_are_answered_but_not_kept(root: Path) -> None:
    app = create_app(root)
    viewer = _log_in(app, "vera")
    viewer.get(PAGE)
    kept = len(app.state.settings.pages)
    for k in range(5):
        assert viewer.get(f"{PAGE}&junk={k}").status_code == 200
    assert len(app.state.settings.pages) == kept


def test_filling_escapes_and_the_cache_stays_within_its_budget() -> None:
    page = Template.of(f"<b>{NAME_SLOT}</b><i>{CSRF_SLOT}</i>{NAME_SLOT}")
    assert page.fill("a<b", 'x"y') == b"<b>a&lt;b</b><i>x&#34;y</i>a&lt;b"
    cache = PageCache("v1", max_bytes=100)
    for k in range(10):
        cache.put(k, Template.of("x" * 30))
    assert len(cache) == 3
    assert cache.get(9) is not None and cache.get(0) is None


def _chart(page: str) -> str:
    start = page.index('src="data:image/svg+xml')
    return page[start : page.index('"', start + 5)]
