"""Arrow columns and NumPy arrays, one into the other, without pandas; dictionary codes.

PyArrow converts to NumPy through its pandas bridge, which imports pandas on the first
conversion of a process: 0.17 s of every one-off ``safemig estimate`` (the 10M-row command
takes 1.3 s in all), for a library the engine never uses. The engine's columns are numbers
(sums, counts, codes, row ids), so their values buffer is read directly, as
``to_numpy(zero_copy_only=False)`` would return it. Text is numbered by its dictionary codes
(:func:`dictionary_codes`), and loaded categories come back as text (:func:`decoded`).

>>> import pyarrow as pa
>>> as_numpy(pa.chunked_array([[1, 2], [3]]), float).tolist()
[1.0, 2.0, 3.0]
>>> as_numpy(pa.array([1.5, None]), float).tolist()
[1.5, nan]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

#: Arrow's fixed-width numeric types and the NumPy types of their values buffers.
_BUFFER_TYPES = {
    pa.int8(): np.int8,
    pa.int16(): np.int16,
    pa.int32(): np.int32,
    pa.int64(): np.int64,
    pa.uint8(): np.uint8,
    pa.uint16(): np.uint16,
    pa.uint32(): np.uint32,
    pa.uint64(): np.uint64,
    pa.float16(): np.float16,
    pa.float32(): np.float32,
    pa.float64(): np.float64,
}


def as_numpy(
    column: pa.Array | pa.ChunkedArray, dtype: npt.DTypeLike, missing: float = np.nan
) -> np.ndarray:
    """The values of a numeric, boolean or decimal column as a NumPy array of ``dtype``,
    ``missing`` (NaN by default, as PyArrow's ``to_numpy(zero_copy_only=False)`` gives it)
    where a value is missing; other types (text) are refused."""
    if isinstance(column, pa.ChunkedArray):
        parts = [_chunk(chunk, missing) for chunk in column.chunks]
        if not parts:
            return np.empty(0, dtype=dtype)
        values = parts[0] if len(parts) == 1 else np.concatenate(parts)
    else:
        values = _chunk(column, missing)
    return np.asarray(values, dtype=dtype)


def _chunk(array: pa.Array, missing: float) -> np.ndarray:
    kind = array.type
    if pa.types.is_dictionary(kind):
        return _chunk(array.dictionary_decode(), missing)
    if kind not in _BUFFER_TYPES:
        numeric = (pa.types.is_boolean, pa.types.is_decimal, pa.types.is_null)
        if not any(test(kind) for test in numeric):
            raise TypeError(f"cannot read a column of type {kind} as numbers")
        array, kind = array.cast(pa.float64()), pa.float64()
    buffer_type = _BUFFER_TYPES[kind]
    if len(array) == 0:
        return np.empty(0, dtype=buffer_type)
    values = np.frombuffer(
        array.buffers()[1],
        dtype=buffer_type,
        count=len(array),
        offset=array.offset * np.dtype(buffer_type).itemsize,
    )
    if not array.null_count:
        return values
    # Not pc.fill_null: making its fill scalar from a Python number imports pandas too.
    validity = array.buffers()[0]
    if validity is None:  # every value missing
        return np.full(len(array), missing)
    bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
    valid = bits[array.offset : array.offset + len(array)].astype(bool)
    return np.where(valid, values, missing)


#: The Arrow type of each NumPy type written by :func:`arrow_numbers` when none is given.
_ARROW_TYPES = {np.dtype(numpy_type): arrow for arrow, numpy_type in _BUFFER_TYPES.items()}


def arrow_numbers(
    values: npt.ArrayLike, kind: pa.DataType | None = None, nan_missing: bool = False
) -> pa.Array:
    """NumPy numbers as an Arrow array of ``kind`` (by default the array's own type), NaN
    read as a missing value with ``nan_missing``; without pandas (``pa.array`` asks it
    whether the values are a pandas categorical, importing it)."""
    array = np.asarray(values)
    kind = kind or _ARROW_TYPES[array.dtype]
    array = np.ascontiguousarray(array, dtype=_BUFFER_TYPES[kind])
    validity, nulls = None, 0
    if nan_missing and np.issubdtype(array.dtype, np.floating):
        present = ~np.isnan(array)
        nulls = int(len(array) - np.count_nonzero(present))
        if nulls:
            validity = pa.py_buffer(np.packbits(present, bitorder="little"))
    return pa.Array.from_buffers(
        kind, len(array), [validity, pa.py_buffer(array)], null_count=nulls
    )


def arrow_strings(values: Sequence[str | None]) -> pa.Array:
    """Python strings (or None) as an Arrow string array, without pandas."""
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    present = np.array([v is not None for v in values], dtype=bool)
    nulls = int(len(values) - np.count_nonzero(present))
    validity = pa.py_buffer(np.packbits(present, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(
        pa.string(),
        len(encoded),
        [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))],
        null_count=nulls,
    )


def arrow_values(values: Sequence[object]) -> pa.Array:
    """Python values of one kind (text, whole numbers, numbers or booleans, with None for a
    missing one) as an Arrow array, without pandas; anything else through ``pa.array``."""
    present = [v for v in values if v is not None]
    if not present:
        return pa.nulls(len(values))
    if all(isinstance(v, str) for v in present):
        return arrow_strings(values)  # type: ignore[arg-type]
    if all(isinstance(v, bool) for v in present):
        flags = arrow_numbers(
            np.array([np.nan if v is None else (1.0 if v else 0.0) for v in values]),
            pa.float64(),
            nan_missing=True,
        )
        return flags.cast(pa.bool_())
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        whole = all(isinstance(v, int) for v in present)
        if whole and len(present) == len(values):
            return arrow_numbers(np.array(values, dtype=np.int64), pa.int64())
        numbers = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        floats = arrow_numbers(numbers, pa.float64(), nan_missing=True)
        return floats.cast(pa.int64()) if whole else floats
    return pa.array(values)


def dictionary_codes(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Each value's code in the column's dictionary (-1 for a missing value), and the
    dictionary. A column that arrives encoded (a category of loaded data, a DuckDB ENUM)
    keeps its codes; its dictionary may hold values no row has."""
    if isinstance(column, pa.ChunkedArray):
        if pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries()
        column = column.combine_chunks()
    encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
    return as_numpy(encoded.indices, np.int64, missing=-1), encoded.dictionary


def decoded(table: pa.Table, only: Collection[str] | None = None) -> pa.Table:
    """``table`` with its dictionary columns (ENUMs: categories of loaded data, dictionary
    columns of an Arrow table), or those of them named in ``only``, as plain values, as
    every backend returns them by default."""
    for number, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type) and (only is None or field.name in only):
            values = table.column(number).cast(field.type.value_type)
            table = table.set_column(number, field.with_type(field.type.value_type), values)
    return table
