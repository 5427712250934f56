"""The scorecard chart: one bar per lesson (0–100%), the previous assessment as a black tick,
drawn with Altair and rendered by vl-convert like the products' charts."""

from __future__ import annotations

from typing import Any

from safemig.assess.model import Checklist
from safemig.assess.scoring import Scorecard
from safemig.assess.words import WORDS, percent

BLUE, BLACK = "#0072B2", "#000000"
FONT = "DejaVu Sans"


def scorecard_spec(
    checklist: Checklist, scores: Scorecard, previous: Scorecard | None, language: str
) -> dict[str, Any]:
    """A Vega-Lite specification of the lesson scores (and the previous ones, if any)."""
    import altair as alt

    rows = []
    for lesson in checklist.lessons:
        value = scores.lesson(lesson.id).value
        before = previous.lesson(lesson.id).value if previous else None
        rows.append(
            {
                "lesson": lesson.title.in_language(language),
                "score": None if value is None else value * 100,
                "previous": None if before is None else before * 100,
                "label": percent(value, language),
            }
        )
    order = [lesson.title.in_language(language) for lesson in checklist.lessons]
    base = alt.Chart(alt.Data(values=rows))
    y = alt.Y("lesson:N", sort=order, title=None, axis=alt.Axis(labelLimit=440))
    x = alt.X(
        "score:Q",
        scale=alt.Scale(domain=[0, 100]),
        title=f"{WORDS['score'].in_language(language)} (%)",
    )
    bars = base.mark_bar(color=BLUE, height=14).encode(x=x, y=y)
    labels = base.mark_text(align="left", dx=4, fontSize=10).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100])), y=y, text="label:N"
    )
    layers = [bars, labels]
    if previous is not None:
        ticks = base.transform_filter("datum.previous != null").mark_tick(
            color=BLACK, thickness=3, size=20
        )
        layers.append(ticks.encode(x=alt.X("previous:Q", scale=alt.Scale(domain=[0, 100])), y=y))
    chart = alt.layer(*layers).properties(width=360, height=30 * len(rows))
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict()


def scorecard_png(
    checklist: Checklist, scores: Scorecard, previous: Scorecard | None, language: str
) -> bytes:
    """The scorecard chart as PNG bytes (one rendering serves HTML and PDF)."""
    from safemig.products.charts import render_png

    return render_png(scorecard_spec(checklist, scores, previous, language))
