"""Disclosure control and reliability: which numbers may be published, and with what flag.

Rules are data (:class:`Rule`), with presets from survey programmes:

* ``dhs``: fewer than 25 unweighted cases suppressed (``*``); 25-49 shown in parentheses,
  "use with caution" (DHS reading guides; the base is configurable and recorded).
* ``statcan``: CV above 33.3% too unreliable to publish (``F``); 16.6-33.3% released with a
  caution (``E``); at least 10 observations (Statistics Canada CV bands as applied by health
  units).
* ``nchs``: n < 30 suppressed; relative standard error >= 30% or n from 30 to 59 flagged (US
  NCHS presentation standards for survey estimates).

Primary suppression is followed by complementary (secondary) suppression: a table is one
indicator's cells of one cut plus its margins (the overall cell and, for a two-way cut, the
one-way cuts of its variables). Each margin equals a weighted sum of its cells (totals and
counts add up; shares add up once multiplied by their weighted denominators), so a lone
suppressed cell could be recovered by subtraction. Cells are suppressed greedily (smallest
count first) until no suppressed cell is determined by the published cells of its table's
equations (checked by linear algebra, not only by counting one per row). Suppressed numbers
become missing (never zero) and carry a symbol and a reason in English and French.

>>> rule = preset("dhs")
>>> rule.min_count, rule.caution_count, rule.basis
(25, 50, 'denominator')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa

from safemig.disclosure_tables import complementary_suppression, table_relations
from safemig.errors import DisclosureRuleError
from safemig.i18n import Text

BASES = ("denominator", "numerator")
HIDDEN = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_numerator", "n_weighted")


@dataclass(frozen=True)
class Rule:
    """A publication rule. Counts are unweighted respondents on the chosen ``basis``.

    Attributes
    ----------
    name
        Shown in results (``rule`` column).
    min_count
        Suppress below this count (0: no count rule).
    caution_count
        Flag "use with caution" below this count (0: none).
    cv_suppress, cv_caution
        Suppress above / flag at or above this coefficient of variation (None: none).
    basis
        ``denominator`` (respondents in the domain) or ``numerator`` (those giving the counted
        answer; for statistics without one, the denominator is used).
    symbol_suppressed, symbol_caution, symbol_secondary
        What a reader sees in place of, or next to, a number.
    """

    name: str
    min_count: int = 0
    caution_count: int = 0
    cv_suppress: float | None = None
    cv_caution: float | None = None
    basis: str = "denominator"
    symbol_suppressed: str = "*"
    symbol_caution: str = "( )"
    symbol_secondary: str = "x"

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise DisclosureRuleError(
                Text(
                    f"Disclosure rule {self.name!r}: basis {self.basis!r} is not known; choose "
                    '"denominator" or "numerator".',
                    f"Règle de confidentialité {self.name!r} : la base {self.basis!r} est "
                    'inconnue ; choisissez "denominator" ou "numerator".',
                )
            )
        if self.min_count < 0 or self.caution_count < 0:
            raise DisclosureRuleError(
                Text(
                    f"Disclosure rule {self.name!r}: counts must be zero or more.",
                    f"Règle de confidentialité {self.name!r} : les effectifs doivent être "
                    "positifs ou nuls.",
                )
            )


PRESETS = {
    "dhs": Rule("dhs", min_count=25, caution_count=50),
    "statcan": Rule(
        "statcan",
        min_count=10,
        cv_suppress=0.333,
        cv_caution=0.1655,  # 16.5% is released, 16.6% is not
        symbol_suppressed="F",
        symbol_caution="E",
    ),
    "nchs": Rule("nchs", min_count=30, caution_count=60, cv_caution=0.30, symbol_caution="†"),
}


def preset(name: str, basis: str | None = None) -> Rule:
    """A preset rule (``dhs``, ``statcan``, ``nchs``), optionally on another count basis.

    Raises
    ------
    DisclosureRuleError
        When the preset is not known.
    """
    if name not in PRESETS:
        raise DisclosureRuleError(
            Text(
                f"Disclosure preset {name!r} is not known; choose {', '.join(PRESETS)}.",
                f"Le préréglage de confidentialité {name!r} est inconnu ; choisissez parmi "
                f"{', '.join(PRESETS)}.",
            )
        )
    rule = PRESETS[name]
    return rule if basis is None else replace(rule, basis=basis)


def rule_from_mapping(data: dict[str, Any]) -> Rule:
    """A rule from a mapping (e.g. the ``[disclosure]`` table of a project file): either
    ``preset`` (plus optional ``basis``) or the fields of :class:`Rule`.

    Raises
    ------
    DisclosureRuleError
        When a field is not a rule field.
    """
    data = dict(data)
    if "preset" in data:
        return preset(str(data.pop("preset")), data.pop("basis", None))
    allowed = set(Rule.__dataclass_fields__)
    for key in data:
        if key not in allowed:
            raise DisclosureRuleError(
                Text(
                    f"Disclosure rule field {key!r} is not known; allowed: "
                    f"{', '.join(sorted(allowed))}.",
                    f"Le champ de règle de confidentialité {key!r} est inconnu ; champs permis : "
                    f"{', '.join(sorted(allowed))}.",
                )
            )
    return Rule(**data)


def count_of(row: dict[str, Any], basis: str) -> int:
    """The count a rule reads: the numerator where the row has one and it is asked for."""
    if basis == "numerator" and row.get("n_numerator") is not None:
        return int(row["n_numerator"])
    return int(row["n"])


def primary_flag(row: dict[str, Any], rule: Rule) -> tuple[str, str, Text] | None:
    """``(status, symbol, reason)`` for a cell by itself; ``None`` when it is clean."""
    n = count_of(row, rule.basis)
    cv = row.get("cv")
    cv = abs(cv) if cv is not None else None
    if n < rule.min_count:
        return "suppressed", rule.symbol_suppressed, _too_few(n, rule)
    if rule.cv_suppress is not None and (cv is None or cv > rule.cv_suppress):
        return "suppressed", rule.symbol_suppressed, _cv_text(cv, rule.cv_suppress, True)
    if n < rule.caution_count:
        return "caution", rule.symbol_caution, _caution_count(n, rule)
    if rule.cv_caution is not None and cv is not None and cv >= rule.cv_caution:
        return "caution", rule.symbol_caution, _cv_text(cv, rule.cv_caution, False)
    return None


def apply_disclosure(table: pa.Table, rule: Rule, disaggregations: tuple[str, ...]) -> pa.Table:
    """Flag, suppress and complementarily suppress an indicator results table.

    Parameters
    ----------
    table
        :class:`safemig.indicators.IndicatorResults` ``.table`` (or any table with
        ``indicator, level, disaggregation``, the disaggregation columns, ``n`` and values).
    rule
        The publication rule.
    disaggregations
        Names of the disaggregation columns.

    Returns
    -------
    pyarrow.Table
        The same rows with ``status`` (published, caution, suppressed, secondary),
        ``flag`` (symbol), ``reason_en``, ``reason_fr``, ``rule`` and ``count_basis``; the
        numbers of suppressed cells are missing, never zero.
    """
    rows = table.to_pylist()
    marks: dict[int, tuple[str, str, Text]] = {}
    for i, row in enumerate(rows):
        flag = primary_flag(row, rule)
        if flag is not None:
            marks[i] = flag
    hidden = {i for i, m in marks.items() if m[0] == "suppressed"}
    tables = list(table_relations(rows, disaggregations))
    changed = True
    while changed:  # a cell hidden for one table may be the margin of another
        changed = False
        for cells, relations in tables:
            counts = {i: count_of(rows[i], rule.basis) for i in cells}
            for i in complementary_suppression(cells, relations, hidden, counts):
                hidden.add(i)
                marks[i] = ("secondary", rule.symbol_secondary, SECONDARY)
                changed = True
    return _published(table, rows, marks, rule)


SECONDARY = Text(
    "suppressed so that another suppressed cell of the table cannot be recovered from its totals",
    "masqué pour qu'une autre case masquée du tableau ne puisse pas être retrouvée à partir des "
    "totaux",
)


def _published(
    table: pa.Table, rows: list[dict[str, Any]], marks: dict[int, tuple[str, str, Text]], rule: Rule
) -> pa.Table:
    extra: dict[str, list[Any]] = {k: [] for k in ("status", "flag", "reason_en", "reason_fr")}
    for i, row in enumerate(rows):
        status, symbol, reason = marks.get(i, ("published", "", Text("", "")))
        if status in ("suppressed", "secondary"):
            row.update({c: None for c in HIDDEN if c in row})
        extra["status"].append(status)
        extra["flag"].append(symbol)
        extra["reason_en"].append(str(reason))
        extra["reason_fr"].append(reason.fr)
    out = pa.Table.from_pylist(rows, schema=table.schema)
    for name, values in extra.items():
        out = out.append_column(name, pa.array(values, pa.string()))
    out = out.append_column("rule", pa.array([rule.name] * len(rows), pa.string()))
    return out.append_column("count_basis", pa.array([rule.basis] * len(rows), pa.string()))


def _too_few(n: int, rule: Rule) -> Text:
    # The count itself is never written: with the numerator basis it would publish how many
    # women gave the hidden answer (e.g. reported violence), the very figure suppressed.
    del n
    return Text(
        f"suppressed: fewer than {rule.min_count} respondents ({rule.basis})",
        f"masqué : moins de {rule.min_count} répondantes ({_basis_fr(rule.basis)})",
    )


def _caution_count(n: int, rule: Rule) -> Text:
    return Text(
        f"use with caution: based on {n} respondents ({rule.basis}), fewer than "
        f"{rule.caution_count}",
        f"à utiliser avec prudence : fondé sur {n} répondantes ({_basis_fr(rule.basis)}), "
        f"moins de {rule.caution_count}",
    )


def _cv_text(cv: float | None, limit: float, suppressed: bool) -> Text:
    shown = "undefined" if cv is None else f"{cv:.1%}"
    shown_fr = "non défini" if cv is None else f"{cv * 100:.1f} %".replace(".", ",")
    if suppressed:
        return Text(
            f"too unreliable to publish: coefficient of variation {shown} above {limit:.1%}",
            f"trop peu fiable pour être publié : coefficient de variation {shown_fr} "
            f"au-dessus de {limit * 100:.1f} %".replace(".", ","),
        )
    return Text(
        f"use with caution: coefficient of variation {shown} ({limit:.1%} or more)",
        f"à utiliser avec prudence : coefficient de variation {shown_fr} "
        f"({limit * 100:.1f} % ou plus)".replace(".", ","),
    )


def _basis_fr(basis: str) -> str:
    return "dénominateur" if basis == "denominator" else "numérateur"
