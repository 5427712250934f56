"""Generate the synthetic survey: the sample, the answers of every module, and device metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from safemig.demo import experiences, people
from safemig.demo.context import Draw
from safemig.demo.defaults import DEFAULT_SEED, DEFAULT_SIZE
from safemig.demo.sample import AGE_BOUNDS, AGE_GROUPS, Sample, draw_sample
from safemig.errors import RequestError
from safemig.instrument.bank import load_bank
from safemig.instrument.schema import FormSchema, schema_from_sheets
from safemig.instrument.xlsform import XLSFormSheets, build_form

FORM_VERSION = "2024030101"
#: Fieldwork window (local dates); each EA is visited on one day.
FIELDWORK = (np.datetime64("2024-03-04"), 54)


@dataclass(frozen=True)
class SyntheticSurvey:
    """A generated survey: answers by question name, metadata, design, and the form it follows.

    Attributes
    ----------
    seed, size : int
        What produced it; the same pair always gives the same survey.
    form : XLSFormSheets
        The full survey XLSForm (write it with :func:`safemig.instrument.xlsform.write_xlsform`).
    schema : FormSchema
        The form read back as a schema (headers, choices, relevance).
    answers : dict of str to pyarrow.Array
        One column per question of the form (null where not asked), including ``start``,
        ``end`` and ``today``.
    masks : dict of str to ndarray
        For each select_multiple, the ``(n, k)`` boolean matrix of selected choices.
    sample : Sample
        Strata, PSUs, finite population corrections, weights and calibration totals.
    uuid, submitted_utc : pyarrow.Array
        Instance id (without ``uuid:``) and server receipt time (UTC, milliseconds).
    age_group : pyarrow.Array
        Age group of every sampled woman as the household listing recorded it (also for
        those who did not consent): the variable the weights are calibrated on.
    """

    seed: int
    size: int
    form: XLSFormSheets
    schema: FormSchema
    answers: dict[str, pa.Array]
    masks: dict[str, np.ndarray]
    sample: Sample
    uuid: pa.Array
    submitted_utc: np.ndarray
    age_group: pa.Array


def survey_form() -> tuple[XLSFormSheets, FormSchema]:
    """The full survey form from the shipped bank (bilingual), and its schema."""
    sheets = build_form(load_bank(), languages=("en", "fr"), version=FORM_VERSION)
    return sheets, schema_from_sheets(sheets, "safemig question bank (survey)")


def _steps(d: Draw) -> list[tuple[str, Callable[[], object]]]:
    state: dict[str, np.ndarray] = {}

    def consent() -> None:
        state["asked"] = people.interview(d)
        state["stage"] = people.draw_stage(d)

    def run(fn: Callable[..., None]) -> Callable[[], None]:
        return lambda: fn(d, state["asked"], state["stage"])

    return [
        ("sample and consent", consent),
        ("profile", run(people.profile)),
        ("functioning", lambda: people.functioning(d, state["asked"])),
        ("trajectory", run(people.trajectory)),
        ("information", run(people.information)),
        ("recruitment", run(experiences.recruitment)),
        ("work", run(experiences.work)),
        ("services", run(experiences.services)),
        ("safety", run(experiences.safety)),
        ("remittances", run(experiences.remittances)),
        ("reintegration", run(experiences.reintegration)),
        ("closing", lambda: experiences.closing(d)),
    ]


def generate_survey(
    seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE, progress: bool = False
) -> SyntheticSurvey:
    """Generate a synthetic survey of migrant women in Niamey, Zinder and Agadez.

    Parameters
    ----------
    seed : int
        Random seed; the same seed and size give identical output.
    size : int
        Number of interviews (1,320 is the programme's survey; use millions for benchmarks).
    progress : bool
        Show a progress bar (for the command line).

    Returns
    -------
    SyntheticSurvey

    Raises
    ------
    RequestError
        When ``size`` is below 1.

    Examples
    --------
    >>> survey = generate_survey(seed=1, size=50)
    >>> survey.answers["resp_age"].null_count <= 50
    True
    """
    if not isinstance(size, int) or size < 1:
        raise RequestError(f"size must be a whole number of interviews of at least 1, not {size!r}")
    form, schema = survey_form()
    rng = np.random.default_rng(seed)
    d = Draw(rng, draw_sample(rng, size), schema)
    _run_steps(_steps(d), progress)
    start, end, submitted = _times(d)
    d.columns |= {"start": start, "end": end, "today": pc.utf8_slice_codeunits(start, 0, 10)}
    missing = [q.name for q in schema.data_questions() if q.name not in d.columns]
    if missing:
        raise RuntimeError(f"the generator draws no answer for {', '.join(missing)}")
    return SyntheticSurvey(
        seed,
        size,
        form,
        schema,
        d.columns,
        d.masks,
        d.sample,
        _uuids(rng, d.n),
        submitted,
        listing_age_group(d.codes["_age"]),
    )


def listing_age_group(age: np.ndarray) -> pa.Array:
    """The age groups of :data:`safemig.demo.sample.AGE_GROUPS` (15-24, 25-34, 35-49, 50+)."""
    index = np.searchsorted(np.array(AGE_BOUNDS), age, side="right")
    return pc.take(pa.array(AGE_GROUPS, pa.string()), pa.array(index))


def _run_steps(steps: list[tuple[str, Callable[[], object]]], progress: bool) -> None:
    if not progress:
        for _, step in steps:
            step()
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Synthetic survey / Enquête synthétique", total=len(steps))
        for label, step in steps:
            bar.update(task, description=label)
            step()
            bar.advance(task)


def _times(d: Draw) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Start and end (device time, UTC+1, ISO with offset) and server receipt time (UTC)."""
    first_day, days = FIELDWORK
    _, ea_index = np.unique(d.sample.psu, return_inverse=True)
    ea_day = d.rng.integers(0, days, ea_index.max() + 1)[ea_index]
    start_ms = (first_day + ea_day).astype("datetime64[ms]").astype(np.int64)
    start_ms += d.rng.integers(8 * 3_600_000, 17 * 3_600_000, d.n)
    consented = d.codes["consent_given"] == 0
    minutes = np.where(
        consented, np.clip(d.rng.normal(40, 9, d.n), 15, 120), d.rng.uniform(4, 10, d.n)
    )
    end_ms = start_ms + (minutes * 60_000).astype(np.int64)
    submitted = end_ms - 3_600_000 + d.rng.exponential(8 * 3_600_000, d.n).astype(np.int64)
    return _local_iso(start_ms), _local_iso(end_ms), submitted


def _local_iso(ms: np.ndarray) -> pa.Array:
    return iso_text(ms, "ms", "+01:00")


_TWO = pa.array([f"{i:02d}" for i in range(60)], pa.string())
_THREE = pa.array([f"{i:03d}" for i in range(1000)], pa.string())


def iso_text(ms: np.ndarray, unit: str, suffix: str) -> pa.Array:
    """ISO 8601 text for epoch milliseconds (``unit`` "s" or "ms"), built from lookup tables
    because formatting a million timestamps one by one takes seconds."""
    days, inverse = np.unique(ms // 86_400_000, return_inverse=True)
    dates = pa.array(np.datetime_as_string(days.astype("datetime64[D]")), pa.string())
    rest = ms % 86_400_000
    parts = [
        pc.take(dates, pa.array(inverse)),
        "T",
        pc.take(_TWO, pa.array(rest // 3_600_000)),
        ":",
    ]
    parts += [
        pc.take(_TWO, pa.array(rest // 60_000 % 60)),
        ":",
        pc.take(_TWO, pa.array(rest // 1000 % 60)),
    ]
    if unit == "ms":
        parts += [".", pc.take(_THREE, pa.array(rest % 1000))]
    return pc.binary_join_element_wise(*parts, suffix, "")


def _uuids(rng: np.random.Generator, n: int) -> pa.Array:
    """Random version-4 UUIDs drawn from ``rng`` (so they follow the seed)."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = raw[:, 6] & 0x0F | 0x40
    raw[:, 8] = raw[:, 8] & 0x3F | 0x80
    hexes = pa.array(np.frombuffer(raw.tobytes().hex().encode(), dtype="S32")).cast(pa.string())
    spans = ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    return pc.binary_join_element_wise(
        *(pc.utf8_slice_codeunits(hexes, a, b) for a, b in spans), "-"
    )
