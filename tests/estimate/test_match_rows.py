"""``match_rows`` (unit keys to the design summary's rows) against Arrow's own hash join.

The engine matches keys by dictionary codes when every row has exactly one partner; other
tables (repeated or missing keys, nulls, float keys) go to the join. Either way the result
must be the join's: each row's partner row in ``keys``, in ``table``'s order (a key repeated
in ``keys`` gives a row per partner).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from safemig.estimate.taylor import _match_by_codes, match_rows


def _joined(table: pa.Table, keys: pa.Table, names: list[str]) -> np.ndarray:
    left = table.select(names).append_column("__l", pa.array(np.arange(table.num_rows)))
    right = keys.select(names).append_column("__r", pa.array(np.arange(keys.num_rows)))
    out = left.join(right, keys=names).sort_by("__l")
    return np.asarray(out.column("__r").to_numpy(), dtype=np.int64)


def _tables(seed: int) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    strata = np.array(["north", "south", "east"])
    psu = np.arange(40)
    keys = pa.table(
        {
            "h": pa.array(np.repeat(strata, 40)),
            "p": pa.array(np.tile(psu, 3), type=pa.int64()),
        }
    ).take(pa.array(rng.permutation(120)))
    pick = rng.integers(0, 120, size=500)
    table = keys.take(pa.array(pick))
    return pa.Table.from_batches(table.to_batches(max_chunksize=77)), keys


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_codes_equal_the_join(seed: int) -> None:
    table, keys = _tables(seed)
    fast = _match_by_codes(table, keys, ["h", "p"])
    assert fast is not None
    assert np.array_equal(fast, _joined(table, keys, ["h", "p"]))
    assert np.array_equal(match_rows(table, keys, ["h", "p"]), fast)


def test_other_tables_go_to_the_join() -> None:
    table, keys = _tables(4)
    repeated = pa.concat_tables([keys, keys.slice(0, 1)])
    floats = table.set_column(1, "p", table.column("p").cast(pa.float64()))
    float_keys = keys.set_column(1, "p", keys.column("p").cast(pa.float64()))
    for t, k in [(table, repeated), (floats, float_keys)]:
        assert _match_by_codes(t, k, ["h", "p"]) is None
        assert np.array_equal(match_rows(t, k, ["h", "p"]), _joined(t, k, ["h", "p"]))
    # A row without a partner, or with a missing key: the join's answer (a null row number,
    # which the engine never meets: its unit tables come from the same source) stays its own.
    missing = keys.slice(1)
    with_null = pa.table(
        {"h": pa.array([None, *table.column("h").to_pylist()[1:]]), "p": table.column("p")}
    )
    assert _match_by_codes(table, missing, ["h", "p"]) is None
    assert _match_by_codes(with_null, keys, ["h", "p"]) is None
