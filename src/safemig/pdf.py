"""Print HTML to PDF with WeasyPrint, shared by the knowledge products and the kits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safemig.errors import ExternalToolError
from safemig.i18n import say


def print_pdf(html: str, base_url: Path, target: Path) -> Any:
    """Render ``html`` (resources relative to ``base_url``) to ``target``; return the
    rendered WeasyPrint document (its ``pages`` give the count and page size).

    Raises
    ------
    ExternalToolError
        When WeasyPrint or its Debian libraries (Pango, HarfBuzz) cannot load.
    """
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
    document = HTML(string=html, base_url=str(base_url)).render()
    document.write_pdf(target)
    return document
