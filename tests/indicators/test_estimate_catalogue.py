"""Every built-in indicator computes on the synthetic survey and equals a direct engine call."""

from __future__ import annotations

import pyarrow as pa
import pytest
from sqlglot import exp

from safemig.demo.engine_demo import DEMO_DESIGN
from safemig.estimate import Mean, Proportion, Quantile, Ratio, Request, Total, estimate
from safemig.estimate.sqlparts import parse_user
from safemig.indicators import builtin_catalogue, compile_catalogue

CATALOGUE = builtin_catalogue("gender_migration")
VALUES = ("estimate", "se", "ci_low", "ci_high", "n", "n_weighted", "df")


def expand(text: str, variables: dict[str, str]) -> str:
    """``text`` with every catalogue variable it names written out in full: the hand-written
    requests below do not rely on the engine computing named derived variables first."""

    def swap(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in variables:
            return exp.Paren(this=parse_user(variables[node.name]))
        return node

    return parse_user(text).transform(swap).sql(dialect="duckdb")


def test_catalogue_is_one_engine_call():
    assert len(compile_catalogue(CATALOGUE).groups) == 1


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_indicator_computes_overall_and_by_each_disaggregation(indicator, survey_results):
    rows = survey_results.rows(indicator.id)
    cuts = {r["disaggregation"] for r in rows}
    assert cuts == {"", *indicator.disaggregations}
    overall = [r for r in rows if r["disaggregation"] == ""]
    assert overall and all(r["estimate"] is not None and r["n"] > 0 for r in overall)
    assert all(r["frameworks"] == "; ".join(indicator.frameworks) for r in rows)
    assert all(r["title_fr"] == indicator.title.fr for r in rows)


def _direct(indicator, survey: pa.Table) -> list[dict]:
    """The same indicator as a hand-written engine request, universe as `where`."""
    variables = {}
    for name, text in CATALOGUE.variables:
        variables[name] = expand(text, variables)
    derive = [("v_", expand(indicator.expression or "1", variables))]
    if indicator.statistic == "ratio":
        derive = [
            ("num_", expand(indicator.numerator, variables)),
            ("den_", expand(indicator.denominator, variables)),
        ]
    by_cols = []
    for name in indicator.disaggregations:
        d = CATALOGUE.disaggregation(name.split("+")[0]) if "+" not in name else None
        if d is not None and d.expression:
            derive.append((f"by_{name}", expand(d.expression, variables)))
            by_cols.append((f"by_{name}",))
        elif d is not None:
            by_cols.append((d.column,))
        else:
            by_cols.append(tuple(CATALOGUE.disaggregation(p).column for p in name.split("+")))
    statistic = {
        "mean": lambda: Mean("v_"),
        "total": lambda: Total("v_"),
        "proportion": lambda: Proportion("v_"),
        "quantile": lambda: Quantile("v_", indicator.p),
        "ratio": lambda: Ratio("num_", "den_"),
    }[indicator.statistic]()
    where = None if indicator.universe is None else expand(indicator.universe, variables)
    request = Request((statistic,), by=tuple(by_cols), where=where, na="drop", derive=tuple(derive))
    rows = estimate(survey, DEMO_DESIGN, request).rows()
    return [r for r in rows if not indicator.levels or r["level"] in indicator.levels]


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_catalogue_results_equal_direct_engine_calls(indicator, survey, survey_results):
    direct = _direct(indicator, survey)
    ours = survey_results.rows(indicator.id)
    assert len(direct) == len(ours)
    key = lambda r: (r["level"] if indicator.statistic == "proportion" else "", r["estimate"])  # noqa: E731
    for mine, theirs in zip(sorted(ours, key=key), sorted(direct, key=key), strict=True):
        for name in VALUES:
            if theirs[name] is None:  # undefined (e.g. a share of exactly 0): both empty
                assert mine[name] is None, name
            else:
                assert mine[name] == pytest.approx(theirs[name], rel=1e-9, abs=1e-12), name


def test_numerator_count_is_the_unweighted_number_giving_the_answer(survey, survey_results):
    row = next(
        r for r in survey_results.rows("identity_documents_held") if r["disaggregation"] == ""
    )
    consented = survey.filter(pa.compute.equal(survey["consent-consent_given"], "yes"))
    held = pa.compute.sum(pa.compute.equal(consented["trajectory-documents_held"], "yes")).as_py()
    answered = pa.compute.count(consented["trajectory-documents_held"]).as_py()
    assert (row["n_numerator"], row["n"]) == (held, answered)
