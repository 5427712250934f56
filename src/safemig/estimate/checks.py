"""Check a design and a request against the data, and summarise the design's strata.

Every rejection names the column, stratum, PSU or row at fault and what to do. The result,
a :class:`DesignSummary`, is the small value the variance code needs about the full design:
the number of PSUs in each stratum and its finite population correction.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.design import Design
from safemig.errors import (
    EmptyUniverseError,
    FpcError,
    LonelyPSUError,
    MissingDesignValueError,
    MissingValueError,
    MissingWeightError,
    NegativeWeightError,
    NestingError,
    NonNumericWeightError,
    RequestError,
    UnknownColumnError,
)
from safemig.estimate.arrays import as_numpy
from safemig.estimate.backends import NUMERIC, ROW_ID, Backend
from safemig.estimate.compiler import (
    CELLS,
    SOURCE,
    UNSTRATIFIED,
    H,
    Layout,
    P,
    S,
    W,
    fpc_columns,
)
from safemig.estimate.sqlparts import alias, col, is_null, total, when
from safemig.i18n import Text

_ONE = exp.Literal.number(1)

#: French names of the roles a column plays, for messages.
ROLES_FR = {
    "weights": "poids",
    "strata": "strates",
    "PSU": "UPE",
    "fpc": "fpc",
    "replicate weights": "poids répliqués",
    "disaggregation": "ventilation",
    "universe condition": "condition d'univers",
    "derived variable": "variable dérivée",
    "mean": "moyenne",
    "total": "total",
    "proportion": "proportion",
    "select_multiple": "choix multiples",
    "quantile": "quantile",
    "ratio numerator": "numérateur du ratio",
    "ratio denominator": "dénominateur du ratio",
    "calibration": "calage",
}
WHERE_FR = {"stratum": "la strate", "PSU": "l'UPE"}
#: The column of calibrated weights (safemig.estimate.calibration): linear (GREG) calibration
#: may make some negative, which R accepts and safemig reports as a warning, not an error.
CALIBRATED_WEIGHT = "__calw"


def where_fr_plain(where: str) -> str:
    return "strate" if where == "stratum" else "UPE"


@dataclass(frozen=True)
class StageInfo:
    """Sampling units and finite population corrections of one stage.

    ``keys`` identify the groups the units are counted in (stratum for stage 1, PSU for
    stage 2); ``n`` is the number of units sampled there, ``population`` the number in the
    population (``inf`` when sampled with replacement).
    """

    keys: pa.Table
    n: np.ndarray
    population: np.ndarray

    @property
    def fraction_unsampled(self) -> np.ndarray:
        """R's ``f = (N - n) / N``; 1 without fpc."""
        with np.errstate(invalid="ignore", divide="ignore"):
            f = np.where(
                np.isinf(self.population),
                1.0,
                (self.population - self.n) / self.population,
            )
        return f


@dataclass(frozen=True)
class DesignSummary:
    rows: int
    stage1: StageInfo
    stage2: StageInfo | None


def require_columns(kinds: dict[str, str], names: Iterable[str], role: str) -> None:
    """Raise :class:`UnknownColumnError` for the first name not among the data's columns."""
    for name in names:
        if name not in kinds:
            close = difflib.get_close_matches(name, list(kinds), n=3)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            listed = ", ".join(list(kinds)[:12]) + ("..." if len(kinds) > 12 else ".")
            hint_fr = f" Vouliez-vous dire {', '.join(repr(c) for c in close)} ?" if close else ""
            raise UnknownColumnError(
                Text(
                    f"Column {name!r} ({role}) is not in the data.{hint} "
                    f"The data have {len(kinds)} columns: {listed}",
                    f"La colonne {name!r} ({ROLES_FR.get(role, role)}) n'est pas dans les "
                    f"données.{hint_fr} Les données ont {len(kinds)} colonnes : {listed}",
                )
            )


