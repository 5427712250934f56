"""Cohen's kappa against published values.

Oracle: the worked examples of the Wikipedia article "Cohen's kappa" (retrieved for this
project; text CC BY-SA 4.0): 50 proposals read by two readers, yes/yes 20, yes/no 5,
no/yes 10, no/no 15, kappa 0.4; and the two tables of 100 items with equal observed agreement
(45, 15, 25, 15) -> 0.1304 and (25, 35, 5, 35) -> 0.2593, given there to four decimals.
"""

from __future__ import annotations

import pytest

from safemig.errors import CodingFileError
from safemig.voices.agreement import ThemeAgreement, agreement, cohen_kappa
from safemig.voices.codebook import builtin_codebook


@pytest.mark.parametrize(
    ("cells", "kappa", "tolerance"),
    [
        ((20, 5, 10, 15), 0.4, 1e-12),
        ((45, 15, 25, 15), 0.1304, 5e-5),
        ((25, 35, 5, 35), 0.2593, 5e-5),
    ],
)
def test_kappa_matches_the_published_examples(cells, kappa, tolerance) -> None:  # type: ignore[no-untyped-def]
    table = ThemeAgreement("t", *cells)
    assert table.kappa == pytest.approx(kappa, abs=tolerance)
    assert table.observed == pytest.approx((cells[0] + cells[3]) / sum(cells))


def test_kappa_of_nominal_labels_and_its_limits() -> None:
    assert cohen_kappa(list("aabbcc"), list("aabbcc")) == pytest.approx(1.0)
    assert cohen_kappa(["x"] * 4, ["x"] * 4) is None  # chance agreement is certain
    with pytest.raises(CodingFileError):
        cohen_kappa(["a"], ["a", "b"])


def test_agreement_per_theme_over_shared_units_only() -> None:
    book = builtin_codebook()
    first = {"u1": frozenset({"violence"}), "u2": frozenset(), "u3": frozenset({"agency"})}
    second = {"u1": frozenset({"violence"}), "u2": frozenset({"agency"}), "u9": frozenset()}
    result = agreement(first, second, book, ("a", "b"))
    assert result.units == 2
    by_theme = {t.theme: t for t in result.themes}
    assert (by_theme["violence"].both, by_theme["violence"].neither) == (1, 1)
    assert (by_theme["agency"].only_second, by_theme["agency"].neither) == (1, 1)
    assert result.pooled.units == 2 * len(book.themes)
    with pytest.raises(CodingFileError, match="no unit in common"):
        agreement({"u1": frozenset()}, {"u2": frozenset()}, book)
