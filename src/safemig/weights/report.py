"""The weighting report (HTML, English or French): how calibration changed the weights.

It shows the distribution of the base and calibrated weights (quantiles, coefficient of
variation, a histogram), Kish's design effect due to unequal weighting,
``deff_w = n sum(w^2) / (sum w)^2 = 1 + CV^2`` (Kish 1965, sec. 11.7; 1992, "Weighting for
unequal P_i", J. Off. Stat. 8), and for every margin the population figure beside the
weighted totals before and after calibration.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from safemig.design import Design
from safemig.estimate.backends import Backend, Source
from safemig.weights.api import calibrated_weights

LABELS = {
    "en": {
        "title": "Weighting report",
        "method": "Calibration method",
        "distribution": "Distribution of the weights",
        "statistic": "Statistic",
        "base": "Base weights",
        "calibrated": "Calibrated weights",
        "n": "Respondents",
        "sum": "Sum of weights",
        "min": "Minimum",
        "q1": "First quartile",
        "median": "Median",
        "q3": "Third quartile",
        "max": "Maximum",
        "cv": "Coefficient of variation",
        "deff": "Design effect due to weighting (Kish, 1 + CV²)",
        "ratio": "Calibrated / base weight (g), minimum and maximum",
        "margins": "Margins before and after calibration",
        "variable": "Variable",
        "level": "Level",
        "population": "Population",
        "histogram": "Histogram of calibrated weights",
        "note": "Kish's effect measures the variance lost to unequal weights alone; the "
        "design's clustering comes on top.",
        "colon": ":",
        "poststratify": "post-stratification (R postStratify)",
        "rake": "raking, iterative proportional fitting (R rake)",
        "linear": "linear calibration, GREG (R calibrate)",
        "raking": "raking calibration (R calibrate, calfun raking)",
        "logit": "bounded calibration, logit (R calibrate)",
    },
    "fr": {
        "title": "Rapport de pondération",
        "method": "Méthode de calage",
        "distribution": "Distribution des poids",
        "statistic": "Statistique",
        "base": "Poids de base",
        "calibrated": "Poids calés",
        "n": "Répondantes",
        "sum": "Somme des poids",
        "min": "Minimum",
        "q1": "Premier quartile",
        "median": "Médiane",
        "q3": "Troisième quartile",
        "max": "Maximum",
        "cv": "Coefficient de variation",
        "deff": "Effet de plan dû à la pondération (Kish, 1 + CV²)",
        "ratio": "Rapport poids calé / poids de base (g), minimum et maximum",
        "margins": "Marges avant et après calage",
        "variable": "Variable",
        "level": "Modalité",
        "population": "Population",
        "histogram": "Histogramme des poids calés",
        "note": "L'effet de Kish mesure la variance perdue du seul fait de poids inégaux ; "
        "l'effet de grappe du plan s'y ajoute.",
        "colon": "\u00a0:",
        "poststratify": "post-stratification (R postStratify)",
        "rake": "raking, ajustement proportionnel itératif (R rake)",
        "linear": "calage linéaire, GREG (R calibrate)",
        "raking": "calage de type raking (R calibrate, calfun raking)",
        "logit": "calage borné, logit (R calibrate)",
    },
}

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ t.title }}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem}
td.n{text-align:right}</style></head><body>
<h1>{{ t.title }}</h1>
<p>{{ t.method }}{{ t.colon }} <strong>{{ t[method] }}</strong></p>
<h2>{{ t.distribution }}</h2>
<table><tr><th>{{ t.statistic }}</th><th>{{ t.base }}</th><th>{{ t.calibrated }}</th></tr>
{% for key, a, b in stats %}<tr><td>{{ t[key] }}</td>
<td class="n">{{ a }}</td><td class="n">{{ b }}</td></tr>
{% endfor %}</table>
<p>{{ t.ratio }}{{ t.colon }} {{ g_min }}, {{ g_max }}</p>
<p>{{ t.note }}</p>
<h2>{{ t.histogram }}</h2>
<svg width="600" height="160" role="img" aria-label="{{ t.histogram }}">
{% for x, h in bars %}<rect x="{{ x }}" y="{{ 150 - h }}" width="28" height="{{ h }}" fill="#4a7"/>
{% endfor %}</svg>
<h2>{{ t.margins }}</h2>
<table><tr><th>{{ t.variable }}</th><th>{{ t.level }}</th><th>{{ t.population }}</th>
<th>{{ t.base }}</th><th>{{ t.calibrated }}</th></tr>
{% for v, lv, pop, a, b in margins %}<tr><td>{{ v }}</td><td>{{ lv }}</td>
<td class="n">{{ pop }}</td>
<td class="n">{{ a }}</td><td class="n">{{ b }}</td></tr>
{% endfor %}</table></body></html>
"""