def require_numeric(kinds: dict[str, str], name: str, role: str) -> None:
    if kinds[name] != NUMERIC:
        if role == "weights":
            raise NonNumericWeightError(
                Text(
                    f"Weight column {name!r} does not hold numbers (it reads as text). "
                    "Check for stray text such as 'n/a' or a comma decimal separator.",
                    f"La colonne de poids {name!r} ne contient pas que des nombres (elle se lit "
                    "comme du texte). Cherchez un texte égaré comme 'n/a' ou une virgule "
                    "décimale.",
                )
            )
        raise RequestError(
            Text(
                f"Column {name!r} ({role}) does not hold numbers; use --prop for a categorical "
                "variable, or clean the column.",
                f"La colonne {name!r} ({ROLES_FR.get(role, role)}) ne contient pas que des "
                "nombres ; utilisez --prop pour une variable catégorielle, ou nettoyez la "
                "colonne.",
            )
        )


def check_inputs(
    backend: Backend,
    layout: Layout,
    checked_values: Sequence[tuple[str, exp.Expr]],
) -> int:
    """Check weights, design-key values, universe and missing values; return the row count.

    ``checked_values`` pairs a variable name with its not-missing condition; under
    ``na="fail"`` any missing value inside the universe is an error. The counts come from
    one scan of the data, without grouping.
    """
    counts = _scan_counts(backend, layout, checked_values)
    _check_inputs(backend, layout, counts, checked_values)
    return int(counts["rows"])


def learn_facts(
    backend: Backend,
    layout: Layout,
    checked_values: Sequence[tuple[str, exp.Expr]],
    domains: Sequence[exp.Expr],
) -> tuple[int, Layout]:
    """Check the inputs as :func:`check_inputs` does and, in the same scan, learn what the
    cell sums can skip: which ``domains`` conditions hold on every row, and whether any
    weight is zero. Returns the row count and ``layout`` with those facts.

    Only conditions that say "these columns are answered" (``NOT c IS NULL``, joined by
    AND: a statistic's usable values without a universe) are tested, each column once with
    ``COUNT(c)``, which costs next to nothing even in a catalogue of many variables; a
    condition of any other form is taken not to hold everywhere. The scan has no GROUP BY.
    """
    tested = {d.sql(): columns for d in domains if (columns := _answered_columns(d)) is not None}
    names = sorted({c for columns in tested.values() for c in columns})
    extra = [(f"a{i}", exp.Count(this=col(c))) for i, c in enumerate(names)]
    counts = _scan_counts(backend, layout, checked_values, extra)
    _check_inputs(backend, layout, counts, checked_values)
    rows = int(counts["rows"])
    complete = {c for i, c in enumerate(names) if int(counts[f"a{i}"]) == rows}
    everywhere = frozenset(text for text, columns in tested.items() if complete >= columns)
    learnt = replace(layout, everywhere=everywhere, weights_nonzero=counts["w_zero"] == 0)
    return rows, learnt


def _answered_columns(condition: exp.Expr) -> set[str] | None:
    """The columns of a condition ``NOT a IS NULL AND NOT b IS NULL ...``; ``None`` for a
    condition of any other form."""
    if isinstance(condition, exp.Paren):
        return _answered_columns(condition.this)
    if isinstance(condition, exp.And):
        left, right = _answered_columns(condition.this), _answered_columns(condition.expression)
        return None if left is None or right is None else left | right
    tested = condition.this if isinstance(condition, exp.Not) else None
    if isinstance(tested, exp.Paren):
        tested = tested.this
    if (
        isinstance(tested, exp.Is)
        and isinstance(tested.expression, exp.Null)
        and isinstance(tested.this, exp.Column)
        and not tested.this.table
    ):
        return {tested.this.name}
    return None


def _check_inputs(
    backend: Backend,
    layout: Layout,
    counts: dict[str, float],
    checked_values: Sequence[tuple[str, exp.Expr]],
) -> None:
    _check_weights_and_keys(backend, layout, counts)
    _check_universe(backend, layout, counts, checked_values)


