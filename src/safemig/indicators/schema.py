"""The catalogue schema: every field's rule, and errors that name file, indicator and field.

>>> validate_catalogue({"catalogue": "x"}, "x.yaml")
Traceback (most recent call last):
...
safemig.errors.CatalogueError: Catalogue x.yaml, field 'instrument': is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlglot
import yaml
from sqlglot.errors import ParseError

from safemig.errors import CatalogueError
from safemig.i18n import Text
from safemig.indicators.catalogue import STATISTICS, Catalogue, Disaggregation, Indicator

UNITS = ("percent", "share", "number", "ratio", "score", "hours", "months", "currency")
TOP_KEYS = {"catalogue", "instrument", "title", "variables", "disaggregations", "indicators"}
INDICATOR_KEYS = {
    "id",
    "title",
    "description",
    "statistic",
    "expression",
    "numerator",
    "denominator",
    "levels",
    "p",
    "universe",
    "unit",
    "decimals",
    "disaggregations",
    "frameworks",
    "notes",
}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Where:
    """Where in a catalogue a problem lies."""

    source: str
    indicator: str | None = None

    def at(self, field: str, en: str, fr: str) -> Text:
        """The message prefixed with file, indicator and field, in both languages."""
        who_en = f", indicator {self.indicator!r}" if self.indicator else ""
        who_fr = f", indicateur {self.indicator!r}" if self.indicator else ""
        return Text(
            f"Catalogue {self.source}{who_en}, field {field!r}: {en}",
            f"Catalogue {self.source}{who_fr}, champ {field!r} : {fr}",
        )


def validate_catalogue(data: Any, source: str) -> Catalogue:
    """Check a parsed catalogue file and build the :class:`Catalogue`.

    Raises
    ------
    CatalogueError
        At the first field that breaks a rule.
    """
    where = Where(source)
    top = _mapping(data, where, "catalogue")
    _known_keys(top, TOP_KEYS, where)
    variables = tuple(
        (_name(n, where, "variables"), _sql(e, where, f"variables.{n}"))
        for n, e in _mapping(top.get("variables", {}), where, "variables").items()
    )
    disaggregations = tuple(
        _disaggregation(n, d, where)
        for n, d in _mapping(top.get("disaggregations", {}), where, "disaggregations").items()
    )
    rows = top.get("indicators")
    if not isinstance(rows, list) or not rows:
        raise CatalogueError(
            where.at("indicators", "give a list of indicators.", "donnez une liste d'indicateurs.")
        )
    known = {d.name for d in disaggregations}
    indicators = tuple(_indicator(row, i, source, known) for i, row in enumerate(rows))
    _unique_ids(indicators, where)
    return Catalogue(
        name=_name(_required(top, "catalogue", where), where, "catalogue"),
        instrument=_name(_required(top, "instrument", where), where, "instrument"),
        title=_bilingual(_required(top, "title", where), where, "title"),
        source=source,
        variables=variables,
        disaggregations=disaggregations,
        indicators=indicators,
    )


def _indicator(row: Any, index: int, source: str, known: set[str]) -> Indicator:
    where = Where(source, f"#{index + 1}")
    row = _mapping(row, where, "indicators")
    where = Where(source, str(row.get("id", f"#{index + 1}")))
    _known_keys(row, INDICATOR_KEYS, where)
    statistic = _choice(_required(row, "statistic", where), STATISTICS, where, "statistic")
    _statistic_fields(row, statistic, where)
    return Indicator(
        id=_name(_required(row, "id", where), where, "id"),
        title=_bilingual(_required(row, "title", where), where, "title"),
        description=_bilingual(_required(row, "description", where), where, "description"),
        statistic=statistic,
        unit=_choice(_required(row, "unit", where), UNITS, where, "unit"),
        decimals=_decimals(_required(row, "decimals", where), where),
        expression=_optional_sql(row, "expression", where),
        numerator=_optional_sql(row, "numerator", where),
        denominator=_optional_sql(row, "denominator", where),
        levels=_levels(row.get("levels"), statistic, where),
        p=_probability(row.get("p"), where),
        universe=_optional_sql(row, "universe", where),
        disaggregations=_names_in(row.get("disaggregations", []), known, where),
        frameworks=_frameworks(row.get("frameworks", []), where),
        notes=None if row.get("notes") is None else _bilingual(row["notes"], where, "notes"),
    )


def _statistic_fields(row: dict[str, Any], statistic: str, where: Where) -> None:
    """Which value fields a statistic needs and which it must not have."""
    needs = ("numerator", "denominator") if statistic == "ratio" else ("expression",)
    for field in needs:
        _required(row, field, where)
    banned = {"expression"} if statistic == "ratio" else {"numerator", "denominator"}
    banned |= set() if statistic == "proportion" else {"levels"}
    banned |= set() if statistic == "quantile" else {"p"}
    for field in sorted(banned & set(row)):
        raise CatalogueError(
            where.at(
                field,
                f"does not apply to statistic {statistic!r}; remove it.",
                f"ne s'applique pas à la statistique {statistic!r} ; retirez-le.",
            )
        )
    if statistic == "quantile" and row.get("p") is None:
        raise CatalogueError(
            where.at(
                "p",
                "is required for a quantile (e.g. 0.5).",
                "est requis pour un quantile (par exemple 0.5).",
            )
        )


def _levels(value: Any, statistic: str, where: Where) -> tuple[str, ...]:
    if statistic != "proportion":
        return ()
    items = value if isinstance(value, list) else [value]
    if value is None or not items or any(i is None or isinstance(i, dict | list) for i in items):
        raise CatalogueError(
            where.at(
                "levels",
                "a proportion names the answer(s) it counts, e.g. yes or [fully, partly].",
                "une proportion nomme la ou les réponses qu'elle compte, par exemple yes ou "
                "[fully, partly].",
            )
        )
    return tuple(str(i).lower() if isinstance(i, bool) else str(i) for i in items)


def _disaggregation(name: Any, body: Any, where: Where) -> Disaggregation:
    field = f"disaggregations.{name}"
    body = _mapping(body, where, field)
    _known_keys(body, {"title", "column", "expression"}, where, field)
    if ("column" in body) == ("expression" in body):
        raise CatalogueError(
            where.at(
                field,
                "give exactly one of 'column' or 'expression'.",
                "donnez soit 'column', soit 'expression' (un seul des deux).",
            )
        )
    return Disaggregation(
        name=_name(name, where, field),
        title=_bilingual(_required(body, "title", where), where, f"{field}.title"),
        column=None if "column" not in body else str(body["column"]),
        expression=_optional_sql(body, "expression", where),
    )


def _required(mapping: dict[str, Any], field: str, where: Where) -> Any:
    value = mapping.get(field)
    if value is None or value == "":
        raise CatalogueError(where.at(field, "is required.", "est obligatoire."))
    return value


def _mapping(value: Any, where: Where, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogueError(
            where.at(
                field,
                "should be a mapping of names to values.",
                "doit être un dictionnaire de noms et de valeurs.",
            )
        )
    return value


def _known_keys(mapping: dict[str, Any], allowed: set[str], where: Where, prefix: str = "") -> None:
    for key in mapping:
        if key not in allowed:
            field = f"{prefix}.{key}" if prefix else str(key)
            raise CatalogueError(
                where.at(
                    field,
                    f"is not a catalogue field; allowed: {', '.join(sorted(allowed))}.",
                    "n'est pas un champ de catalogue ; champs permis : "
                    f"{', '.join(sorted(allowed))}.",
                )
            )


def _name(value: Any, where: Where, field: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise CatalogueError(
            where.at(
                field,
                f"{value!r} should be lower-case letters, digits and _, starting with a letter.",
                f"{value!r} doit être fait de minuscules, chiffres et _, et commencer par une "
                "lettre.",
            )
        )
    return value


def _choice(value: Any, allowed: tuple[str, ...], where: Where, field: str) -> str:
    if value not in allowed:
        raise CatalogueError(
            where.at(
                field,
                f"{value!r} is not one of {', '.join(allowed)}.",
                f"{value!r} n'est pas parmi {', '.join(allowed)}.",
            )
        )
    return str(value)


def _bilingual(value: Any, where: Where, field: str) -> Text:
    ok = isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("en", "fr")
    )
    if not ok:
        raise CatalogueError(
            where.at(
                field,
                "needs both 'en' and 'fr' texts, e.g. {en: ..., fr: ...}.",
                "doit avoir un texte 'en' et un texte 'fr', par exemple {en: ..., fr: ...}.",
            )
        )
    return Text(value["en"].strip(), value["fr"].strip())


def _decimals(value: Any, where: Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
        raise CatalogueError(
            where.at(
                "decimals",
                f"{value!r} should be a whole number from 0 to 6.",
                f"{value!r} doit être un nombre entier de 0 à 6.",
            )
        )
    return value


def _probability(value: Any, where: Where) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1:
        raise CatalogueError(
            where.at(
                "p",
                f"{value!r} should lie strictly between 0 and 1.",
                f"{value!r} doit être strictement compris entre 0 et 1.",
            )
        )
    return float(value)


def _optional_sql(mapping: dict[str, Any], field: str, where: Where) -> str | None:
    value = mapping.get(field)
    return None if value is None else _sql(value, where, field)


def _sql(value: Any, where: Where, field: str) -> str:
    try:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ParseError("not a text")
        sqlglot.parse_one(str(value), read="duckdb")
    except ParseError as exc:
        detail = str(exc).splitlines()[0]
        raise CatalogueError(
            where.at(
                field,
                f"`{value}` is not valid SQL ({detail}); quote column names with double quotes.",
                f"`{value}` n'est pas du SQL valide ({detail}) ; mettez les noms de colonnes "
                "entre guillemets doubles.",
            )
        ) from exc
    return str(value)


def _names_in(value: Any, known: set[str], where: Where) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CatalogueError(
            where.at(
                "disaggregations", "should be a list of names.", "doit être une liste de noms."
            )
        )
    for name in value:
        parts = str(name).split("+")
        if not all(p in known for p in parts):
            raise CatalogueError(
                where.at(
                    "disaggregations",
                    f"{name!r} is not defined; the catalogue defines "
                    f"{', '.join(sorted(known))} (join two with +).",
                    f"{name!r} n'est pas défini ; le catalogue définit "
                    f"{', '.join(sorted(known))} (joindre deux avec +).",
                )
            )
    return tuple(str(n) for n in value)


def _frameworks(value: Any, where: Where) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CatalogueError(
            where.at(
                "frameworks",
                "should be a list such as [GCM-3, SDG-10.7.1].",
                "doit être une liste comme [GCM-3, SDG-10.7.1].",
            )
        )
    for item in value:
        if str(item) not in known_frameworks():
            raise CatalogueError(
                where.at(
                    "frameworks",
                    f"{item!r} is not a known framework id (GCM-1 to GCM-23, SDG-<code>, "
                    "CEDAW-GR26, ILO-C97, ILO-C143, ILO-C189, ILO-C190, BPfA).",
                    f"{item!r} n'est pas un identifiant de cadre connu (GCM-1 à GCM-23, "
                    "SDG-<code>, CEDAW-GR26, ILO-C97, ILO-C143, ILO-C189, ILO-C190, BPfA).",
                )
            )
    return tuple(str(i) for i in value)


def _unique_ids(indicators: tuple[Indicator, ...], where: Where) -> None:
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.id in seen:
            raise CatalogueError(
                Where(where.source, indicator.id).at(
                    "id",
                    "is used twice; ids must be unique.",
                    "est utilisé deux fois ; les identifiants doivent être uniques.",
                )
            )
        seen.add(indicator.id)


@cache
def known_frameworks() -> dict[str, str]:
    """Framework ids a catalogue may link to, with their official short titles."""
    data = yaml.safe_load((Path(__file__).parent / "frameworks.yaml").read_text(encoding="utf-8"))
    ids = {f"GCM-{k}": v for k, v in data["gcm_objectives"].items()}
    ids.update({f"SDG-{k}": v for k, v in data["sdg_indicators"].items()})
    ids.update(data["other_instruments"])
    return ids
