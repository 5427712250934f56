"""Replicate weights created from a design, as R ``as.svrepdesign`` does.

Each replicate multiplies the weight of every row of a PSU by that PSU's factor:

``JK1`` (unstratified): replicate ``j`` drops PSU ``j`` and multiplies the others by
``n/(n-1)``; scale ``(n-1)/n`` times ``(N-n)/N`` with an fpc (R ``jk1weights``).
``JKn`` (stratified): replicate ``(h, j)`` drops PSU ``j`` of stratum ``h`` and multiplies the
other PSUs of ``h`` by ``n_h/(n_h-1)``; rscale ``(n_h-1)/n_h`` times ``(N_h-n_h)/N_h``;
scale 1 (R ``jknweights``).
``bootstrap``: in each stratum, ``n_h`` PSUs drawn with replacement (without fpc), the factor
is the number of draws (Canty & Davison 1999; R ``bootweights``); scale
``n/((n-1)(R-1))``, ``n`` the harmonic mean of PSUs per stratum.
``BRR`` (two PSUs per stratum): the Hadamard matrix R ``hadamard(H)`` returns (order
``m > H``: Sylvester, Paley or the twin-prime order 36, see :mod:`safemig.weights.hadamard`)
picks the half-sample; factor 2 for the chosen PSU, 0 for the other (Fay: ``2-rho`` and ``rho``);
scale ``1/(m (1-rho)^2)`` (McCarthy 1969; R ``brrweights``). As in R, stratum ``h`` in sorted
order of the strata's names (C collation) follows row ``h + 1`` of the matrix, and where that
row is +1 the stratum's first PSU in data order is chosen: the replicate columns equal R's,
except where R uses its stored order-28 matrix, which is not copied here (``follows_r``).
PSUs and strata are otherwise numbered in order of first appearance, as R does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from sqlglot import exp

from safemig.design import Design, Replicates
from safemig.errors import DesignError, RequestError
from safemig.estimate.backends import ROW_ID, Backend, Source
from safemig.estimate.checks import require_columns
from safemig.estimate.sqlparts import alias, as_double, col, mul
from safemig.i18n import Text
from safemig.weights.construct import DATA, _engine
from safemig.weights.hadamard import hadamard

REPLICATE_TYPES = ("JK1", "JKn", "bootstrap", "BRR", "Fay")
FACTORS = "__replicate_factors"


@dataclass(frozen=True)
class ReplicateWeights:
    """The data with replicate-weight columns, and the replicate design to estimate with."""

    table: pa.Table
    replicates: Replicates


def replicate_weights(
    data: Source,
    design: Design,
    type: str = "JK1",
    replicates: int = 50,
    seed: int = 1,
    fay_rho: float = 0.5,
    prefix: str = "repw",
    backend: str | Backend = "duckdb",
) -> ReplicateWeights:
    """Add replicate weight columns ``prefix1..prefixR`` (combined weights) to ``data``.

    Raises
    ------
    DesignError
        JK1 on a stratified design, JKn or BRR without strata, a lonely PSU under JKn, a
        stratum without exactly two PSUs under BRR (names the stratum).
    """
    if type not in REPLICATE_TYPES:
        raise RequestError(
            Text(
                f"Replicate type {type!r} cannot be created; choose {', '.join(REPLICATE_TYPES)}.",
                f"Le type de réplication {type!r} ne peut être créé ; choisissez parmi "
                f"{', '.join(REPLICATE_TYPES)}.",
            )
        )
    with _engine(backend) as engine:
        engine.register(DATA, data)
        require_columns(
            engine.column_kinds(DATA), [design.weights, *design.columns()], "replicate design"
        )
        units = _psus(engine, design)
        strata = units.column("__h").to_pylist()
        fpc = np.asarray(units.column("__fpc").to_numpy(zero_copy_only=False), dtype=float)
        factors, scale, rscales = _factors(type, strata, fpc, replicates, seed, fay_rho, design)
        names = [f"{prefix}{r + 1}" for r in range(factors.shape[1])]
        table = units.select(["__h", "__p"])
        for r in range(len(names)):
            table = table.append_column(f"__f{r}", pa.array(factors[:, r]))
        engine.register(FACTORS, table)
        out = _joined(engine, design, names)
    spec = Replicates(
        columns=tuple(names),
        type="Fay" if type == "Fay" else type,  # type: ignore[arg-type]
        scale=scale,
        rscales=tuple(rscales) if rscales is not None else None,
    )
    return ReplicateWeights(out, spec)


def _keys(design: Design) -> tuple[exp.Expr, exp.Expr]:
    stratum = col(design.strata) if design.strata else exp.Literal.string("(all)")
    psu = col(design.psu[0]) if design.psu else col(ROW_ID)
    return stratum, psu


def _psus(engine: Backend, design: Design) -> pa.Table:
    stratum, psu = _keys(design)
    fpc = as_double(col(design.fpc[0])) if design.fpc else as_double(exp.Literal.number(0))
    query = (
        exp.select(
            alias(stratum, "__h"),
            alias(psu, "__p"),
            alias(exp.Min(this=col(ROW_ID)), "__first"),
            alias(exp.Max(this=fpc), "__fpc"),
        )
        .from_(DATA, copy=False)
        .group_by(stratum.copy(), psu.copy(), copy=False)
        .order_by(col("__first"), copy=False)
    )
    return engine.execute(query)


def _joined(engine: Backend, design: Design, names: list[str]) -> pa.Table:
    stratum, psu = _keys(design)
    original = list(engine.column_kinds(DATA))
    on = exp.and_(
        exp.EQ(this=_qualified(stratum, "d"), expression=col("__h", table="f")),
        exp.EQ(this=_qualified(psu, "d"), expression=col("__p", table="f")),
    )
    weight = as_double(col(design.weights, table="d"))
    query = (
        exp.select(
            *(col(c, table="d") for c in original),
            *(alias(mul(weight, col(f"__f{r}", table="f")), n) for r, n in enumerate(names)),
        )
        .from_(exp.alias_(exp.to_table(DATA), "d"), copy=False)
        .join(exp.alias_(exp.to_table(FACTORS), "f"), on=on, copy=False)
        .order_by(col(ROW_ID, table="d"), copy=False)
    )
    return engine.execute(query)


def _qualified(expression: exp.Expr, table: str) -> exp.Expr:
    if isinstance(expression, exp.Column):
        return col(expression.name, table=table)
    return expression.copy()


def _factors(type, strata, fpc, replicates, seed, rho, design):  # type: ignore[no-untyped-def]
    order = list(dict.fromkeys(strata))
    index = np.array([order.index(s) for s in strata])
    if type == "JK1":
        if design.strata:
            raise DesignError(
                Text(
                    "JK1 replicates are for unstratified designs; use JKn with strata.",
                    "Les réplications JK1 sont pour les plans non stratifiés ; utilisez JKn "
                    "avec des strates.",
                )
            )
        return _jk1(len(strata), fpc)
    if type == "JKn":
        return _jkn(order, index, fpc, design)
    if type == "bootstrap":
        return _bootstrap(index, fpc, replicates, seed)
    return _brr(order, index, rho if type == "Fay" else 0.0, design)


def _fpc_factor(n: int, population: float) -> float:
    return (population - n) / population if population > 0 else 1.0


def _jk1(n: int, fpc: np.ndarray) -> tuple[np.ndarray, float, None]:
    factors = np.full((n, n), n / (n - 1))
    np.fill_diagonal(factors, 0.0)
    return factors, _fpc_factor(n, float(fpc.max())) * (n - 1) / n, None


def _jkn(order, index, fpc, design):  # type: ignore[no-untyped-def]
    columns, rscales = [], []
    for h, name in enumerate(order):
        members = np.flatnonzero(index == h)
        n_h = len(members)
        if n_h < 2:
            raise DesignError(
                Text(
                    f"Stratum {name!r} has only one PSU; JKn needs two or more per stratum. "
                    "Merge it with a neighbouring stratum.",
                    f"La strate {name!r} n'a qu'une UPE ; JKn en demande au moins deux par "
                    "strate. Regroupez-la avec une strate voisine.",
                )
            )
        for j in members:
            column = np.ones(len(index))
            column[members] = n_h / (n_h - 1)
            column[j] = 0.0
            columns.append(column)
            rscales.append(_fpc_factor(n_h, float(fpc[members].max())) * (n_h - 1) / n_h)
    return np.column_stack(columns), 1.0, rscales


def _bootstrap(index, fpc, replicates, seed):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    factors = np.zeros((len(index), replicates))
    sizes = []
    for h in range(int(index.max()) + 1):
        members = np.flatnonzero(index == h)
        n_h = len(members)
        sizes.append(n_h)
        population = float(fpc[members].max())
        for r in range(replicates):
            if population > 0:
                pool = np.resize(members, int(population))
                drawn = rng.choice(pool, size=n_h, replace=False)
            else:
                drawn = rng.choice(members, size=n_h, replace=True)
            factors[:, r] += np.bincount(drawn, minlength=len(index))
    harmonic = 1 / np.mean(1 / np.asarray(sizes, dtype=float))
    return factors, harmonic / ((harmonic - 1) * (replicates - 1)), None


def _brr(order, index, rho, design):  # type: ignore[no-untyped-def]
    H = len(order)
    for h, name in enumerate(order):
        if int((index == h).sum()) != 2:
            raise DesignError(
                Text(
                    f"Stratum {name!r} has {int((index == h).sum())} PSU(s); BRR needs exactly "
                    "two per stratum. Pair PSUs into variance strata first, or use JKn.",
                    f"La strate {name!r} a {int((index == h).sum())} UPE ; BRR en demande "
                    "exactement deux par strate. Formez d'abord des paires d'UPE, ou utilisez "
                    "JKn.",
                )
            )
    # R brrweights numbers the strata in sorted order of their names (as.character, C
    # collation as in tests/golden) and gives stratum h the signs of row h + 1 of
    # hadamard(H); where the sign is +1 the stratum's first PSU (in data order) has 2 - rho.
    ranks = sorted(range(H), key=lambda h: _r_name(order[h]))
    signs = hadamard(H)
    m = signs.shape[0]
    factors = np.zeros((len(index), m))
    for rank, h in enumerate(ranks):
        first, second = np.flatnonzero(index == h)
        plus = signs[rank + 1] == 1
        factors[first] = np.where(plus, 2 - rho, rho)
        factors[second] = np.where(plus, rho, 2 - rho)
    return factors, 1 / (m * (1 - rho) ** 2), None


def _r_name(value: object) -> str:
    """A stratum value as R's ``as.character`` writes it (whole doubles without ``.0``)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
