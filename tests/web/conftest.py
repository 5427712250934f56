"""A project folder with published results (built from safemig's own synthetic survey) and
three accounts, one per role; a logged-in client per role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from safemig.demo import central_table, generate_survey
from safemig.project import init_project
from safemig.web.accounts import Accounts
from safemig.web.app import USERS_FILE, create_app
from tests.products.results_folder import build_results_folder

PASSWORDS = {
    "vera": ("viewer", "viewer-password-1"),
    "ana": ("analyst", "analyst-password-1"),
    "adil": ("admin", "admin-password-1"),
}
ROLE_USER = {role: name for name, (role, _) in PASSWORDS.items()}


@dataclass(frozen=True)
class Site:
    root: Path
    survey: pa.Table

    def client(self) -> TestClient:
        return TestClient(create_app(self.root), follow_redirects=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("dashboard") / "project"
    init_project(root)  # a real project folder: safemig.toml (the assessment reads it)
    build_results_folder(root / "results")
    accounts = Accounts(root / USERS_FILE)
    for name, (role, password) in PASSWORDS.items():
        accounts.add(name, role, password)
    return Site(root, central_table(generate_survey(size=1320)))


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the form"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str | None = None) -> TestClient:
    page = client.get("/login")
    password = PASSWORDS[name][1] if password is None else password
    response = client.post(
        "/login",
        data={"user": name, "password": password, "csrf": form_token(page.text), "next": "/"},
    )
    assert response.status_code == 303, response.text[:300]
    return client


@pytest.fixture
def as_role(site: Site):  # type: ignore[no-untyped-def]
    def make(role: str) -> TestClient:
        return log_in(site.client(), ROLE_USER[role])

    return make