def summarise_design(backend: Backend, layout: Layout, rows: int) -> DesignSummary:
    """Strata, PSUs and fpc of the full design, read from the materialised cell table."""
    if layout.design.strata and layout.has_psu and not layout.design.nest:
        _check_nesting(backend, layout)
    raw1 = _stage_table(backend, layout, stage=1)
    raw2 = _stage_table(backend, layout, stage=2) if layout.has_ssu else None
    as_counts = _fpc_as_counts(layout.design, [t for t in (raw1, raw2) if t is not None])
    stage1 = _stage_info(raw1, layout, 1, as_counts)
    stage2 = _stage_info(raw2, layout, 2, as_counts) if raw2 is not None else None
    _check_lonely(layout, stage1, stage2)
    return DesignSummary(rows=rows, stage1=stage1, stage2=stage2)


def _count_items(
    layout: Layout, checked: Sequence[tuple[str, exp.Expr]]
) -> list[tuple[str, exp.Expr]]:
    """Name and ``SUM(CASE WHEN condition THEN 1 ELSE 0 END)`` of every counted condition."""
    d = layout.design
    w = col(d.weights)
    items: list[tuple[str, exp.Expr]] = [
        ("w_null", total(when(is_null(w), _ONE))),
        ("w_negative", total(when(exp.LT(this=w.copy(), expression=exp.Literal.number(0)), _ONE))),
        ("w_zero", total(when(exp.EQ(this=w.copy(), expression=exp.Literal.number(0)), _ONE))),
    ]
    for i, name in enumerate(_design_key_columns(d)):
        items.append((f"k{i}_null", total(when(is_null(col(name)), _ONE))))
    universe = layout.universe if layout.universe is not None else exp.true()
    items.append(("universe", total(when(universe, _ONE))))
    for i, (_, valid) in enumerate(checked):
        missing = exp.and_(
            exp.Paren(this=universe.copy()), exp.Not(this=exp.Paren(this=valid.copy()))
        )
        items.append((f"na{i}", total(when(missing, _ONE))))
    return items


def _scan_counts(
    backend: Backend,
    layout: Layout,
    checked: Sequence[tuple[str, exp.Expr]],
    extra: Sequence[tuple[str, exp.Expr]] = (),
) -> dict[str, float]:
    named = [*_count_items(layout, checked), *extra]
    items: list[exp.Expr] = [alias(exp.Count(this=exp.Star()), "rows")]
    items += [alias(item, n) for n, item in named]
    query = exp.select(*items).from_(SOURCE, copy=False)
    row = backend.execute(query).to_pylist()[0]
    return {k: (v or 0) for k, v in row.items()}


def _design_key_columns(d: Design) -> list[str]:
    return [c for c in (d.strata,) if c] + list(d.psu) + list(d.fpc)


def _first_rows(backend: Backend, condition: exp.Expr, columns: Sequence[str]) -> Text:
    """Describe up to three rows (1-based data row numbers) that meet ``condition``.

    Rows are numbered in read order (the backend's row id), so that a backend reading in
    parallel names the same rows as one reading the file top to bottom. Only an error takes
    this path, so the global ordering it needs costs nothing in a successful run.
    """
    number = exp.Window(
        this=exp.RowNumber(), order=exp.Order(expressions=[exp.Ordered(this=col(ROW_ID))])
    )
    numbered = exp.select(alias(number, "__line"), exp.Star()).from_(SOURCE)
    query = (
        exp.select(col("__line"), *(col(c) for c in columns))
        .from_(numbered.subquery("numbered"), copy=False)
        .where(condition, copy=False)
        .order_by(col("__line"), copy=False)
        .limit(3)
    )
    rows = backend.execute(query).to_pylist()
    en, fr = [], []
    for r in rows:
        detail = ", ".join(f"{c}={r[c]!r}" for c in columns if c in r)
        en.append(f"row {r['__line']} ({detail})" if detail else f"row {r['__line']}")
        fr.append(f"ligne {r['__line']} ({detail})" if detail else f"ligne {r['__line']}")
    return Text("; ".join(en), "; ".join(fr))


