"""Turn a request into measures over the data's actual columns, levels and universe.

Checks every named column against the data (unknown ones are errors with suggestions),
reads the levels of categorical and select_multiple variables, and parses the universe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ParseError

from safemig.design import Design
from safemig.errors import RequestError
from safemig.estimate.backends import NUMERIC, Backend
from safemig.estimate.checks import require_columns, require_numeric
from safemig.estimate.compiler import SOURCE, Layout
from safemig.estimate.measures import Levels, Measure, measures_for
from safemig.estimate.request import Proportion, Quantile, Ratio, Request
from safemig.estimate.sqlparts import alias, as_double, col, is_not_null, parse_user
from safemig.i18n import Text


@dataclass(frozen=True)
class QuantileSpec:
    """One quantile to estimate: variable, probability and its not-missing condition."""

    key: str
    variable: str
    p: float
    y: exp.Expr
    valid: exp.Expr


@dataclass(frozen=True)
class Prepared:
    layout: Layout
    measures: tuple[Measure, ...]
    quantiles: tuple[QuantileSpec, ...]
    checked: tuple[tuple[str, exp.Expr], ...]


def prepare_request(engine: Backend, design: Design, request: Request) -> Prepared:
    """Validate ``request`` and ``design`` against the data and expand the statistics."""
    kinds = engine.column_kinds(SOURCE)
    _check_design_columns(kinds, design)
    require_columns(kinds, request.by_columns, "disaggregation")
    universe = parse_universe(request.where, kinds)
    layout = Layout(design, request.cuts, request.by_columns, universe, request.where or "")
    measures: list[Measure] = []
    quantiles: list[QuantileSpec] = []
    checked: dict[str, exp.Expr] = {}
    for statistic in request.statistics:
        if isinstance(statistic, Quantile):
            v = _numeric_column(kinds, statistic.variable, "quantile")
            spec = QuantileSpec(
                f"q{len(quantiles)}", statistic.variable, statistic.p, as_double(v), is_not_null(v)
            )
            quantiles.append(spec)
            checked.setdefault(statistic.variable, spec.valid)
            continue
        levels = _levels(engine, kinds, statistic) if isinstance(statistic, Proportion) else None
        if isinstance(statistic, Ratio):
            _numeric_column(kinds, statistic.numerator, "ratio numerator")
            _numeric_column(kinds, statistic.denominator, "ratio denominator")
        elif not isinstance(statistic, Proportion):
            _numeric_column(kinds, statistic.variable, statistic.name)
        expanded = measures_for(statistic, len(measures), levels)
        measures.extend(expanded)
        for m in expanded:
            checked.setdefault(
                m.variable
                if levels is None or levels.mode != "columns"
                else f"{statistic.variable}/{m.level}",
                m.valid,
            )
    checks = tuple(checked.items()) if request.na == "fail" else ()
    return Prepared(layout, tuple(measures), tuple(quantiles), checks)


def _check_design_columns(kinds: dict[str, str], design: Design) -> None:
    require_columns(kinds, [design.weights], "weights")
    require_numeric(kinds, design.weights, "weights")
    if design.strata:
        require_columns(kinds, [design.strata], "strata")
    require_columns(kinds, design.psu, "PSU")
    require_columns(kinds, design.fpc, "fpc")
    for name in design.fpc:
        require_numeric(kinds, name, "fpc")
    if design.replicates is not None:
        require_columns(kinds, design.replicates.columns, "replicate weights")
        for name in design.replicates.columns:
            require_numeric(kinds, name, "replicate weights")


def _numeric_column(kinds: dict[str, str], name: str, role: str) -> exp.Column:
    require_columns(kinds, [name], role)
    require_numeric(kinds, name, role)
    return col(name)


def parse_universe(where: str | None, kinds: dict[str, str]) -> exp.Expr | None:
    """Parse a ``--where`` SQL boolean and check the columns it names."""
    if where is None or not where.strip():
        return None

    def invalid(detail: str) -> Text:
        return Text(
            f"The universe condition `{where}` is not valid SQL: {detail}. Write e.g. "
            "\"sex = 'F' AND age >= 18\"; quote column names holding dots or spaces with "
            'double quotes ("sch.wide").',
            f"La condition d'univers `{where}` n'est pas du SQL valide : {detail}. "
            "Écrivez par exemple \"sex = 'F' AND age >= 18\" ; mettez entre guillemets "
            'doubles les noms de colonnes contenant des points ou des espaces ("sch.wide").',
        )

    return parse_user_sql(where, kinds, "universe condition", invalid)


def parse_user_sql(
    text: str, kinds: dict[str, str], role: str, invalid: Callable[[str], Text]
) -> exp.Expr:
    """Parse SQL a user wrote (in DuckDB's dialect), check every column it names exists,
    and quote them; ``invalid(detail)`` words the error for a parse failure."""
    try:
        parsed = parse_user(text)
    except ParseError as exc:
        raise RequestError(invalid(str(exc).splitlines()[0])) from exc
    for column in parsed.find_all(exp.Column):
        require_columns(kinds, [column.name], role)
        column.this.set("quoted", True)
    return parsed


def _levels(engine: Backend, kinds: dict[str, str], statistic: Proportion) -> Levels:
    name = statistic.variable
    if name not in kinds and statistic.multiple:
        return _choice_columns(kinds, name)
    require_columns(kinds, [name], "proportion")
    v = col(name)
    if statistic.multiple:
        query = (
            exp.select(alias(v, "value"))
            .from_(SOURCE, copy=False)
            .where(is_not_null(v), copy=False)
            .distinct()
        )
        answers = engine.execute(query).column("value").to_pylist()
        tokens = sorted({t for a in answers for t in str(a).split()})
        if not tokens:
            raise RequestError(
                Text(
                    f"select_multiple variable {name!r} has no answers.",
                    f"La variable à choix multiples {name!r} n'a aucune réponse.",
                )
            )
        return Levels(tuple(tokens), "tokens")
    text = exp.Cast(this=v.copy(), to=exp.DataType(this=exp.DataType.Type.VARCHAR))
    query = (
        exp.select(alias(text, "level"), alias(v.copy(), "raw"))
        .from_(SOURCE, copy=False)
        .where(is_not_null(v), copy=False)
        .distinct()
        .order_by(col("raw"), copy=False)
    )
    levels = engine.execute(query).column("level").to_pylist()
    if not levels:
        raise RequestError(
            Text(
                f"Variable {name!r} has no values; there is no proportion to estimate.",
                f"La variable {name!r} n'a aucune valeur ; aucune proportion à estimer.",
            )
        )
    return Levels(tuple(str(level) for level in levels), "categorical")


def _choice_columns(kinds: dict[str, str], name: str) -> Levels:
    for sep in ("/", "."):
        columns = [c for c in kinds if c.startswith(name + sep) and len(c) > len(name) + 1]
        if columns:
            for c in columns:
                if kinds[c] != NUMERIC:
                    raise RequestError(
                        Text(
                            f"Choice column {c!r} of select_multiple {name!r} should hold 0/1 "
                            "but reads as text.",
                            f"La colonne d'option {c!r} de la question à choix multiples "
                            f"{name!r} devrait contenir 0/1 mais se lit comme du texte.",
                        )
                    )
            return Levels(tuple(c[len(name) + 1 :] for c in columns), "columns", tuple(columns))
    require_columns(kinds, [name], "select_multiple")
    raise AssertionError("unreachable")
