"""Infographic cards: one 1080×1080 PNG per headline indicator and language, drawn with
Pillow in the products' palette (dark blue on white, high contrast, readable in grey)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.errors import ExternalToolError
from safemig.i18n import Text, say
from safemig.products.cells import cell_of
from safemig.products.folder import ResultsFolder
from safemig.products.headline import Headline, headlines
from safemig.products.wording import format_count, framework_name

SIZE = 1080
DARK, BLUE, ORANGE, WHITE, GREY = "#003F5C", "#0072B2", "#D55E00", "#FFFFFF", "#4D4D4D"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CARD_WORDS = {
    "interval": Text("95% confidence interval", "Intervalle de confiance à 95 %"),
    "women": Text("{n} women answered", "{n} femmes ont répondu"),
    "synthetic": Text("SYNTHETIC DATA", "DONNÉES SYNTHÉTIQUES"),
}


@dataclass(frozen=True)
class Card:
    """One card: its file and every text drawn on it (for the narrative checker)."""

    path: Path
    texts: tuple[str, ...]


def card_texts(headline: Headline, folder: ResultsFolder, language: str) -> dict[str, str]:
    """The texts of one card."""
    cell = cell_of(headline.row, folder.catalogue, language)
    objective = framework_name(f"GCM-{headline.objective}", language) if headline.objective else ""
    return {
        "top": objective,
        "value": cell.value,
        "title": headline.indicator.title.in_language(language),
        "interval": f"{CARD_WORDS['interval'].in_language(language)}: {cell.interval}"
        if language == "en"
        else f"{CARD_WORDS['interval'].fr} : {cell.interval}",
        "count": CARD_WORDS["women"]
        .in_language(language)
        .format(n=format_count(headline.row["n"], language)),
        "source": folder.project_name(language),
        "synthetic": CARD_WORDS["synthetic"].in_language(language) if folder.synthetic else "",
    }


def build_cards(folder: ResultsFolder, out: Path, language: str) -> list[Card]:
    """Draw the cards of ``language`` under ``out/language/cards``."""
    target = out / language / "cards"
    target.mkdir(parents=True, exist_ok=True)
    cards = []
    for number, headline in enumerate(headlines(folder), start=1):
        texts = card_texts(headline, folder, language)
        path = target / f"{number:02d}-{headline.indicator.id}.png"
        draw_card(texts, path)
        cards.append(Card(path, tuple(t for t in texts.values() if t)))
    return cards


def _font(size: int, bold: bool = False) -> Any:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError as exc:
        raise ExternalToolError(
            say(
                "The DejaVu fonts are missing ({exc}); run `make setup` (it installs "
                "fonts-dejavu-core).",
                "Les polices DejaVu manquent ({exc}) ; lancez `make setup` (il installe "
                "fonts-dejavu-core).",
                exc=exc,
            )
        ) from exc


def draw_card(texts: dict[str, str], path: Path) -> None:
    """Draw one card to ``path``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE, 120), fill=DARK)
    draw.text((60, 60), texts["top"], font=_font(40, bold=True), fill=WHITE, anchor="lm")
    draw.text((60, 420), texts["value"], font=_font(180, bold=True), fill=BLUE, anchor="ls")
    y = 480
    for line in textwrap.wrap(texts["title"], width=28)[:4]:
        draw.text((60, y), line, font=_font(54, bold=True), fill=DARK)
        y += 68
    y += 30
    for line in (texts["interval"], texts["count"]):
        draw.text((60, y), line, font=_font(36), fill=GREY)
        y += 52
    draw.rectangle((0, SIZE - 130, SIZE, SIZE), fill=DARK)
    draw.text((60, SIZE - 65), texts["source"], font=_font(32), fill=WHITE, anchor="lm")
    if texts["synthetic"]:
        draw.rectangle((0, 130, SIZE, 190), fill=ORANGE)
        draw.text((60, 160), texts["synthetic"], font=_font(36, bold=True), fill=WHITE, anchor="lm")
    image.save(path, format="PNG", optimize=False)
