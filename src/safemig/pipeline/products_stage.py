"""The products stage of ``safemig run``: the knowledge products of the published results.

Runs after the results are published (a product that fails to build does not take the
results back). Products are built into a fresh folder beside ``[outputs] folder`` and swapped
in at the end, so the folder holds one run's products, never a mix. ``[outputs] formats``
chooses which products are kept (``html``, ``pdf``: the report; ``xlsx``: the tables;
``sdmx``: SDMX-CSV and its structure; ``brief``; ``cards``); an empty list builds none.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from safemig.products.build import Products, build_products
from safemig.project_sections import OutputSettings


def products_stage(results: Path, outputs: OutputSettings, progress: bool) -> Path | None:
    """Build the products of ``results`` into ``outputs.folder``; ``None`` when none asked."""
    if not outputs.formats:
        return None
    target = outputs.folder
    building = target.with_name(f".{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        built = build_products(results, building, outputs.languages, progress=progress)
        _keep_only(built, set(outputs.formats))
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        building.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def _keep_only(built: Products, formats: set[str]) -> None:
    """Delete the products of formats not asked for."""
    unwanted: list[Path] = []
    if "html" not in formats:
        unwanted += built.report_html.values()
    if "pdf" not in formats:
        unwanted += built.report_pdf.values()
    if "brief" not in formats:  # the PDF and the HTML it is printed from
        unwanted += [q for p in built.brief_pdf.values() for q in (p, p.with_suffix(".html"))]
    if "cards" not in formats:
        unwanted += [p for paths in built.cards.values() for p in paths]
    if "xlsx" not in formats and built.tables is not None:
        unwanted.append(built.tables)
    if "sdmx" not in formats:
        unwanted += [p for p in (built.sdmx_data, built.sdmx_structure) if p is not None]
    for path in unwanted:
        path.unlink(missing_ok=True)
    for folder in sorted(built.folder.rglob("*"), key=lambda p: -len(p.parts)):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()  # a language or cards folder left empty