def _check_weights_and_keys(backend: Backend, layout: Layout, counts: dict[str, float]) -> None:
    d = layout.design
    w = col(d.weights)
    ident = [c for c in (d.strata, *d.psu) if c]
    if counts["w_null"]:
        where = _first_rows(backend, is_null(w), ident)
        count = int(counts["w_null"])
        raise MissingWeightError(
            Text(
                f"{count} row(s) have no weight in column {d.weights!r}: {where}. "
                "Give every respondent a weight (0 keeps the row in the design without "
                "counting it), or correct the data.",
                f"{count} ligne(s) sans poids dans la colonne {d.weights!r} : {where.fr}. "
                "Donnez un poids à chaque répondante (0 garde la ligne dans le plan sans la "
                "compter), ou corrigez les données.",
            )
        )
    if counts["w_negative"] and d.weights != CALIBRATED_WEIGHT:
        where = _first_rows(
            backend, exp.LT(this=w, expression=exp.Literal.number(0)), [d.weights, *ident]
        )
        count = int(counts["w_negative"])
        raise NegativeWeightError(
            Text(
                f"{count} row(s) have a negative weight in column {d.weights!r}: {where}. "
                "Survey weights are zero or positive; correct them.",
                f"{count} ligne(s) avec un poids négatif dans la colonne {d.weights!r} : "
                f"{where.fr}. Les poids de sondage sont nuls ou positifs ; corrigez-les.",
            )
        )
    for i, name in enumerate(_design_key_columns(d)):
        if counts[f"k{i}_null"]:
            where = _first_rows(backend, is_null(col(name)), [c for c in ident if c != name])
            count = int(counts[f"k{i}_null"])
            raise MissingDesignValueError(
                Text(
                    f"{count} row(s) have no value in design column {name!r}: {where}. "
                    "Every row needs its stratum, PSU and fpc; fill them in or remove the "
                    "rows from the file.",
                    f"{count} ligne(s) sans valeur dans la colonne du plan {name!r} : "
                    f"{where.fr}. Chaque ligne a besoin de sa strate, de son UPE et de sa fpc ; "
                    "complétez-les ou retirez ces lignes du fichier.",
                )
            )


def _check_universe(
    backend: Backend,
    layout: Layout,
    counts: dict[str, float],
    checked: Sequence[tuple[str, exp.Expr]],
) -> None:
    if counts["universe"] == 0:
        rows = int(counts["rows"])
        raise EmptyUniverseError(
            Text(
                f"The universe `{layout.where_text}` selects no respondent among {rows} rows; "
                "check the condition and the values it compares with (text values need "
                "single quotes).",
                f"L'univers `{layout.where_text}` ne retient aucune répondante parmi {rows} "
                "lignes ; vérifiez la condition et les valeurs comparées (le texte se met "
                "entre apostrophes simples).",
            )
        )
    for i, (name, valid) in enumerate(checked):
        if counts[f"na{i}"]:
            universe = layout.universe if layout.universe is not None else exp.true()
            cond = exp.and_(
                exp.Paren(this=universe.copy()), exp.Not(this=exp.Paren(this=valid.copy()))
            )
            where = _first_rows(backend, cond, [])
            count = int(counts[f"na{i}"])
            raise MissingValueError(
                Text(
                    f"Variable {name!r} has {count} missing value(s) in the universe "
                    f"({where}). Use --na drop (library: na='drop') to leave missing cases out "
                    "of that statistic, as R's na.rm=TRUE does.",
                    f"La variable {name!r} a {count} valeur(s) manquante(s) dans l'univers "
                    f"({where.fr}). Utilisez --na drop (bibliothèque : na='drop') pour exclure "
                    "les cas manquants de cette statistique, comme na.rm=TRUE dans R.",
                )
            )