def kish_deff(weights: np.ndarray) -> float:
    """Kish's design effect due to unequal weights, ``n sum(w^2) / (sum w)^2``."""
    w = weights[weights > 0]
    return float(len(w) * np.sum(w * w) / np.sum(w) ** 2)


def weighting_report(
    data: Source, design: Design, language: str = "en", backend: str | Backend = "duckdb"
) -> str:
    """The report as an HTML page, for a design with a calibration."""
    from jinja2 import Environment, select_autoescape

    assert design.calibration is not None
    table = calibrated_weights(data, design, "__report_cal", backend=backend)
    base = np.asarray(table.column(design.weights).to_numpy(zero_copy_only=False), dtype=float)
    cal = np.asarray(table.column("__report_cal").to_numpy(zero_copy_only=False), dtype=float)
    lang = "fr" if language == "fr" else "en"
    t = LABELS[lang]

    def fmt(value: float) -> str:
        return _fmt(value, lang)

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE).render(
        lang=language,
        t=t,
        method=design.calibration.method,
        stats=_stats(base, cal, fmt),
        g_min=fmt(float(np.min(cal / base)) if np.all(base > 0) else math.nan),
        g_max=fmt(float(np.max(cal / base)) if np.all(base > 0) else math.nan),
        bars=_bars(cal),
        margins=_margins(table, design, base, cal, fmt),
    )


def _stats(
    base: np.ndarray, cal: np.ndarray, fmt: Callable[[float], str]
) -> list[tuple[str, str, str]]:
    def describe(w: np.ndarray) -> dict[str, float]:
        q = np.quantile(w, [0, 0.25, 0.5, 0.75, 1])
        return {
            "n": float(len(w)),
            "sum": float(w.sum()),
            "min": q[0],
            "q1": q[1],
            "median": q[2],
            "q3": q[3],
            "max": q[4],
            "cv": float(w.std() / w.mean()),
            "deff": kish_deff(w),
        }

    a, b = describe(base), describe(cal)
    return [(k, fmt(a[k]), fmt(b[k])) for k in a]


def _bars(w: np.ndarray) -> list[tuple[int, float]]:
    counts, _ = np.histogram(w, bins=20)
    top = max(int(counts.max()), 1)
    return [(i * 30, 140 * c / top) for i, c in enumerate(counts)]


def _margins(table, design: Design, base: np.ndarray, cal: np.ndarray, fmt):  # type: ignore[no-untyped-def]
    assert design.calibration is not None
    rows = []
    for margin in design.calibration.margins:
        values = np.asarray([str(v) for v in table.column(margin.variable).to_pylist()])
        for level, population in zip(margin.levels, margin.totals, strict=True):
            hit = values == level
            rows.append(
                (
                    margin.variable,
                    level,
                    fmt(population),
                    fmt(base[hit].sum()),
                    fmt(cal[hit].sum()),
                )
            )
    for name, total in design.calibration.numeric:
        x = np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=float)
        rows.append((name, "", fmt(total), fmt(float(base @ x)), fmt(float(cal @ x))))
    return rows


def _fmt(value: float, language: str = "en") -> str:
    """Four significant digits, whole numbers from 1000 on; French separators in French
    (``108 476``, ``1,072``: a comma there marks decimals)."""
    if math.isnan(value):
        return "–"
    text = f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
