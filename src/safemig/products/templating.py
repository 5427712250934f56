"""Jinja2 templates of the products and their printing to PDF by WeasyPrint."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from safemig.pdf import print_pdf

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(folder: Path = TEMPLATES) -> Any:
    """The Jinja2 environment of a template folder, as every safemig product renders:
    autoescaped, strict about undefined names, blocks trimmed."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render a template of ``products/templates`` with ``context`` (autoescaped)."""
    return str(environment().get_template(name).render(**context))


def write_pdf(html: str, target: Path) -> int:
    """Print ``html`` to ``target`` with WeasyPrint; return the number of pages."""
    return len(print_pdf(html, TEMPLATES, target).pages)
