"""The mini-site in Debian's Chromium: axe-core finds no serious violations; screenshots render.

Chromium is a system package (``make setup`` installs it); a missing browser fails these
tests rather than skipping them, so CI cannot pass without checking accessibility.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "axe" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright; fails (never skips) when it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: run `make setup` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _kit_pages(build, language: str, region: str) -> list[Path]:
    folder = build.output_dir / "site" / language / region
    return sorted(p for p in build.pages if p.parent == folder)


def test_vendored_axe_is_the_pinned_release() -> None:
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.14.1")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_have_no_serious_accessibility_violations(starter_build, browser, language) -> None:
    pages = [
        *_kit_pages(starter_build, language, "agadez"),
        starter_build.output_dir / "site" / "index.html",
    ]
    page = browser.new_page(viewport=PHONE)
    problems = []
    for path in pages:
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        problems += [
            (path.name, v["id"], v["impact"])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert result["passes"], path  # axe really ran its rules on the page
    page.close()
    assert problems == []


def test_pages_render_on_a_small_phone_without_javascript(
    starter_build, browser, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for name in ("index.html", "violence-help.html", "evidence.html"):
        path = starter_build.output_dir / "site" / "fr" / "zinder" / name
        page.goto(path.as_uri())
        shot = tmp_path / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        width, height = _png_size(shot)
        assert width == PHONE["width"] and height >= PHONE["height"]
        assert page.locator("h1").first.is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= PHONE["width"] or name == "evidence.html", name
    assert page.locator("h1").first.inner_text() == "Ce que les femmes nous ont dit"
    context.close()


def test_screenshot_shows_the_page_not_a_blank(starter_build, browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto((starter_build.output_dir / "site" / "en" / "niamey" / "rights.html").as_uri())
    image = page.screenshot(clip={"x": 0, "y": 0, "width": 360, "height": 200})
    page.close()
    shot = tmp_path / "rights.png"
    shot.write_bytes(image)
    assert _png_size(shot) == (360, 200)
    assert len(image) > 3_000  # text compresses far worse than a blank image (< 1 KB)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
