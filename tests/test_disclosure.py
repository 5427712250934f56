"""Disclosure control: presets, flags, and two properties proven on random tables
(hypothesis): no published value rests on fewer respondents than the rule allows, and no
suppressed value can be derived from the published cells of its table."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space

from safemig.disclosure import apply_disclosure, preset, rule_from_mapping
from safemig.errors import DisclosureRuleError

NAMES = ("region", "stage")
SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("statistic", pa.string()),
        ("level", pa.string()),
        ("disaggregation", pa.string()),
        ("region", pa.string()),
        ("stage", pa.string()),
        ("estimate", pa.float64()),
        ("se", pa.float64()),
        ("cv", pa.float64()),
        ("n", pa.int64()),
        ("n_numerator", pa.int64()),
        ("n_weighted", pa.float64()),
    ]
)


def _row(region, stage, n, k, cut):
    return {
        "indicator": "share",
        "statistic": "proportion",
        "level": "yes",
        "disaggregation": cut,
        "region": region,
        "stage": stage,
        "estimate": k / n if n else 0.0,
        "se": 0.01,
        "cv": 0.05,
        "n": n,
        "n_numerator": k,
        "n_weighted": float(n * 10),
    }


def _two_way(counts: list[list[tuple[int, int]]]) -> pa.Table:
    """A share by region x stage with every margin: counts[i][j] = (n, numerator)."""
    rows = []
    for i, line in enumerate(counts):
        for j, (n, k) in enumerate(line):
            rows.append(_row(f"r{i}", f"s{j}", n, k, "region+stage"))
    for i, line in enumerate(counts):
        rows.append(_row(f"r{i}", None, sum(c[0] for c in line), sum(c[1] for c in line), "region"))
    for j in range(len(counts[0])):
        col = [line[j] for line in counts]
        rows.append(_row(None, f"s{j}", sum(c[0] for c in col), sum(c[1] for c in col), "stage"))
    total = [c for line in counts for c in line]
    rows.append(_row(None, None, sum(c[0] for c in total), sum(c[1] for c in total), ""))
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _cell_counts():
    return st.integers(0, 80).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n)))


TABLES = st.integers(2, 4).flatmap(
    lambda r: st.integers(2, 4).flatmap(
        lambda c: st.lists(st.lists(_cell_counts(), min_size=c, max_size=c), min_size=r, max_size=r)
    )
)


def _equations(rows):
    """Every additive relation of the two-way table, written independently of the module:
    each margin minus the sum of its cells is zero."""
    where = {(r["disaggregation"], r["region"], r["stage"]): i for i, r in enumerate(rows)}
    inner = [i for i, r in enumerate(rows) if r["disaggregation"] == "region+stage"]
    eqs = []
    for (cut, region, stage), i in where.items():
        members = [
            j
            for j in inner
            if (cut == "")
            or (cut == "region" and rows[j]["region"] == region)
            or (cut == "stage" and rows[j]["stage"] == stage)
        ]
        if cut != "region+stage":
            eqs.append((i, members))
    # Margins also add up to the overall total.
    total = where[("", None, None)]
    eqs.append((total, [i for (c, _, _), i in where.items() if c == "region"]))
    eqs.append((total, [i for (c, _, _), i in where.items() if c == "stage"]))
    return eqs


def _derivable(rows, hidden):
    """Hidden cells whose value is fixed by the equations once published cells are known:
    those on which every solution of the homogeneous system is zero (null-space test)."""
    hidden = sorted(hidden)
    if not hidden:
        return []
    matrix = np.zeros((len(_equations(rows)), len(hidden)))
    for e, (margin, members) in enumerate(_equations(rows)):
        for i, sign in [(margin, 1.0)] + [(m, -1.0) for m in members]:
            if i in hidden:
                matrix[e, hidden.index(i)] += sign
    basis = null_space(matrix)
    return [h for k, h in enumerate(hidden) if np.allclose(basis[k], 0.0, atol=1e-9)]


@settings(max_examples=150, deadline=None)
@given(
    TABLES,
    st.sampled_from(["dhs", "nchs", "statcan"]),
    st.sampled_from(["denominator", "numerator"]),
)
def test_published_cells_rest_on_enough_respondents_and_suppressed_ones_stay_hidden(
    counts, name, basis
):
    rule = preset(name, basis)
    out = apply_disclosure(_two_way(counts), rule, NAMES).to_pylist()
    source = _two_way(counts).to_pylist()
    for shown, raw in zip(out, source, strict=True):
        count = raw["n_numerator"] if basis == "numerator" else raw["n"]
        if shown["status"] in ("published", "caution"):
            assert count >= rule.min_count
            assert shown["estimate"] == raw["estimate"]
        else:
            assert shown["estimate"] is None and shown["n"] is None  # never shown as zero
            assert shown["flag"] in (rule.symbol_suppressed, rule.symbol_secondary)
            assert shown["reason_en"] and shown["reason_fr"]
    hidden = {i for i, r in enumerate(out) if r["status"] in ("suppressed", "secondary")}
    assert _derivable(source, hidden) == []
    assert {r["count_basis"] for r in out} == {basis}


def test_one_small_cell_takes_a_partner_in_its_row_and_column():
    counts = [
        [(100, 40), (100, 40), (100, 40)],
        [(10, 4), (100, 40), (100, 40)],
        [(100, 40), (100, 40), (100, 40)],
    ]
    out = apply_disclosure(_two_way(counts), preset("dhs"), NAMES).to_pylist()
    status = {(r["disaggregation"], r["region"], r["stage"]): r["status"] for r in out}
    assert status[("region+stage", "r1", "s0")] == "suppressed"
    secondary = [k for k, s in status.items() if s == "secondary"]
    assert len(secondary) == 3  # the hypercube corner: same row, same column, and opposite
    row = next(r for r in out if r["region"] == "r1" and r["stage"] == "s0")
    assert row["flag"] == "*" and "fewer than 25" in row["reason_en"]
    assert "moins de 25" in row["reason_fr"]


@pytest.mark.parametrize(
    ("name", "n", "cv", "status", "flag"),
    [
        ("dhs", 24, 0.01, "suppressed", "*"),
        ("dhs", 25, 0.01, "caution", "( )"),
        ("dhs", 50, 0.01, "published", ""),
        ("statcan", 500, 0.165, "published", ""),
        ("statcan", 500, 0.20, "caution", "E"),
        ("statcan", 500, 0.34, "suppressed", "F"),
        ("nchs", 29, 0.01, "suppressed", "*"),
        ("nchs", 100, 0.30, "caution", "†"),
        ("nchs", 59, 0.01, "caution", "†"),
    ],
)
def test_presets_flag_single_cells(name, n, cv, status, flag):
    row = _row(None, None, n, n // 2, "") | {"cv": cv}
    out = apply_disclosure(pa.Table.from_pylist([row], schema=SCHEMA), preset(name), NAMES)
    assert (out["status"][0].as_py(), out["flag"][0].as_py()) == (status, flag)


def test_numerator_basis_suppresses_rare_answers():
    row = _row(None, None, 400, 3, "")
    table = pa.Table.from_pylist([row], schema=SCHEMA)
    assert apply_disclosure(table, preset("dhs"), NAMES)["status"][0].as_py() == "published"
    out = apply_disclosure(table, preset("dhs", "numerator"), NAMES)
    assert out["status"][0].as_py() == "suppressed"
    # The reason names the rule, never the hidden count (3 women gave the answer).
    assert out["reason_en"][0].as_py() == "suppressed: fewer than 25 respondents (numerator)"
    assert "(numérateur)" in out["reason_fr"][0].as_py()
    assert "3" not in out["reason_en"][0].as_py() + out["reason_fr"][0].as_py()


def test_rules_are_data():
    rule = rule_from_mapping({"name": "ours", "min_count": 15, "basis": "numerator"})
    assert (rule.min_count, rule.basis) == (15, "numerator")
    assert rule_from_mapping({"preset": "nchs"}) == preset("nchs")
    with pytest.raises(DisclosureRuleError, match="basis 'both'"):
        rule_from_mapping({"name": "x", "basis": "both"})
    with pytest.raises(DisclosureRuleError, match="colour"):
        rule_from_mapping({"name": "x", "colour": "red"})
    with pytest.raises(DisclosureRuleError) as info:
        preset("eurostat")
    assert "inconnu" in info.value.message("fr")
