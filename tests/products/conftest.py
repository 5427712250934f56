"""One results folder from the synthetic survey and one build of every product, per test
session (the build is what `safemig report` runs; it takes tens of seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.products.results_folder import build_results_folder

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Built:
    """The results folder, the table before disclosure control, and the products folder."""

    results: Path
    raw: pa.Table
    out: Path
    exit_code: int
    printed: str

    def raw_rows(self) -> list[dict[str, Any]]:
        return self.raw.to_pylist()


@pytest.fixture(scope="session")
def results_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pa.Table]:
    folder = tmp_path_factory.mktemp("results")
    raw = build_results_folder(folder)
    return folder, raw


@pytest.fixture(scope="session")
def built(results_dir: tuple[Path, pa.Table], tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every product in both languages, built through the command line."""
    import contextlib
    import io

    from safemig.cli import main

    folder, raw = results_dir
    out = tmp_path_factory.mktemp("products")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["report", str(folder), "-o", str(out), "--lang", "en", "fr", "--quiet"])
    return Built(folder, raw, out, code, printed.getvalue())


@pytest.fixture(scope="session")
def folder(results_dir: tuple[Path, pa.Table]):  # type: ignore[no-untyped-def]
    from safemig.products.folder import read_results_folder

    return read_results_folder(results_dir[0])


@cache
def pdf_text(path: Path) -> tuple[str, int]:
    """The text of a PDF (spaces collapsed) and its page count, extracted once per session."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)
