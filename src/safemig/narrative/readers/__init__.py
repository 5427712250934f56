"""Readers turn a file (Markdown, HTML, plain text, DOCX) into a :class:`Document`."""

from __future__ import annotations

import zipfile
from pathlib import Path

from safemig.errors import TextFileError
from safemig.narrative.document import Document
from safemig.narrative.readers.docx import read_docx
from safemig.narrative.readers.html import read_html
from safemig.narrative.readers.markdown import read_markdown
from safemig.narrative.readers.plain import read_plain_text

_TEXT_READERS = {
    "markdown": read_markdown,
    "html": read_html,
    "text": read_plain_text,
}
_FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES = tuple(_FORMAT_BY_SUFFIX)


def read_string(text: str, text_format: str = "text", path: str = "<text>") -> Document:
    """Return the :class:`Document` for ``text`` written in ``text_format``.

    Parameters
    ----------
    text
        The source, e.g. a generated Markdown report.
    text_format
        ``"markdown"``, ``"html"`` or ``"text"``.
    path
        The name findings will carry.

    Raises
    ------
    TextFileError
        If ``text_format`` is not one of the three.
    """
    reader = _TEXT_READERS.get(text_format)
    if reader is None:
        raise TextFileError(
            f"{path}: unknown text format {text_format!r}; use markdown, html or text"
        )
    return reader(path, text)


def read_document(path: str | Path) -> Document:
    """Read the file at ``path`` (format from its suffix) into a :class:`Document`.

    Raises
    ------
    TextFileError
        If the file is missing, unreadable, not UTF-8, not a valid DOCX, or of a format
        safemig does not read.
    """
    path = Path(path)
    text_format = _FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if text_format is None:
        raise TextFileError(
            f"{path}: safemig lint-text reads {', '.join(SUPPORTED_SUFFIXES)} files; "
            "rename the file or convert it to one of these formats"
        )
    if not path.is_file():
        raise TextFileError(f"{path}: no such file; check the path")
    if text_format == "docx":
        return _read_docx_file(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TextFileError(
            f"{path}: cannot be read as UTF-8 text ({exc}); save it as UTF-8"
        ) from exc
    return read_string(source, text_format, str(path))


def _read_docx_file(path: Path) -> Document:
    """Open a DOCX file with python-docx, turning its failures into :class:`TextFileError`."""
    import docx  # python-docx: loaded only when a Word file is checked
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        word_document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        XMLSyntaxError,
        KeyError,
        ValueError,
        OSError,
    ) as exc:
        raise TextFileError(
            f"{path}: not a readable Word (.docx) file ({exc}); open it in Word or LibreOffice "
            "and save it again as .docx"
        ) from exc
    return read_docx(str(path), word_document)
