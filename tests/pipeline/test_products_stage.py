"""``safemig run`` ends by building the knowledge products of what it published."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from openpyxl import load_workbook

from safemig.pipeline import run_project
from safemig.project import load_project
from tests.pipeline.conftest import RanProject


def test_run_builds_every_product_in_every_language(ran_project: RanProject):
    out = ran_project.summary.products
    assert out == ran_project.project.root / "out"
    for language in ("en", "fr"):
        for name in ("report.html", "report.pdf", "brief.pdf"):
            assert (out / language / name).stat().st_size > 0
        assert list((out / language / "cards").glob("*.png"))  # the infographic cards
    assert (out / "tables.xlsx").stat().st_size > 0
    assert "products" in ran_project.summary.seconds
    # The workbook holds the published table's indicators, nothing else.
    published = pq.read_table(ran_project.summary.results / "indicators.parquet")
    book = load_workbook(out / "tables.xlsx", read_only=True)
    assert len(book.sheetnames) - 1 == len(set(published.column("indicator").to_pylist()))


def test_formats_choose_the_products_kept_and_a_rerun_replaces_the_folder(project_copy):
    root: Path = project_copy.root
    toml = root / "safemig.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("formats = []", 'formats = ["xlsx", "sdmx"]'),
        encoding="utf-8",
    )
    stale = root / "out" / "left-over.txt"
    stale.write_text("from an earlier run", encoding="utf-8")
    summary = run_project(load_project(root))
    names = {p.name for p in summary.products.rglob("*") if p.is_file()}
    assert "tables.xlsx" in names
    assert any(n.endswith(".csv") for n in names)  # SDMX-CSV
    assert not any(n.endswith((".pdf", ".html", ".png")) for n in names)
    assert not stale.exists()
    assert not list(root.glob(".out.*"))  # no building or old folder left behind
