"""Jinja2 templates of the products and their printing to PDF by WeasyPrint."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from safemig.errors import ExternalToolError
from safemig.i18n import say

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render a template of ``products/templates`` with ``context`` (autoescaped)."""
    return str(_environment().get_template(name).render(**context))


def write_pdf(html: str, target: Path) -> int:
    """Print ``html`` to ``target`` with WeasyPrint; return the number of pages."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise ExternalToolError(
            say(
                "WeasyPrint cannot load ({exc}); run `make setup` to install its Debian libraries",
                "WeasyPrint ne se charge pas ({exc}) ; lancez `make setup` pour installer ses "
                "bibliothèques Debian",
                exc=exc,
            )
        ) from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    document.write_pdf(target)
    return len(document.pages)
