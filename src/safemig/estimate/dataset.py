"""Survey data read once into memory, then estimated on many times.

``estimate("survey.parquet", ...)`` reads the file for that one request. A programme asking
many questions of the same survey (a report, a notebook, a dashboard) loads it once, as R
users read a data frame before ``svydesign``:

>>> from safemig import Design, load
>>> from safemig.estimate import Mean, Request, estimate
>>> design = Design(weights="pw", strata="stype", fpc="fpc")
>>> with load("apistrat.csv", design) as data:  # doctest: +SKIP
...     by_type = estimate(data, design, Request((Mean("api00"),), by=(("stype",),)))
...     overall = estimate(data, design, Request((Mean("api99"),)))

The rows keep their row numbers (grouped by the design's strata and PSUs when a design is
given), so results and error messages are the same as from the file. On DuckDB, text columns
with few distinct values are stored as categories (see
:meth:`safemig.estimate.backends.duckdb.DuckDBBackend.load`).
"""

from __future__ import annotations

import gc
import itertools
import threading
from types import TracebackType

from safemig.design import Design
from safemig.errors import RequestError
from safemig.estimate.backends import Backend, Loaded, Source, open_backend
from safemig.estimate.checks import require_columns
from safemig.i18n import Text

_NUMBERS = itertools.count(1)


class Dataset:
    """Survey data held in a backend's memory; pass it to ``estimate`` as the data.

    Calls on one dataset run one at a time (a backend connection serves one query at a
    time); close the dataset, or use it in a ``with`` block, to free its memory.
    """

    def __init__(self, backend: Backend, loaded: Loaded, owns_backend: bool) -> None:
        self.backend = backend
        self.loaded = loaded
        self.lock = threading.Lock()
        self._owns_backend = owns_backend
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def check_open(self) -> None:
        """Raise :class:`RequestError` if the dataset was closed."""
        if self._closed:
            raise RequestError(
                Text(
                    f"The data loaded from {self.loaded.origin} were closed; load them again "
                    "with safemig.load().",
                    f"Les données chargées depuis {self.loaded.origin} ont été fermées ; "
                    "chargez-les de nouveau avec safemig.load().",
                )
            )

    def close(self) -> None:
        """Free the memory (and the backend, if ``load`` opened it). Closing twice is fine."""
        with self.lock:
            if not self._closed and self._owns_backend:
                self.backend.close()
            self._closed = True

    def __enter__(self) -> Dataset:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else self.backend.dialect
        return f"<safemig Dataset {self.loaded.origin} ({state})>"


def load(
    data: Source,
    design: Design | None = None,
    backend: str | Backend = "duckdb",
    settings: dict[str, str] | None = None,
) -> Dataset:
    """Read survey data once into a backend's memory, for many estimates.

    Parameters
    ----------
    data
        CSV or Parquet path, or an Arrow table.
    design
        The design most requests will use: the rows are then stored grouped by its strata
        and PSUs, which makes each request's aggregation faster (about a third of it at 1M
        rows on DuckDB). Any design can still be used; results never depend on it.
    backend
        ``"duckdb"`` (default) or ``"spark"``, or a backend object: the dataset then lives
        on that backend, which stays open when the dataset closes.
    settings
        Engine configuration when ``backend`` is a name (see
        :func:`safemig.estimate.backends.open_backend`).

    Returns
    -------
    Dataset
        Pass it to ``estimate`` (or ``safemig.mean`` and the other estimators) as the data.

    Raises
    ------
    safemig.errors.InputError
        When the file is missing, unreadable or empty, or lacks a column the design names,
        naming it.
    """
    engine = open_backend(backend, settings) if isinstance(backend, str) else backend
    order = [] if design is None else [*([design.strata] if design.strata else []), *design.psu]
    try:
        loaded = engine.load(f"loaded{next(_NUMBERS)}", data, order)
        if design is not None:
            kinds = engine.column_kinds(loaded.table)
            require_columns(kinds, [design.strata] if design.strata else [], "strata")
            require_columns(kinds, design.psu, "PSU")
    except BaseException:
        if isinstance(backend, str):
            engine.close()
        raise
    # Importing the engine leaves Python's collector a debt: some 90,000 objects (NumPy,
    # Arrow, DuckDB, SciPy, SQLGlot) promoted since its last full pass, so the first
    # estimates trigger one, 30 ms that would land in whichever request comes first (seen
    # in the first or second call of the 1M-row benchmark). Paid here, while loading, the
    # requests on the dataset keep a steady time.
    gc.collect()
    return Dataset(engine, loaded, owns_backend=isinstance(backend, str))
