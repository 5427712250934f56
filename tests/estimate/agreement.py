"""How two backends' results are compared: the same rows, every number equal to rounding."""

from __future__ import annotations

import math

NUMBERS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_weighted", "df")
# Backends add the same doubles in a different order (Spark by partition), so they agree to
# rounding: 1e-9 relative. A number that is zero in exact arithmetic (the SE of a domain whose
# values are all equal) is rounding noise on both; it is compared at an absolute 1e-12 of the
# largest value of its column.
BACKENDS_RELATIVE = 1e-9
ZERO_NOISE = 1e-12


def assert_same_numbers(
    ours: list[dict], reference: list[dict], relative: float = BACKENDS_RELATIVE
) -> None:
    """Two backends' result rows: the same labels in the same order, every number equal to
    ``relative`` (:data:`BACKENDS_RELATIVE` by default), and missing in both or in neither."""
    assert len(ours) == len(reference) > 0
    labels = [_label(r) for r in ours]
    assert labels == [_label(r) for r in reference]
    scale = {
        name: max((abs(r[name]) for r in reference if r.get(name) is not None), default=1.0)
        for name in NUMBERS
    }
    different = [
        (labels[i], name, a.get(name), b.get(name))
        for i, (a, b) in enumerate(zip(ours, reference, strict=True))
        for name in NUMBERS
        if not _agree(a.get(name), b.get(name), scale[name], relative)
    ]
    assert not different, different[:8]


def _label(row: dict) -> tuple:
    return tuple(str(v) for k, v in row.items() if k not in NUMBERS)


def _agree(a: float | None, b: float | None, scale: float, relative: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=relative, abs_tol=ZERO_NOISE * scale)
