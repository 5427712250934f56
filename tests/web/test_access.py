"""Who sees what: login required everywhere, roles enforced, CSRF on every form, lock-out
after ten wrong passwords, and every login and download in the audit log."""

from __future__ import annotations

import pytest

from safemig.web.accounts import MAX_FAILURES, Accounts
from safemig.web.app import USERS_FILE
from tests.web.conftest import PASSWORDS, form_token, log_in

VIEWER_PAGES = [
    "/",
    "/?q=recruitment",
    "/methods",
    "/indicator/information_before_departure",
    "/indicator/information_before_departure?by=region",
    "/indicator/information_before_departure?by=region&by2=migration_stage",
    "/indicator/information_before_departure/compare?by=region&a=0&b=1",
    "/indicator/information_before_departure/download.csv?by=region",
    "/indicator/information_before_departure/download.xlsx?by=region",
    "/api/indicators",
    "/api/indicators/information_before_departure?by=region",
]
ANALYST_PAGES = ["/quality", "/assess"]
ADMIN_PAGES = ["/admin/users", "/admin/audit"]


@pytest.mark.parametrize("path", VIEWER_PAGES + ANALYST_PAGES + ADMIN_PAGES)
def test_without_a_session_pages_send_to_login_and_the_api_refuses(site, path) -> None:  # type: ignore[no-untyped-def]
    response = site.client().get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", VIEWER_PAGES)
def test_a_viewer_reads_published_pages(as_role, path) -> None:  # type: ignore[no-untyped-def]
    assert as_role("viewer").get(path).status_code == 200


@pytest.mark.parametrize("path", ANALYST_PAGES + ADMIN_PAGES)
def test_a_viewer_is_refused_analyst_and_admin_pages(as_role, path) -> None:  # type: ignore[no-untyped-def]
    response = as_role("viewer").get(path)
    assert response.status_code == 403
    assert "Your role does not give access" in response.text


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_analyst_is_refused_admin_pages(as_role, path) -> None:  # type: ignore[no-untyped-def]
    assert as_role("analyst").get(path).status_code == 403


def test_an_analyst_sees_the_quality_page_and_unweighted_counts(as_role) -> None:  # type: ignore[no-untyped-def]
    analyst = as_role("analyst")
    assert analyst.get("/quality").status_code == 200
    page = analyst.get("/indicator/information_before_departure?by=region").text
    assert "Women asked (unweighted)" in page
    viewer_page = as_role("viewer").get("/indicator/information_before_departure?by=region").text
    assert "Women asked (unweighted)" not in viewer_page
    header = analyst.get("/indicator/information_before_departure/download.csv").text
    assert ",n," in header.splitlines()[0]


@pytest.mark.parametrize("path", ADMIN_PAGES + ANALYST_PAGES)
def test_an_admin_reaches_every_page(as_role, path) -> None:  # type: ignore[no-untyped-def]
    assert as_role("admin").get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/logout", {}),
        ("/admin/users", {"name": "someone", "role": "viewer", "password": "long-enough-1"}),
        ("/admin/users/remove", {"name": "vera"}),
        ("/admin/rerun", {}),
        ("/assess", {"programme": "x"}),
    ],
)
def test_a_form_without_its_csrf_token_is_refused(as_role, path, data) -> None:  # type: ignore[no-untyped-def]
    admin = as_role("admin")
    assert admin.post(path, data=data).status_code == 403
    assert admin.post(path, data={**data, "csrf": "forged"}).status_code == 403
    assert [u.name for u in admin.app.state.settings.accounts.users()].count("vera") == 1


def test_the_login_form_needs_its_token(site) -> None:  # type: ignore[no-untyped-def]
    client = site.client()
    response = client.post("/login", data={"user": "vera", "password": PASSWORDS["vera"][1]})
    assert response.status_code == 403
    assert "safemig_session" not in response.cookies


