"""Group and domain sums with a spare bin equal the sums over the member rows, bit for bit."""

import numpy as np

from safemig.estimate.taylor import DomainRows, Groups


def test_domain_sums_equal_sums_over_members() -> None:
    rng = np.random.default_rng(5)
    dom = rng.integers(-1, 17, 10_000)
    values = rng.normal(size=dom.size) * 10.0 ** rng.integers(-8, 8, dom.size)
    values[dom < 0] = np.nan  # rows of no domain never reach a sum
    inside = dom >= 0
    expected = np.bincount(dom[inside], values[inside], minlength=17)
    assert np.array_equal(DomainRows.of(dom, 17).sums(values), expected)


def test_group_sums_equal_sums_over_members() -> None:
    rng = np.random.default_rng(9)
    unit_dom = rng.integers(-1, 6, 5_000)
    stratum = rng.integers(0, 4, unit_dom.size)
    groups = Groups.of(unit_dom, stratum)
    values = rng.normal(size=unit_dom.size)
    inside = groups.of_unit >= 0
    expected = np.bincount(groups.of_unit[inside], values[inside], minlength=len(groups.dom))
    assert np.array_equal(groups.sum(values), expected)
    assert len(groups.dom) == len(np.unique(unit_dom[inside] * 4 + stratum[inside]))
