"""Knowledge products from published results: the report (HTML and PDF), the tables workbook,
SDMX-CSV with its structure, the policy brief and infographic cards, in English and French.

Products read a results folder only (``indicators.parquet``, ``run.json``,
``survey_summary.json``; see ``docs/products.md``), never microdata. Every generated text
passes the narrative checker; a finding stops the build.

>>> from safemig.products import build_products
>>> built = build_products("results", "out", ("en", "fr"))  # doctest: +SKIP
"""

from __future__ import annotations

from safemig.products.build import Products, build_products

__all__ = ["Products", "build_products"]