def _check_nesting(backend: Backend, layout: Layout) -> None:
    d = layout.design
    query = (
        exp.select(col(P), alias(exp.Count(this=exp.Distinct(expressions=[col(H)])), "strata"))
        .from_(CELLS, copy=False)
        .group_by(col(P), copy=False)
        .having(
            exp.GT(
                this=exp.Count(this=exp.Distinct(expressions=[col(H)])),
                expression=exp.Literal.number(1),
            )
        )
        .order_by(col(P), copy=False)
        .limit(3)
    )
    bad = backend.execute(query).to_pylist()
    if bad:
        example = ", ".join(f"{r[P]!r} (in {r['strata']} strata)" for r in bad)
        example_fr = example.replace(" strata)", " strates)").replace("(in ", "(dans ")
        raise NestingError(
            Text(
                f"PSU ids in column {d.psu[0]!r} are not nested in strata {d.strata!r}: "
                f"{example}. If the same PSU id is reused in different strata for different "
                "clusters, pass --nest (library: nest=True) to read PSU ids within their "
                "stratum; otherwise correct the ids.",
                f"Les identifiants d'UPE de la colonne {d.psu[0]!r} ne sont pas emboîtés dans "
                f"les strates {d.strata!r} : {example_fr}. Si un même identifiant désigne des "
                "grappes différentes selon la strate, ajoutez --nest (bibliothèque : "
                "nest=True) ; sinon corrigez les identifiants.",
            )
        )


def _stage_table(backend: Backend, layout: Layout, stage: int) -> pa.Table:
    """Units sampled (and fpc range) per stratum (stage 1) or per PSU (stage 2)."""
    keys = [H] if stage == 1 else [H, P]
    unit = (P if layout.has_psu else None) if stage == 1 else S
    units = (
        exp.Count(this=exp.Distinct(expressions=[col(unit)]))
        if unit
        else exp.Sum(this=col("__rows"))
    )
    items: list[exp.Expr] = [*(col(k) for k in keys), alias(units, "n")]
    if len(layout.design.fpc) >= stage:
        f = fpc_columns(layout)[stage - 1]
        items += [
            alias(exp.Min(this=col(f"{f}_min")), "fpc_min"),
            alias(exp.Max(this=col(f"{f}_max")), "fpc_max"),
        ]
    query = (
        exp.select(*items)
        .from_(CELLS, copy=False)
        .group_by(*(col(k) for k in keys), copy=False)
        .order_by(*(col(k) for k in keys), copy=False)
    )
    return backend.execute(query)


def _fpc_as_counts(d: Design, tables: list[pa.Table]) -> bool:
    """R ``as.fpc``: fpc are population counts when any value over all stages exceeds 1
    (then all must be at least 1), sampling fractions otherwise."""
    lows = [_floats(t, "fpc_min") for t in tables if "fpc_min" in t.column_names]
    highs = [_floats(t, "fpc_max") for t in tables if "fpc_max" in t.column_names]
    if not lows:
        return False
    as_counts = any(bool(np.any(h > 1)) for h in highs)
    low = min(float(np.min(x)) for x in lows)
    if as_counts and low < 1:
        names = ", ".join(repr(c) for c in d.fpc)
        raise FpcError(
            Text(
                f"fpc columns {names} mix population counts (> 1) and sampling fractions "
                f"(down to {low:g}); give all as counts or all as fractions.",
                f"Les colonnes fpc {names} mélangent effectifs de population (> 1) et fractions "
                f"de sondage (jusqu'à {low:g}) ; donnez tout en effectifs ou tout en fractions.",
            )
        )
    return as_counts


def _stage_info(table: pa.Table, layout: Layout, stage: int, as_counts: bool) -> StageInfo:
    d = layout.design
    keys = [H] if stage == 1 else [H, P]
    n = _floats(table, "n")
    fpc = d.fpc[stage - 1] if len(d.fpc) >= stage else None
    population = (
        _population(table, n, fpc, keys, stage, as_counts) if fpc else np.full(n.shape, np.inf)
    )
    return StageInfo(keys=table.select(keys), n=n, population=population)


def _floats(table: pa.Table, name: str) -> np.ndarray:
    return as_numpy(table.column(name), float)


