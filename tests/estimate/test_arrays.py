"""Arrow and NumPy without pandas: the same values as PyArrow's own conversions, and a
one-off estimate that never imports pandas (0.17 s of every command otherwise)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from safemig.estimate.arrays import arrow_numbers, arrow_strings, arrow_values, as_numpy

APISTRAT = Path(__file__).parents[1] / "golden" / "data" / "apistrat.csv"

COLUMNS = [
    pa.array([1, 2, 3], pa.int8()),
    pa.array([1, None, 3], pa.int64()),
    pa.array([2**40, 5], pa.uint64()),
    pa.array([0.5, None, -2.25], pa.float32()),
    pa.array([1.5, 2.5, float("nan")], pa.float64()),
    pa.array([True, False, None]),
    pa.array([None, None], pa.null()),
    pa.array([1, None, 2], pa.decimal128(6, 2)),
    pa.array(["a", "b", "a", None]).dictionary_encode().indices,
    pa.array([10, 20, 30, 40, None, 60]).slice(2, 3),  # an offset into the buffers
    pa.chunked_array([[1.0, 2.0], [], [None, 4.0]]),
    pa.chunked_array([], pa.float64()),
]


@pytest.mark.parametrize("column", COLUMNS, ids=[str(c.type) for c in COLUMNS])
def test_as_numpy_reads_what_pyarrow_reads(column):
    theirs = np.asarray(column.to_numpy(zero_copy_only=False), dtype=float)
    ours = as_numpy(column, float)
    assert ours.dtype == np.float64
    np.testing.assert_array_equal(ours, theirs)


def test_as_numpy_puts_the_given_value_where_one_is_missing():
    codes = pa.array([4, None, 6]).slice(1)
    assert as_numpy(codes, np.int64, missing=-1).tolist() == [-1, 6]
    with pytest.raises(TypeError, match="string"):
        as_numpy(pa.array(["1"]), float)


def test_arrays_made_from_numpy_and_python_equal_pyarrows():
    floats = np.array([1.0, np.nan, 3.0])
    assert arrow_numbers(floats, pa.float64(), nan_missing=True).equals(
        pa.array(floats, pa.float64(), from_pandas=True)
    )
    assert arrow_numbers(np.arange(5)).equals(pa.array(np.arange(5)))
    assert arrow_numbers(np.arange(3, dtype=np.int32), pa.int64()).type == pa.int64()
    text = ["Niamey", None, "l'Aïr", ""]
    assert arrow_strings(text).equals(pa.array(text, pa.string()))
    for values in ([1, None, 3], [True, None, False], [1.5, 2], ["x", None], [None, None]):
        assert arrow_values(values).equals(pa.array(values)), values


def test_a_command_line_estimate_does_not_import_pandas():
    script = (
        "import sys\n"
        "from safemig.cli import main\n"
        f"code = main(['estimate', {str(APISTRAT)!r}, '--weights', 'pw', '--strata', 'stype',"
        " '--fpc', 'fpc', '--mean', 'api00', '--prop', 'sch.wide', '--quantile', 'api00:0.5',"
        " '--by', 'stype', '--quiet', '-o', '/dev/null'])\n"
        "assert code == 0, code\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
