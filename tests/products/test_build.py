"""Every product builds from the synthetic survey in both languages, through `safemig report`."""

from __future__ import annotations

from PIL import Image
from pypdf import PdfReader

from tests.products.conftest import LANGUAGES, Built


def test_the_command_writes_every_product_in_both_languages(built: Built) -> None:
    assert built.exit_code == 0
    expected = [built.out / "tables.xlsx", built.out / "sdmx" / "indicators.sdmx.csv"]
    expected.append(built.out / "sdmx" / "structure.sdmx.xml")
    for language in LANGUAGES:
        for name in ("report.html", "report.pdf", "brief.pdf"):
            expected.append(built.out / language / name)
    for path in expected:
        assert path.is_file() and path.stat().st_size > 1000, path
        assert str(path) in built.printed


def test_the_brief_has_two_pages(built: Built) -> None:
    for language in LANGUAGES:
        assert len(PdfReader(built.out / language / "brief.pdf").pages) == 2


def test_cards_are_square_pngs_of_1080_pixels_for_each_headline(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    from safemig.products.headline import headlines

    chosen = headlines(folder)
    assert len(chosen) >= 4
    for language in LANGUAGES:
        cards = sorted((built.out / language / "cards").glob("*.png"))
        assert [c.name.split("-", 1)[1] for c in cards] == [f"{h.indicator.id}.png" for h in chosen]
        for card in cards:
            with Image.open(card) as image:
                assert image.format == "PNG" and image.size == (1080, 1080)


def test_headlines_are_published_overall_figures(folder) -> None:  # type: ignore[no-untyped-def]
    from safemig.products.headline import headlines

    for headline in headlines(folder):
        assert headline.row["status"] == "published"
        assert headline.row["disaggregation"] == ""
        assert headline.row["estimate"] is not None


def test_an_unknown_language_is_refused_in_both_languages(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from safemig.errors import RequestError
    from safemig.products import build_products

    with pytest.raises(RequestError) as caught:
        build_products(built.results, tmp_path, ("ha",))
    assert "'ha'" in str(caught.value) and "choisissez" in caught.value.message("fr")
