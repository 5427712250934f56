"""The printable leaflet: one topic on A5, large type, a QR code to its page on the mini-site.

The HTML is rendered from ``templates/leaflet.html`` and printed to PDF by WeasyPrint (loaded
only when a PDF is written). The QR code is drawn by segno as inline SVG, so the PDF carries
it as vector art that prints sharp on any printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safemig.kits.site import TEMPLATES, KitContext, environment
from safemig.kits.topics import Topic
from safemig.pdf import print_pdf

_MM_PER_PX = 25.4 / 96  # WeasyPrint measures pages in CSS pixels


def topic_url(site_url: str, language: str, region: str, topic_id: str) -> str:
    """Return the address of a topic's page on the published mini-site."""
    return f"{site_url.rstrip('/')}/{language}/{region}/{topic_id}.html"


def qr_svg(url: str) -> str:
    """Return an inline SVG QR code for ``url`` (error correction M: survives smudges)."""
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2)


def render_leaflet(kit: KitContext, topic: Topic, url: str) -> str:
    """Return the leaflet HTML of one topic."""
    css = (TEMPLATES / "leaflet.css").read_text(encoding="utf-8")
    return (
        environment()
        .get_template("leaflet.html")
        .render(kit=kit, ui=kit.ui, topic=topic, url=url, qr_svg=qr_svg(url), css=css)
    )


@dataclass(frozen=True)
class PrintedLeaflet:
    """A leaflet PDF as printed: its path, number of pages and page size in millimetres."""

    path: Path
    pages: int
    width_mm: float
    height_mm: float


def write_pdf(html: str, target: Path) -> PrintedLeaflet:
    """Print leaflet HTML to an A5 PDF at ``target``; return its pages and page size."""
    document = print_pdf(html, TEMPLATES, target)
    first = document.pages[0]
    return PrintedLeaflet(
        target, len(document.pages), first.width * _MM_PER_PX, first.height * _MM_PER_PX
    )
