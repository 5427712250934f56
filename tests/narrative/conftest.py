"""Small fixtures for the narrative checker tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write_docx(tmp_path: Path):
    """Return a function that writes a DOCX with the given (text, style) paragraphs."""
    import docx

    def write(
        name: str,
        paragraphs: list[tuple[str, str | None]],
        language: str = "",
        table_cells: tuple[str, ...] = (),
    ) -> Path:
        document = docx.Document()
        for text, style in paragraphs:
            document.add_paragraph(text, style=style)
        if table_cells:
            table = document.add_table(rows=1, cols=len(table_cells))
            for cell, text in zip(table.rows[0].cells, table_cells, strict=True):
                cell.text = text
        document.core_properties.language = language
        path = tmp_path / name
        document.save(str(path))
        return path

    return write
