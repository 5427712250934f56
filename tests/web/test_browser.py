"""The dashboard in Debian's Chromium, driven by Playwright: log in, open an indicator,
change the breakdown (HTMX swaps the result), switch language, download the CSV, see a
suppressed cell's symbol and reason; axe-core finds no serious accessibility violation.

Chromium is a system package installed by ``make setup``: a missing browser fails the
tests, it never skips them. The axe-core file is the one vendored for the kits' tests
(``tests/kits/axe``, with its source and licence).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kits.test_site_browser import AXE, CHROMIUM, CHROMIUM_ARGS, WCAG_AA
from tests.web.conftest import PASSWORDS

INDICATOR = "information_before_departure"


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn

    from safemig.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(site.root), host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "the dashboard did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: run `make setup` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _logged_in(browser, server: str, name: str = "vera", **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, **options)
    page = context.new_page()
    page.goto(f"{server}/indicator/{INDICATOR}")
    assert "/login" in page.url  # sent to the login page first
    page.fill("#user", name)
    page.fill("#password", PASSWORDS[name][1])
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{server}/indicator/{INDICATOR}")
    return context, page


def test_a_viewer_reads_an_indicator_and_changes_its_breakdown(
    browser, server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    context, page = _logged_in(browser, server)
    assert page.locator("h1").inner_text() == "Women who received information before leaving"
    rows_before = page.locator("#result tbody tr").count()
    page.select_option("#by", "region")  # HTMX swaps the result without a full reload
    page.wait_for_function(
        "n => document.querySelectorAll('#result tbody tr').length > n", arg=rows_before
    )
    assert "by=region" in page.url
    assert "Niamey" in page.locator("#result table").inner_text()
    with page.expect_download() as download:
        page.click("#download-csv")
    saved = tmp_path / "shown.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("indicator,disaggregation,group")
    assert sum(1 for line in text.splitlines() if ",region," in line) == 3
    page.click("#language")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Femmes ayant reçu des informations avant le départ"
    assert "Niamey" in page.locator("#result table").inner_text()
    context.close()


def test_a_suppressed_cell_shows_its_symbol_and_reason(site, browser, server) -> None:  # type: ignore[no-untyped-def]
    from safemig.web.published import Published

    data = Published(site.root / "results")
    hidden = next(
        r
        for r in data.folder.rows
        if r["status"] == "suppressed" and "+" not in r["disaggregation"]
    )
    context, page = _logged_in(browser, server)
    page.goto(f"{server}/indicator/{hidden['indicator']}?by={hidden['disaggregation']}")
    row = page.locator("#result tbody tr.suppressed").first
    cells = row.locator("td").all_inner_texts()
    assert hidden["flag"] in cells  # the symbol, never a number
    assert hidden["reason_en"] in cells
    assert not any(c.replace(".", "").replace("%", "").strip().isdigit() for c in cells[:1])
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_have_no_serious_accessibility_violations(browser, server, language) -> None:  # type: ignore[no-untyped-def]
    # bypass_csp lets the test inject axe; the pages themselves allow only their own scripts.
    context, page = _logged_in(browser, server, name="adil", bypass_csp=True)
    paths = [
        f"/?lang={language}",
        f"/indicator/{INDICATOR}?by=region&lang={language}",
        f"/indicator/{INDICATOR}/compare?by=region&a=0&b=1&lang={language}",
        f"/methods?lang={language}",
        f"/quality?lang={language}",
        f"/admin/users?lang={language}",
        f"/assess?lang={language}",
    ]
    problems = []
    for path in paths:
        page.goto(server + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        assert result["passes"], path
        problems += [
            (path, v["id"], v["impact"])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{server}/login?lang={language}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    problems += [
        ("/login", v["id"], v["impact"])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert problems == []


def test_the_core_content_works_without_javascript(browser, server) -> None:  # type: ignore[no-untyped-def]
    context, page = _logged_in(browser, server, java_script_enabled=False)
    page.select_option("#by", "migration_stage")
    page.click("form.picker button[type=submit]")
    page.wait_for_url("**by=migration_stage**")
    assert page.locator("#result tbody tr").count() > 1
    context.close()
