"""Pseudonymisation at ingest: identifiers never reach the store in the clear.

Questions marked ``safemig_identifier = yes`` in the form (names, phone numbers, addresses,
participant codes) are replaced by a keyed hash, HMAC-SHA-256 with the project's secret: the
same phone number always gives the same pseudonym within a project (so duplicates and
follow-ups can still be linked), but no one without the secret can recompute it from a list of
numbers. GPS identifiers (``geopoint``) are coarsened to the enumeration area's code. Every
free-text answer is scanned for phone numbers and e-mail addresses, which are replaced by
``[phone]`` and ``[email]``. The raw values are kept only when the project opts in
(``keep_raw_identifiers = "yes"``), and then in a separate table.

This runs on each Arrow batch before anything is written, so the raw table, the clean table,
quarantine and every output hold only pseudonyms.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from safemig.ingest.columns import ColumnMap, literal
from safemig.instrument.schema import FormSchema, Question

#: International or local numbers of 8+ digits, with spaces, dots or dashes between groups.
PHONE = r"(?:\+|\b00)?\d(?:[ .\-]?\d){7,14}\b"
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
PSEUDONYM_PREFIX = "pid-"


def pseudonym(secret: bytes, value: str) -> str:
    """The keyed hash of one identifier (``pid-`` and 32 hex digits, 128 bits).

    Examples
    --------
    >>> pseudonym(b"k" * 32, "+227 91 11 64 68")[:4]
    'pid-'
    """
    digest = hmac.new(secret, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:32]


@dataclass
class Pseudonymiser:
    """Applies the project's rules to the batches of one raw table.

    ``kept`` collects ``(key, question, raw value)`` when raw identifiers are kept.
    """

    schema: FormSchema
    columns: ColumnMap
    secret: bytes
    keep_raw: bool = False
    area_question: str = "ea_id"
    key_header: str = ""
    kept: list[tuple[str, str, str]] = field(default_factory=list)

    def identifiers(self) -> list[Question]:
        """The identifier questions this table has a column for."""
        return [
            self.schema.question(n)
            for n in self.columns.headers
            if self.schema.question(n).identifier
        ]

    def free_text(self) -> list[Question]:
        """Free-text questions scanned for phone numbers and e-mail addresses."""
        return [
            self.schema.question(n)
            for n in self.columns.headers
            if self.schema.question(n).type == "text" and not self.schema.question(n).identifier
        ]

    def apply(self, batch: pa.RecordBatch, free_text: bool = True) -> pa.RecordBatch:
        """The batch with identifiers hashed or coarsened and free text scrubbed.

        With ``free_text=False`` the free-text columns are left as they are: the caller
        scrubs them in SQL with :func:`scrub_sql` (the raw insert does, on every core).
        """
        columns = dict(zip(batch.schema.names, batch.columns, strict=True))
        for q in self.identifiers():
            header = self.columns.headers[q.name]
            if self.keep_raw:
                self._keep(columns, q.name, columns[header])
            columns[header] = self._replace(q, columns[header], columns)
        for q in self.free_text() if free_text else []:
            header = self.columns.headers[q.name]
            columns[header] = scrub_text(columns[header])
        return pa.RecordBatch.from_arrays(list(columns.values()), names=list(columns))

    def _replace(self, q: Question, values: pa.Array, columns: dict[str, pa.Array]) -> pa.Array:
        if q.type == "geopoint":
            area = self.columns.headers.get(self.area_question)
            if area is not None:
                return pc.if_else(pc.is_valid(values), columns[area], values)
            return _round_geopoint(values)
        return self._hash(values)

    def _hash(self, values: pa.Array) -> pa.Array:
        # HMAC has no vectorised form in Arrow or DuckDB: hash each distinct value once in
        # Python (identifiers are few columns, and most answers are empty).
        distinct = pc.unique(values.drop_null()).to_pylist()
        if not distinct:
            return values
        hashed = pa.array([pseudonym(self.secret, v) for v in distinct], pa.string())
        return pc.take(hashed, pc.index_in(values, value_set=pa.array(distinct, pa.string())))

    def _keep(self, columns: dict[str, pa.Array], question: str, values: pa.Array) -> None:
        keys = columns.get(self.key_header)
        for index, value in enumerate(values.to_pylist()):
            if value is not None:
                key = keys[index].as_py() if keys is not None else ""
                self.kept.append((str(key or "").removeprefix("uuid:"), question, value))


def scrub_text(values: pa.Array) -> pa.Array:
    """Replace phone numbers and e-mail addresses in free text (vectorised)."""
    scrubbed = pc.replace_substring_regex(values, pattern=EMAIL, replacement="[email]")
    return pc.replace_substring_regex(scrubbed, pattern=PHONE, replacement="[phone]")


def scrub_sql(value: str) -> str:
    """:func:`scrub_text` as DuckDB SQL over the expression ``value`` (same RE2 patterns)."""
    email = f"regexp_replace({value}, {literal(EMAIL)}, '[email]', 'g')"
    return f"regexp_replace({email}, {literal(PHONE)}, '[phone]', 'g')"


def _round_geopoint(values: pa.Array) -> pa.Array:
    """Latitude and longitude to one decimal (about 11 km); altitude and accuracy dropped.

    Per value in Python: GPS identifiers are rare and a malformed point must not stop the run
    (it becomes ``[gps]`` and the validation before hashing has already quarantined it).
    """
    return pa.array(
        [None if v is None else _round_point(v) for v in values.to_pylist()], pa.string()
    )


def _round_point(text: str) -> str:
    try:
        lat, lon = (float(x) for x in text.split()[:2])
    except ValueError:
        return "[gps]"
    return f"{lat:.1f} {lon:.1f}"
