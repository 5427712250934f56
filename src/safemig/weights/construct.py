"""Build weights from the data with SQL aggregations: base weights, nonresponse adjustment
within weighting classes, trimming. Each returns the data with a new weight column, the
original columns kept, in file order.

Base weights (Horvitz-Thompson): ``1 / (p_1 p_2 ...)`` from the selection probabilities of
each stage, or ``N_h / n_h`` from a sample frame (population of stratum ``h`` over its
completed interviews). Nonresponse adjustment within classes (weighting-class method,
Kalton & Flores-Cervantes 2003, sec. 2): respondents of class ``c`` get
``w * sum_c(w) / sum_{c, respondents}(w)``, nonrespondents 0. Trimming as R
``trimWeights``: weights clamped to ``[lower, upper]``, the trimmed amount shared equally
by the untrimmed units (repeated until none is outside with ``strict``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pyarrow as pa
from sqlglot import exp

from safemig.errors import RequestError, WeightError, WeightingClassError
from safemig.estimate.backends import ROW_ID, Backend, Source, open_backend
from safemig.estimate.calibration import case_of, level_text, number
from safemig.estimate.checks import require_columns, require_numeric
from safemig.estimate.sqlparts import alias, as_double, col, is_null, mul, total, when
from safemig.i18n import Text

DATA = "__weighting_data"
_ONE = exp.Literal.number(1)


def base_weights_from_frame(
    data: Source,
    stratum: str,
    frame: Mapping[str, float],
    name: str = "base_weight",
    backend: str | Backend = "duckdb",
) -> pa.Table:
    """``N_h / n_h``: each stratum's population over its completed interviews (rows).

    Raises
    ------
    WeightingClassError
        A frame stratum has no interview, or a data stratum is not in the frame.
    WeightError
        A frame population is zero or negative.
    """
    for level, population in frame.items():
        if not population > 0:
            raise WeightError(
                Text(
                    f"Frame stratum {level!r} has population {population}; a stratum's "
                    "population must be positive.",
                    f"La strate {level!r} de la base de sondage a pour population {population} ; "
                    "la population d'une strate doit être positive.",
                )
            )
    with _engine(backend) as engine:
        engine.register(DATA, data)
        require_columns(engine.column_kinds(DATA), [stratum], "strata")
        counts = _class_sums(engine, [stratum], {"n": as_double(_ONE)})
        found = {str(r[stratum]): float(r["n"]) for r in counts}  # type: ignore[arg-type]
        if None in [r[stratum] for r in counts]:
            raise WeightingClassError(
                Text(
                    f"Stratum column {stratum!r} is missing in some rows; every interview "
                    "needs its stratum.",
                    f"La colonne de strate {stratum!r} est manquante dans certaines lignes ; "
                    "chaque entretien doit avoir sa strate.",
                )
            )
        _frame_agrees(frame, found, stratum)
        levels = sorted(found)
        ratio = case_of(stratum, levels, [frame[lv] / found[lv] for lv in levels])
        return _with_columns(engine, [alias(ratio, name)])


def _frame_agrees(frame: Mapping[str, float], found: Mapping[str, float], stratum: str) -> None:
    for level in found:
        if level not in frame:
            raise WeightingClassError(
                Text(
                    f"Stratum {level!r} of {stratum!r} ({int(found[level])} interview(s)) is not "
                    f"in the frame, which lists {', '.join(repr(k) for k in frame)}.",
                    f"La strate {level!r} de {stratum!r} ({int(found[level])} entretien(s)) "
                    f"n'est pas dans la base de sondage, qui donne "
                    f"{', '.join(repr(k) for k in frame)}.",
                )
            )
    for level in frame:
        if level not in found:
            raise WeightingClassError(
                Text(
                    f"Frame stratum {level!r} has no completed interview in the data: nobody "
                    "can represent its population. Check the stratum names, or merge it with "
                    "a neighbouring stratum.",
                    f"La strate {level!r} de la base de sondage n'a aucun entretien réalisé "
                    "dans les données : personne ne peut représenter sa population. Vérifiez "
                    "les noms de strates, ou regroupez-la avec une strate voisine.",
                )
            )


def base_weights_from_probabilities(
    data: Source,
    probabilities: Sequence[str],
    name: str = "base_weight",
    backend: str | Backend = "duckdb",
) -> pa.Table:
    """``1 / (p_1 p_2 ...)`` from each stage's selection probability column.

    Raises
    ------
    WeightError
        A probability is missing, zero, negative or above 1 (names the column and count).
    """
    with _engine(backend) as engine:
        engine.register(DATA, data)
        kinds = engine.column_kinds(DATA)
        for p in probabilities:
            require_columns(kinds, [p], "selection probability")
            require_numeric(kinds, p, "selection probability")
            bad = _count(
                engine,
                exp.or_(
                    is_null(col(p)),
                    exp.LTE(this=col(p), expression=exp.Literal.number(0)),
                    exp.GT(this=col(p), expression=exp.Literal.number(1)),
                ),
            )
            if bad:
                raise WeightError(
                    Text(
                        f"Selection probability {p!r} is missing, not above 0 or above 1 in "
                        f"{bad} row(s); a probability lies in (0, 1].",
                        f"La probabilité d'inclusion {p!r} est manquante, nulle, négative ou "
                        f"supérieure à 1 dans {bad} ligne(s) ; une probabilité est dans ]0, 1].",
                    )
                )
        product = mul(*(as_double(col(p)) for p in probabilities))
        inverse = exp.Div(this=number(1.0), expression=exp.Paren(this=product))
        return _with_columns(engine, [alias(inverse, name)])


def nonresponse_adjusted(
    data: Source,
    weights: str,
    classes: Sequence[str],
    respondent: str,
    name: str = "nr_weight",
    backend: str | Backend = "duckdb",
) -> pa.Table:
    """Weighting-class nonresponse adjustment; ``respondent`` holds 1 (responded) or 0.

    Raises
    ------
    WeightingClassError
        A class has no respondent (names the class), or a class value is missing.
    """
    with _engine(backend) as engine:
        engine.register(DATA, data)
        kinds = engine.column_kinds(DATA)
        require_columns(kinds, [weights, respondent, *classes], "weighting class")
        require_numeric(kinds, weights, "weights")
        responded = exp.EQ(this=as_double(col(respondent)), expression=number(1.0))
        sums = _class_sums(
            engine,
            classes,
            {"all": as_double(col(weights)), "resp": when(responded, as_double(col(weights)))},
        )
        factors: dict[tuple[str, ...], float] = {}
        for row in sums:
            key = tuple(row[c] for c in classes)
            label = ", ".join(f"{c}={v}" for c, v in zip(classes, key, strict=True))
            if any(v is None for v in key):
                raise WeightingClassError(
                    Text(
                        f"Weighting class variable(s) missing in some rows ({label}); every "
                        "sampled unit needs its class.",
                        f"Variable(s) de classe de pondération manquante(s) dans certaines "
                        f"lignes ({label}) ; chaque unité échantillonnée doit avoir sa classe.",
                    )
                )
            if not row["resp"]:
                raise WeightingClassError(
                    Text(
                        f"Weighting class {label} has no respondent: its nonrespondents' "
                        "weight cannot be carried. Merge it with a similar class.",
                        f"La classe de pondération {label} n'a aucune répondante : le poids "
                        "de ses non-répondantes ne peut être reporté. Regroupez-la avec une "
                        "classe proche.",
                    )
                )
            factors[tuple(str(v) for v in key)] = float(row["all"]) / float(row["resp"])  # type: ignore[arg-type]
        factor = _factor_by_class(classes, factors)
        adjusted = when(responded, mul(as_double(col(weights)), factor))
        return _with_columns(engine, [alias(adjusted, name)])


def _factor_by_class(classes: Sequence[str], factors: Mapping[tuple[str, ...], float]) -> exp.Expr:
    ifs = []
    for key, value in factors.items():
        test = exp.and_(
            *(
                exp.EQ(this=level_text(c), expression=exp.Literal.string(v))
                for c, v in zip(classes, key, strict=True)
            )
        )
        ifs.append(exp.If(this=test, true=number(value)))
    return exp.Case(ifs=ifs, default=number(0.0))


def trimmed_weights(
    data: Source,
    weights: str,
    lower: float = float("-inf"),
    upper: float = float("inf"),
    strict: bool = False,
    name: str = "trimmed_weight",
    backend: str | Backend = "duckdb",
) -> pa.Table:
    """R ``trimWeights``: clamp to ``[lower, upper]`` and share the trimmed amount equally
    among the untrimmed units; with ``strict``, repeat until no weight is outside."""
    if not lower < upper:
        raise RequestError(
            Text(
                f"Trimming bounds {lower}, {upper}: the lower must be below the upper.",
                f"Bornes d'écrêtage {lower}, {upper} : la borne basse doit être sous la haute.",
            )
        )
    with _engine(backend) as engine:
        engine.register(DATA, data)
        require_numeric(engine.column_kinds(DATA), weights, "weights")
        current: exp.Expr = as_double(col(weights))
        for _ in range(100):
            outside, clamped = _outside_and_clamped(current, lower, upper)
            row = engine.execute(
                exp.select(
                    alias(total(when(outside, _ONE)), "n_out"),
                    alias(total(exp.Sub(this=current.copy(), expression=clamped.copy())), "cut"),
                    alias(exp.Count(this=exp.Star()), "n"),
                ).from_(DATA, copy=False)
            ).to_pylist()[0]
            if not row["n_out"]:
                break
            share = row["cut"] / (row["n"] - row["n_out"])
            current = exp.Case(
                ifs=[exp.If(this=outside, true=clamped)],
                default=exp.Add(this=current.copy(), expression=number(share)),
            )
            if not strict:
                break
        return _with_columns(engine, [alias(current, name)])


def _outside_and_clamped(
    current: exp.Expr, lower: float, upper: float
) -> tuple[exp.Expr, exp.Expr]:
    """The condition "outside the bounds" and the clamped value (infinite bounds omitted)."""
    tests: list[exp.Expr] = []
    clamped = current.copy()
    if math.isfinite(lower):
        tests.append(exp.LT(this=current.copy(), expression=number(lower)))
        clamped = exp.Greatest(this=clamped, expressions=[number(lower)])
    if math.isfinite(upper):
        tests.append(exp.GT(this=current.copy(), expression=number(upper)))
        clamped = exp.Least(this=clamped, expressions=[number(upper)])
    return (exp.or_(*tests) if tests else exp.false()), clamped


# --- shared ---------------------------------------------------------------------------------


class _engine:
    """Open a backend by name for the duration of a ``with`` block (or use the one given)."""

    def __init__(self, backend: str | Backend) -> None:
        self._owned = isinstance(backend, str)
        self.engine = open_backend(backend) if isinstance(backend, str) else backend

    def __enter__(self) -> Backend:
        return self.engine

    def __exit__(self, *exc: object) -> None:
        if self._owned:
            self.engine.close()


def _with_columns(engine: Backend, extra: list[exp.Expr]) -> pa.Table:
    """The data (original columns, file order) with ``extra`` columns appended."""
    original = list(engine.column_kinds(DATA))
    query = (
        exp.select(*(col(c) for c in original), *extra)
        .from_(DATA, copy=False)
        .order_by(col(ROW_ID), copy=False)
    )
    return engine.execute(query)


def _class_sums(
    engine: Backend, classes: Sequence[str], sums: Mapping[str, exp.Expr]
) -> list[dict[str, object]]:
    keys = [alias(level_text(c), c) for c in classes]
    query = (
        exp.select(*keys, *(alias(total(v), k) for k, v in sums.items()))
        .from_(DATA, copy=False)
        .group_by(*(level_text(c) for c in classes), copy=False)
    )
    return engine.execute(query).to_pylist()


def _count(engine: Backend, condition: exp.Expr) -> int:
    row = engine.execute(
        exp.select(alias(total(when(condition, _ONE)), "n")).from_(DATA, copy=False)
    ).to_pylist()[0]
    return int(row["n"] or 0)
