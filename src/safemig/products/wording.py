"""How numbers, codes and framework links read in English and French.

>>> row = {"statistic": "proportion", "unit": "percent", "decimals": 1}
>>> format_number(0.36610, row, "en"), format_number(0.36610, row, "fr")
('36.6%', '36,6\u202f%')
>>> code_label("age_group", "50+", "fr")
'50 ans et plus'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from safemig.i18n import Text

HERE = Path(__file__).parent
FRAMEWORKS_EN = HERE.parent / "indicators" / "frameworks.yaml"
FRAMEWORKS_FR = HERE / "frameworks_fr.yaml"
NARROW_NBSP = "\u202f"


def scale_of(row: dict[str, Any]) -> float:
    """100 for proportions published in percent (the table holds shares), else 1."""
    return 100.0 if row["statistic"] == "proportion" and row["unit"] == "percent" else 1.0


def format_number(value: float | None, row: dict[str, Any], language: str) -> str:
    """A value of ``row``'s indicator as a reader sees it (``""`` when missing)."""
    if value is None:
        return ""
    text = f"{value * scale_of(row):,.{int(row['decimals'])}f}"
    if language == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    if row["unit"] == "percent":
        text += f"{NARROW_NBSP}%" if language == "fr" else "%"
    return text


def format_count(value: float | int | None, language: str) -> str:
    """A count with thousands separators (``1,262`` / ``1 262``)."""
    if value is None:
        return ""
    text = f"{round(value):,}"
    return text.replace(",", NARROW_NBSP) if language == "fr" else text


def format_interval(row: dict[str, Any], language: str) -> str:
    """``33.8–39.6`` (the unit once, after the interval)."""
    if row["ci_low"] is None or row["ci_high"] is None:
        return ""
    low, high = (format_number(row[k], row, language) for k in ("ci_low", "ci_high"))
    suffix = (f"{NARROW_NBSP}%" if language == "fr" else "%") if row["unit"] == "percent" else ""
    return f"{low.removesuffix(suffix)}–{high}"


@cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    return {str(k): {str(c): v for c, v in codes.items()} for k, codes in data.items()}


def code_label(kind: str, code: str | None, language: str) -> str:
    """How a disaggregation group or an answer level (``kind="levels"``) reads."""
    if code is None:
        return ""
    entry = _labels().get(kind, {}).get(str(code))
    if entry is None:
        return str(code).replace("_", " ")
    return str(entry[language if language in entry else "en"])


UNIT_WORDS = {
    "percent": Text("%", "%"),
    "share": Text("share", "part"),
    "number": Text("number", "nombre"),
    "ratio": Text("ratio", "rapport"),
    "score": Text("score", "score"),
    "hours": Text("hours", "heures"),
    "months": Text("months", "mois"),
    "currency": Text("CFA francs", "francs CFA"),
}


@cache
def _frameworks() -> dict[str, dict[str, str]]:
    en = yaml.safe_load(FRAMEWORKS_EN.read_text(encoding="utf-8"))
    fr = yaml.safe_load(FRAMEWORKS_FR.read_text(encoding="utf-8"))
    titles: dict[str, dict[str, str]] = {"en": {}, "fr": {}}
    for language, data in (("en", en), ("fr", fr)):
        for key, title in data["gcm_objectives"].items():
            titles[language][f"GCM-{key}"] = str(title)
        for key, title in data["sdg_indicators"].items():
            titles[language][f"SDG-{key}"] = str(title)
        for key, title in data["other_instruments"].items():
            titles[language][str(key)] = str(title)
    return titles


def framework_ids() -> tuple[str, ...]:
    """Every framework id safemig knows (``GCM-3``, ``SDG-10.7.1``, ``ILO-C189`` …)."""
    return tuple(_frameworks()["en"])


def framework_title(framework: str, language: str) -> str:
    """The official short title of a framework id, in ``language``."""
    return _frameworks()[language if language == "fr" else "en"].get(framework, framework)


def framework_name(framework: str, language: str) -> str:
    """``GCM objective 3`` / ``Objectif 3 du PMM`` ; ``SDG indicator 10.7.1`` …"""
    if framework.startswith("GCM-"):
        number = framework.removeprefix("GCM-")
        return f"Objectif {number} du PMM" if language == "fr" else f"GCM objective {number}"
    if framework.startswith("SDG-"):
        code = framework.removeprefix("SDG-")
        return f"Indicateur ODD {code}" if language == "fr" else f"SDG indicator {code}"
    return framework


def gcm_objective(frameworks: tuple[str, ...]) -> int | None:
    """The first GCM objective an indicator evidences (its place in the report)."""
    for framework in frameworks:
        match = re.fullmatch(r"GCM-(\d+)", framework)
        if match:
            return int(match.group(1))
    return None