def _population(
    table: pa.Table, n: np.ndarray, fpc: str, keys: list[str], stage: int, as_counts: bool
) -> np.ndarray:
    lo, hi = _floats(table, "fpc_min"), _floats(table, "fpc_max")
    where = "stratum" if stage == 1 else "PSU"
    varies = np.flatnonzero(lo != hi)
    if varies.size:
        i = varies[0]
        key = _key(table, keys, i)
        raise FpcError(
            Text(
                f"fpc column {fpc!r} varies within {where} {key} ({lo[i]:g} to {hi[i]:g}); "
                f"it must be constant in each {where}.",
                f"La colonne fpc {fpc!r} varie dans {WHERE_FR[where]} {key} ({lo[i]:g} à "
                f"{hi[i]:g}) ; elle doit être constante dans chaque {where_fr_plain(where)}.",
            )
        )
    if np.any(lo <= 0):
        i = int(np.flatnonzero(lo <= 0)[0])
        key = _key(table, keys, i)
        raise FpcError(
            Text(
                f"fpc column {fpc!r} is {lo[i]:g} in {where} {key}; "
                "give population counts (> 1) or sampling fractions (0 to 1].",
                f"La colonne fpc {fpc!r} vaut {lo[i]:g} dans {WHERE_FR[where]} {key} ; "
                "donnez des effectifs de population (> 1) ou des fractions de sondage (0 à 1].",
            )
        )
    population = lo if as_counts else n / lo
    small = np.flatnonzero(population < n - 1e-9 * n)
    if small.size:
        i = int(small[0])
        key = _key(table, keys, i)
        raise FpcError(
            Text(
                f"fpc column {fpc!r} implies a population of {population[i]:g} in {where} "
                f"{key}, smaller than the {n[i]:g} units sampled there. The fpc is the "
                "population count (or the sampling fraction) of the units sampled at that "
                "stage.",
                f"La colonne fpc {fpc!r} implique une population de {population[i]:g} dans "
                f"{WHERE_FR[where]} {key}, inférieure aux {n[i]:g} unités qui y sont tirées. "
                "La fpc est l'effectif de population (ou la fraction de sondage) des unités "
                "tirées à ce degré.",
            )
        )
    return population


def _key(table: pa.Table, keys: list[str], i: int) -> str:
    """Name a stratum, or a PSU (with its stratum when the design has strata)."""
    values = [table.column(k)[i].as_py() for k in keys]
    if len(values) == 2 and values[0] == UNSTRATIFIED:
        values = values[1:]
    return (
        repr(values[-1])
        if len(values) == 1
        else " in stratum ".join(repr(v) for v in reversed(values))
    )


def _check_lonely(layout: Layout, stage1: StageInfo, stage2: StageInfo | None) -> None:
    if layout.design.lonely_psu != "fail":
        return
    f1 = stage1.fraction_unsampled
    lonely = np.flatnonzero((stage1.n == 1) & (f1 >= 1e-7))
    if lonely.size:
        names = ", ".join(_key(stage1.keys, [H], int(i)) for i in lonely[:5])
        raise LonelyPSUError(
            Text(
                f"Stratum {names} has only one PSU, so its variance cannot be estimated. "
                'Choose lonely_psu = "adjust", "remove", "certainty" or "average" '
                "(--lonely-psu), or merge the stratum with a similar one.",
                f"La strate {names} n'a qu'une UPE : sa variance ne peut pas être estimée. "
                'Choisissez lonely_psu = "adjust", "remove", "certainty" ou "average" '
                "(--lonely-psu), ou fusionnez la strate avec une strate semblable.",
            )
        )
    if stage2 is not None:
        f2 = stage2.fraction_unsampled
        lonely = np.flatnonzero((stage2.n == 1) & (f2 >= 1e-7))
        if lonely.size:
            names = ", ".join(_key(stage2.keys, [H, P], int(i)) for i in lonely[:5])
            raise LonelyPSUError(
                Text(
                    f"PSU {names} has only one second-stage unit, so its within-PSU variance "
                    'cannot be estimated. Choose lonely_psu = "adjust", "remove" or '
                    '"certainty" (--lonely-psu).',
                    f"L'UPE {names} n'a qu'une unité du second degré : sa variance interne ne "
                    'peut pas être estimée. Choisissez lonely_psu = "adjust", "remove" ou '
                    '"certainty" (--lonely-psu).',
                )
            )


__all__ = [
    "DesignSummary",
    "StageInfo",
    "require_columns",
    "require_numeric",
    "summarise_design",
    "W",
]
