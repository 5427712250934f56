"""Charts of one indicator: estimates with their confidence intervals, drawn with Altair and
rendered by vl-convert (no browser).

The palette is Okabe-Ito (colour-blind safe); published and caution cells also differ in
shape and in lightness, so the chart reads in grey. A suppressed cell is drawn as its symbol
and its reason, never as a bar or a zero.
"""

from __future__ import annotations

from typing import Any

from safemig.i18n import Text
from safemig.products.cells import Cell
from safemig.products.wording import UNIT_WORDS, scale_of

BLUE, ORANGE, GREY = "#0072B2", "#E69F00", "#4D4D4D"
FONT = "DejaVu Sans"  # installed by `make setup` (fonts-dejavu-core), with French accents
PUBLISHED = Text(
    "Estimate and 95% confidence interval", "Estimation et intervalle de confiance à 95 %"
)
CAUTION = Text("Use with caution", "À utiliser avec prudence")
HIDDEN = Text("not published (see the table)", "non publié (voir le tableau)")


def chart_spec(title: str, cells: list[Cell], unit: str, language: str) -> dict[str, Any]:
    """A Vega-Lite specification (a dict) for one indicator's cells."""
    import altair as alt

    data = [_datum(cell, language) for cell in cells]
    order = [d["label"] for d in data]
    shown = alt.Chart(alt.Data(values=data)).transform_filter("datum.estimate != null")
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    kinds = [PUBLISHED.in_language(language), CAUTION.in_language(language)]
    x = alt.X("estimate:Q", title=_axis_title(unit, language), scale=alt.Scale(zero=True))
    intervals = shown.mark_rule(strokeWidth=2, color=GREY).encode(x="low:Q", x2="high:Q", y=y)
    points = shown.mark_point(filled=True, size=80, opacity=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=kinds, range=[BLUE, ORANGE]),
            title=None,
            legend=alt.Legend(labelLimit=400),
        ),
        shape=alt.Shape(
            "kind:N", scale=alt.Scale(domain=kinds, range=["circle", "triangle-up"]), title=None
        ),
    )
    hidden = (
        alt.Chart(alt.Data(values=data))
        .transform_filter("datum.estimate == null")
        .mark_text(align="left", baseline="middle", dx=4, color=GREY, fontSize=11)
        .encode(x=alt.value(0), y=y, text="note:N")
    )
    chart = alt.layer(intervals, points, hidden).properties(
        width=420, height=max(40, 22 * len(data)), title=title
    )
    return chart.configure(font=FONT).configure_legend(orient="bottom").to_dict()


def render_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG text."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def render_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as PNG bytes."""
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(spec, scale=scale))


def _datum(cell: Cell, language: str) -> dict[str, Any]:
    label = cell.group if not cell.category else f"{cell.category} · {cell.group}"
    if cell.hidden:
        return {
            "label": label,
            "estimate": None,
            "note": f"{cell.flag} {HIDDEN.in_language(language)}",
        }
    scale = scale_of(cell.row)
    row = cell.row
    return {
        "label": label,
        "estimate": row["estimate"] * scale,
        "low": None if row["ci_low"] is None else row["ci_low"] * scale,
        "high": None if row["ci_high"] is None else row["ci_high"] * scale,
        "kind": (CAUTION if cell.status == "caution" else PUBLISHED).in_language(language),
        "text": f"{cell.value} [{cell.interval}]",
    }


def _axis_title(unit: str, language: str) -> str:
    word = UNIT_WORDS.get(unit, Text(unit, unit)).in_language(language)
    return f"{'Estimation' if language == 'fr' else 'Estimate'} ({word})"
