"""Every generated product, in both languages, passes the narrative checker; a stigmatising
catalogue text stops the build."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from safemig.errors import ProductNarrativeError
from safemig.narrative import GeneratedText, check_texts
from safemig.products.cards import card_texts
from safemig.products.headline import headlines
from tests.products.conftest import LANGUAGES, Built, pdf_text


def _pdf(path) -> str:  # type: ignore[no-untyped-def]
    return pdf_text(path)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_product_of_a_language_is_clean(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    out = built.out / language
    texts = [
        GeneratedText("report.html", (out / "report.html").read_text(encoding="utf-8"), "html"),
        GeneratedText("brief.html", (out / "brief.html").read_text(encoding="utf-8"), "html"),
        GeneratedText("report.pdf", _pdf(out / "report.pdf"), "text"),
        GeneratedText("brief.pdf", _pdf(out / "brief.pdf"), "text"),
    ]
    cards = [" ".join(card_texts(h, folder, language).values()) for h in headlines(folder)]
    texts.append(GeneratedText("cards", "\n\n".join(cards), "text"))
    assert check_texts(texts, language=language) == []


def test_the_workbook_and_sdmx_are_clean_in_both_languages(built: Built) -> None:
    workbook = openpyxl.load_workbook(built.out / "tables.xlsx")
    cells = [
        str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value
    ]
    sdmx = (built.out / "sdmx" / "structure.sdmx.xml").read_text(encoding="utf-8")
    for language in LANGUAGES:
        texts = [
            GeneratedText("tables.xlsx", "\n\n".join(cells), "text"),
            GeneratedText("structure.sdmx.xml", sdmx, "html"),
        ]
        assert check_texts(texts, language=language) == []


def test_the_checker_would_catch_a_stigmatising_title(folder) -> None:  # type: ignore[no-untyped-def]
    from safemig.products.respect import check_html

    with pytest.raises(ProductNarrativeError) as caught:
        check_html("report.en.html", "<p>Share of illegal migrants who sent money</p>", "en")
    assert "illegal migrants" in str(caught.value)
    assert "stigmatisante" in caught.value.message("fr")


def test_a_stigmatising_catalogue_stops_the_build(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from safemig.indicators.catalogue import BUILTIN
    from safemig.products import build_products

    results = tmp_path / "results"
    shutil.copytree(built.results, results)
    catalogue = results / "catalogue.yaml"
    shutil.copy(BUILTIN / "gender_migration.yaml", catalogue)
    text = catalogue.read_text(encoding="utf-8").replace(
        "en: Women who received information before leaving",
        "en: Illegal migrants who received information before leaving",
        1,
    )
    catalogue.write_text(text, encoding="utf-8")
    run = (results / "run.json").read_text(encoding="utf-8")
    (results / "run.json").write_text(
        run.replace('"catalogue": "gender_migration"', '"catalogue": "catalogue.yaml"'),
        encoding="utf-8",
    )
    with pytest.raises(ProductNarrativeError) as caught:
        build_products(results, tmp_path / "out", ("en",), workers=1)
    assert "Illegal migrants" in str(caught.value)
    assert not (tmp_path / "out" / "en" / "report.html").exists()
