"""Match an export's header to the form: which column holds which question, and the key.

KoboToolbox names columns ``group/question`` (or by label in a "Labels" export), ODK Central
``group-question`` (or ``question`` without group paths); SPSS/Stata files use the bare name.
The result, :class:`ColumnMap`, gives for every question a DuckDB SQL expression over the raw
table that yields the answer as text under its XML *name* (labels and SPSS/Stata value labels
are mapped back to choice names here), so validation and typing never look at headers again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from safemig.instrument.schema import FormSchema, Question

#: Columns that carry the submission's identity, in order of preference.
KEY_COLUMNS = ("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY", "__id")
META = {
    "submitted_at": ("_submission_time", "SubmissionDate", "__system/submissionDate"),
    "form_version": ("__version__", "FormVersion", "__system/formVersion"),
    "submitted_by": ("_submitted_by", "SubmitterName", "__system/submitterName"),
    "review_state": ("_validation_status", "ReviewState", "__system/reviewState"),
}
#: Platform columns kept in the raw table only (neither questions nor unknown).
PLATFORM = (
    {
        "_id",
        "_notes",
        "_status",
        "_tags",
        "_index",
        "_attachments",
        "_geolocation",
        "_xform_id",
        "_xform_id_string",
        "formhub/uuid",
        "meta/rootUuid",
        "meta/deprecatedID",
        "SubmitterID",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "DeviceID",
        "Edits",
        "PARENT_KEY",
        "_parent_index",
        "_parent_table_name",
        "_submission__uuid",
        "_submission__id",
        "_submission__submission_time",
        "_submission__validation_status",
        "_submission__notes",
        "_submission__status",
        "_submission__submitted_by",
        "_submission___version__",
        "_submission__tags",
        "__Submissions-id",
        "meta/instanceName",
        "meta-instanceName",
    }
    | {column for names in META.values() for column in names}
    | set(KEY_COLUMNS)
)


def quote(identifier: str) -> str:
    """A DuckDB identifier in double quotes (any header, accents and slashes included)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A DuckDB string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class ColumnMap:
    """How one raw table maps onto the form.

    Attributes
    ----------
    answers : dict
        Question name to a SQL expression (text, NULL when empty) over the raw table.
    key, parent_key : str
        SQL expressions for the submission key (``uuid:`` removed) and, in a repeat table, the
        parent's key; ``""`` when the file has no such column.
    meta : dict
        ``submitted_at``, ``form_version``, ``submitted_by``, ``review_state``: SQL or ``NULL``.
    extra : tuple of str
        Headers that are neither questions nor platform columns (kept as text; listed).
    missing : tuple of str
        Questions of the form (this table's level) with no column.
    labels : bool
        Whether the export used labels rather than XML names.
    headers : dict
        Question name to the header of its column.
    """

    answers: Mapping[str, str]
    key: str
    parent_key: str
    meta: Mapping[str, str]
    extra: tuple[str, ...]
    missing: tuple[str, ...]
    labels: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)


def known_headers(schema: FormSchema) -> set[str]:
    """Every header a KoboToolbox or ODK Central export of this form may contain."""
    known = set(PLATFORM)
    for q in schema.data_questions():
        known |= {q.kobo_header(), q.central_header(), q.name}
        for choice in schema.choices.get(q.list_name, ()) if q.type == "select_multiple" else ():
            known |= {f"{q.kobo_header()}/{choice.name}", f"{q.name}/{choice.name}"}
    return known


def map_columns(
    schema: FormSchema,
    header: Iterable[str],
    repeat: str = "",
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> ColumnMap:
    """Match ``header`` to the questions of ``schema`` at the level ``repeat`` ("" = main)."""
    present = list(header)
    questions = [q for q in schema.data_questions() if q.repeat == repeat]
    by_name = _name_matches(questions, present)
    by_label = _label_matches(questions, present)
    labels = len(by_label) > len(by_name)
    chosen = by_label if labels else by_name
    answers = {
        q.name: _answer_sql(
            schema, q, chosen[q.name], labels, (value_labels or {}).get(chosen[q.name], {})
        )
        for q in questions
        if q.name in chosen
    }
    used = set(chosen.values()) | _dummy_columns(schema, questions, present)
    extra = tuple(h for h in present if h not in used and h not in PLATFORM and h)
    return ColumnMap(
        answers=answers,
        key=_key_sql(present),
        parent_key=_first(present, ("PARENT_KEY", "_submission__uuid"), strip=True),
        meta={field: _first(present, names) or "NULL" for field, names in META.items()},
        extra=extra,
        missing=tuple(q.name for q in questions if q.name not in chosen),
        labels=labels,
        headers=dict(chosen),
    )


def _name_matches(questions: list[Question], present: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    available = set(present)
    for q in questions:
        for header in (q.kobo_header(), q.central_header(), q.name):
            if header in available:
                found[q.name] = header
                break
    return found


def _label_matches(questions: list[Question], present: list[str]) -> dict[str, str]:
    available = set(present)
    found: dict[str, str] = {}
    for q in questions:
        for label in q.labels.values():
            if label in available:
                found[q.name] = label
                break
    return found


def _dummy_columns(schema: FormSchema, questions: list[Question], present: list[str]) -> set[str]:
    """Kobo's and Central's one-column-per-choice flags of select_multiple questions."""
    names = set()
    for q in questions:
        if q.type != "select_multiple":
            continue
        for choice in schema.choices.get(q.list_name, ()):
            names |= {
                f"{q.kobo_header()}/{choice.name}",
                f"{q.name}/{choice.name}",
                f"{q.central_header()}/{choice.name}",
            }
            names |= {f"{q.kobo_header()}/{label}" for label in choice.labels.values()}
    return names & set(present)


def _first(present: list[str], names: Iterable[str], strip: bool = False) -> str:
    for name in names:
        if name in present:
            column = quote(name)
            return f"regexp_replace({column}, '^uuid:', '')" if strip else column
    return ""


def _key_sql(present: list[str]) -> str:
    return _first(present, KEY_COLUMNS, strip=True)


def key_header(present: Iterable[str]) -> str:
    """The header of the submission-key column, or ``""``."""
    available = set(present)
    return next((name for name in KEY_COLUMNS if name in available), "")


def _answer_sql(
    schema: FormSchema, q: Question, header: str, labels: bool, value_labels: Mapping[str, str]
) -> str:
    column = quote(header)
    choices = schema.choices.get(q.list_name, ())
    if not q.type.startswith("select_") or not (labels or value_labels):
        return column
    to_name = {label: c.name for c in choices for label in c.labels.values()} if labels else {}
    if value_labels:  # SPSS/Stata code -> label -> choice name (or the label when it is a name)
        names = {c.name for c in choices}
        by_label = {label: c.name for c in choices for label in c.labels.values()}
        to_name |= {
            code: by_label.get(label, label)
            for code, label in value_labels.items()
            if label in names or label in by_label
        }
    if not to_name:
        return column
    cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in to_name.items())
    if q.type == "select_one":
        return f"(CASE {column} {cases} ELSE {column} END)"
    # A label export joins selected labels with spaces: labels without spaces map back.
    return (
        f"array_to_string(list_transform(string_split({column}, ' '), "
        f"lambda x: CASE x {cases} ELSE x END), ' ')"
    )
