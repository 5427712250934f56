"""Turn a request into measures over the data's actual columns, levels and universe.

Checks every named column against the data (unknown ones are errors with suggestions),
reads the levels of categorical and select_multiple variables, and parses the universe.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ParseError

from safemig.design import Design
from safemig.errors import RequestError
from safemig.estimate.backends import NUMERIC, Backend
from safemig.estimate.checks import require_columns, require_numeric
from safemig.estimate.compiler import SOURCE, Layout
from safemig.estimate.measures import Levels, Measure, measures_for
from safemig.estimate.request import Count, Proportion, Quantile, Ratio, Request, Statistic
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
    answers = _distinct_answers(engine, kinds, request.statistics)
    for statistic in request.statistics:
        if isinstance(statistic, Quantile):
            v = _numeric_column(kinds, statistic.variable, "quantile")
            spec = QuantileSpec(
                f"q{len(quantiles)}", statistic.variable, statistic.p, as_double(v), is_not_null(v)
            )
            quantiles.append(spec)
            checked.setdefault(statistic.variable, spec.valid)
            continue
        levels = _levels(kinds, statistic, answers) if isinstance(statistic, Proportion) else None
        if isinstance(statistic, Ratio):
            _numeric_column(kinds, statistic.numerator, "ratio numerator")
            _numeric_column(kinds, statistic.denominator, "ratio denominator")
        elif isinstance(statistic, Count):
            require_columns(kinds, [statistic.variable], "count")
        elif not isinstance(statistic, Proportion):
            _numeric_column(kinds, statistic.variable, statistic.name)
        expanded = measures_for(statistic, len(measures), levels)
        measures.extend(expanded)
        for m in expanded:
            if m.is_count:
                continue  # a count counts the answers given: a missing one is not an error
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


def _distinct_answers(
    engine: Backend, kinds: dict[str, str], statistics: Sequence[Statistic]
) -> dict[str, list[str]]:
    """The distinct non-missing values of every proportion's column, as text, in one query.

    Per column, the values come in the order of the column's own type (numbers by value,
    not as text). One ``UNION ALL`` of a ``SELECT DISTINCT`` per column: a catalogue has
    dozens of proportions, and a query each cost more than the rest of preparing them.
    Columns the data do not have are left out (the caller reports them in request order).
    """
    names = list(
        dict.fromkeys(
            s.variable for s in statistics if isinstance(s, Proportion) and s.variable in kinds
        )
    )
    if not names:
        return {}
    parts = [_answers_query(i, name) for i, name in enumerate(names)]
    query: exp.Query = parts[0]
    for part in parts[1:]:
        query = exp.union(query, part, distinct=False, copy=False)
    table = engine.execute(
        exp.select("*")
        .from_(query.subquery("answers", copy=False), copy=False)
        .order_by(col("q"), col("position"), copy=False)
    )
    found: dict[str, list[str]] = {name: [] for name in names}
    columns = table.column("q").to_pylist(), table.column("answer").to_pylist()
    for q, answer in zip(*columns, strict=True):
        found[names[q]].append(str(answer))
    return found


def _answers_query(index: int, name: str) -> exp.Select:
    """``SELECT index AS q, CAST(v AS VARCHAR) AS answer, <rank of v> AS position`` over
    the distinct non-missing values of column ``name``."""
    v = col(name)
    distinct = (
        exp.select(alias(col(name), "raw"))
        .from_(SOURCE, copy=False)
        .where(is_not_null(v), copy=False)
        .distinct()
    )
    text = exp.Cast(this=col("raw"), to=exp.DataType(this=exp.DataType.Type.VARCHAR))
    rank = exp.Window(
        this=exp.RowNumber(), order=exp.Order(expressions=[exp.Ordered(this=col("raw"))])
    )
    return exp.select(
        alias(exp.Literal.number(index), "q"), alias(text, "answer"), alias(rank, "position")
    ).from_(distinct.subquery(f"a{index}", copy=False), copy=False)


def _levels(kinds: dict[str, str], statistic: Proportion, answers: dict[str, list[str]]) -> Levels:
    name = statistic.variable
    if name not in kinds and statistic.multiple:
        return _choice_columns(kinds, name)
    require_columns(kinds, [name], "proportion")
    values = answers[name]
    if statistic.multiple:
        tokens = sorted({t for a in values for t in a.split()})
        if not tokens:
            raise RequestError(
                Text(
                    f"select_multiple variable {name!r} has no answers.",
                    f"La variable à choix multiples {name!r} n'a aucune réponse.",
                )
            )
        return Levels(tuple(tokens), "tokens")
    if not values:
        raise RequestError(
            Text(
                f"Variable {name!r} has no values; there is no proportion to estimate.",
                f"La variable {name!r} n'a aucune valeur ; aucune proportion à estimer.",
            )
        )
    return Levels(tuple(values), "categorical")


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