def test_ten_wrong_passwords_lock_the_account(site) -> None:  # type: ignore[no-untyped-def]
    accounts = Accounts(site.root / USERS_FILE)
    accounts.add("locky", "viewer", "locky-password-1")
    client = site.client()
    for _ in range(MAX_FAILURES):
        page = client.get("/login")
        wrong = {"user": "locky", "password": "wrong", "csrf": form_token(page.text)}
        assert client.post("/login", data=wrong).status_code == 401
    assert accounts.is_locked("locky")
    page = client.get("/login")
    right = {"user": "locky", "password": "locky-password-1", "csrf": form_token(page.text)}
    refused = client.post("/login", data=right)
    assert refused.status_code == 401 and "locked" in refused.text
    actions = [e.action for e in accounts.audit_log() if e.user == "locky"]
    assert "locked_out" in actions and "login_refused" in actions
    accounts.set_password("locky", "locky-password-2")  # an admin lifts the lock
    log_in(client, "locky", "locky-password-2")


def test_logins_and_downloads_are_audited(site, as_role) -> None:  # type: ignore[no-untyped-def]
    viewer = as_role("viewer")
    viewer.get("/indicator/information_before_departure/download.csv?by=region")
    entries = Accounts(site.root / USERS_FILE).audit_log()
    mine = [(e.action, e.detail) for e in entries if e.user == "vera"]
    assert ("download", "information_before_departure region") in mine
    assert ("login", "") in mine


def test_cookies_are_httponly_and_samesite(site) -> None:  # type: ignore[no-untyped-def]
    client = site.client()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"user": "vera", "password": PASSWORDS["vera"][1], "csrf": form_token(page.text)},
    )
    cookie = response.headers["set-cookie"]
    assert "safemig_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_logout_ends_the_session(as_role) -> None:  # type: ignore[no-untyped-def]
    viewer = as_role("viewer")
    token = form_token(viewer.get("/").text)
    assert viewer.post("/logout", data={"csrf": token}).status_code == 303
    assert viewer.get("/").status_code == 303


def test_an_admin_adds_and_removes_a_user_through_the_web(as_role) -> None:  # type: ignore[no-untyped-def]
    admin = as_role("admin")
    token = form_token(admin.get("/admin/users").text)
    added = admin.post(
        "/admin/users",
        data={"csrf": token, "name": "newcomer", "role": "analyst", "password": "newcomer-pass"},
    )
    assert added.status_code == 303
    short = admin.post(
        "/admin/users", data={"csrf": token, "name": "x2", "role": "viewer", "password": "short"}
    )
    assert short.status_code == 400 and "too short" in short.text
    names = [u.name for u in admin.app.state.settings.accounts.users()]
    assert "newcomer" in names and "x2" not in names
    assert (
        admin.post("/admin/users/remove", data={"csrf": token, "name": "newcomer"}).status_code
        == 303
    )
    assert "newcomer" not in [u.name for u in admin.app.state.settings.accounts.users()]


def test_an_open_redirect_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    client = site.client()
    page = client.get("/login?next=//evil.example/")
    response = client.post(
        "/login",
        data={
            "user": "vera",
            "password": PASSWORDS["vera"][1],
            "csrf": form_token(page.text),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_one_address_is_slowed_down_whatever_the_names_it_tries(site) -> None:  # type: ignore[no-untyped-def]
    from safemig.web.routes.auth import ATTEMPTS_PER_MINUTE

    client = site.client()
    codes = []
    for k in range(ATTEMPTS_PER_MINUTE + 2):
        page = client.get("/login")
        wrong = {"user": f"guess{k}", "password": "wrong", "csrf": form_token(page.text)}
        codes.append(client.post("/login", data=wrong).status_code)
    assert codes[:ATTEMPTS_PER_MINUTE] == [401] * ATTEMPTS_PER_MINUTE
    assert codes[-1] == 429
    page = client.get("/login")
    right = {"user": "vera", "password": PASSWORDS["vera"][1], "csrf": form_token(page.text)}
    refused = client.post("/login", data=right)
    assert refused.status_code == 429 and "Too many login attempts" in refused.text


@pytest.mark.parametrize("path", ["/login", "/static/style.css", "/api/indicators", "/nowhere"])
def test_every_answer_carries_the_security_headers(site, path) -> None:  # type: ignore[no-untyped-def]
    headers = site.client().get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
