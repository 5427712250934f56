"""Cleaning logs: the changes field teams decide, applied as a log, never as an edit.

A log is a CSV or XLSX with the columns field teams already use (IMPACT ``cleaningtools``,
IPA ``ipacheckcorrections``): ``uuid, question, old_value, new_value, change_type, issue``, where
``change_type`` is ``change_response``, ``blank_response``, ``remove_survey`` or ``no_action``.
Applying it checks every row first (the submission and question exist, ``old_value`` still
matches the current value, ``new_value`` has the question's type and is in its choice list),
then appends the rows to ``cleaning_log`` with who applied them and when, all or nothing.
The raw and typed tables are never touched: the view ``submissions_cleaned`` shows the typed
submissions with the latest change of each answer applied and removed surveys left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from safemig.errors import CleaningLogError, StaleCleaningError
from safemig.ingest.columns import literal, quote
from safemig.ingest.store import connect, create_base_tables, scalar, table_columns, transaction
from safemig.instrument.schema import FormSchema, read_form
from safemig.project import Project

CHANGE_TYPES = ("change_response", "blank_response", "remove_survey", "no_action")
REQUIRED = ("uuid", "question", "old_value", "new_value", "change_type")


@dataclass(frozen=True)
class CleaningResult:
    """How many rows of a log changed data, and how many only recorded a decision."""

    applied: int
    no_action: int


def read_cleaning_log(path: str | Path) -> list[dict[str, str]]:
    """The rows of a cleaning log (CSV or XLSX), values as text ('' when empty).

    Raises
    ------
    CleaningLogError
        When the file is missing, unreadable or lacks a required column.
    """
    file = Path(path)
    if not file.is_file():
        raise CleaningLogError(f"{file}: no such cleaning log")
    rows = _xlsx_rows(file) if file.suffix.lower() == ".xlsx" else _csv_rows(file)
    if not rows:
        raise CleaningLogError(f"{file}: the cleaning log has no rows")
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise CleaningLogError(
            f"{file}: column(s) {', '.join(missing)} missing; a cleaning log "
            f"has the columns {', '.join(REQUIRED)}, issue"
        )
    return rows


def _csv_rows(file: Path) -> list[dict[str, str]]:
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            return [
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)
            ]
    except UnicodeDecodeError as exc:
        raise CleaningLogError(f"{file}: not UTF-8 text; save it as 'CSV UTF-8'") from exc


def _xlsx_rows(file: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in values[0]] if values else []
    return [
        {h: "" if v is None else str(v).strip() for h, v in zip(header, row, strict=False) if h}
        for row in values[1:]
        if any(v is not None for v in row)
    ]


def apply_cleaning_log(project: Project, path: str | Path, applied_by: str) -> CleaningResult:
    """Check and apply a cleaning log to the project's store (all rows or none).

    Raises
    ------
    CleaningLogError
        A row names an unknown submission, question or change type, or a bad new value.
    StaleCleaningError
        An ``old_value`` no longer matches the data; the message lists every such row.
    """
    rows = read_cleaning_log(path)
    schema = read_form(project.form) if project.form else None
    con = connect(project.store)
    try:
        with transaction(con):
            create_base_tables(con)
            _check_rows(con, rows, Path(path), schema)
            for number, row in enumerate(rows, start=2):
                con.execute(
                    "INSERT INTO cleaning_log VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?)",
                    [
                        _uuid(row),
                        row["question"],
                        row["old_value"],
                        row["new_value"],
                        row["change_type"],
                        row.get("issue", ""),
                        applied_by,
                        str(path),
                        number,
                    ],
                )
            refresh_cleaned_view(con)
    finally:
        con.close()
    no_action = sum(1 for r in rows if r["change_type"] == "no_action")
    return CleaningResult(len(rows) - no_action, no_action)


def _uuid(row: dict[str, str]) -> str:
    return row["uuid"].removeprefix("uuid:")


def _check_rows(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict[str, str]],
    file: Path,
    schema: FormSchema | None,
) -> None:
    columns = table_columns(con, "submissions")
    seen: set[tuple[str, str]] = set()
    stale = []
    for number, row in enumerate(rows, start=2):
        where = f"{file}: row {number}"
        _check_shape(row, where, columns, seen)
        checks_old = row["change_type"] in ("change_response", "blank_response", "no_action")
        if (
            checks_old
            and row["question"]
            and not _old_value_matches(con, row, columns[row["question"]])
        ):
            stale.append(
                f"row {number} ({row['uuid']}, {row['question']}: old_value {row['old_value']!r})"
            )
        if row["change_type"] == "change_response":
            _check_new_value(con, row, columns[row["question"]], schema, where)
    if stale:
        raise StaleCleaningError(
            f"{file}: the old_value no longer matches the data in {len(stale)} row(s): "
            f"{'; '.join(stale)}. Someone changed these answers since the log was written: "
            "look at them again and update the log; nothing was applied"
        )


def _check_shape(
    row: dict[str, str], where: str, columns: dict[str, str], seen: set[tuple[str, str]]
) -> None:
    if row["change_type"] not in CHANGE_TYPES:
        raise CleaningLogError(
            f"{where}, column change_type: {row['change_type']!r} is not one "
            f"of {', '.join(CHANGE_TYPES)}"
        )
    if (
        row["change_type"] != "remove_survey"
        and row["question"]
        and (row["question"] not in columns or row["question"].startswith("_"))
    ):
        raise CleaningLogError(
            f"{where}, column question: {row['question']!r} is not a "
            "question of the stored submissions; use the XML name"
        )
    if row["change_type"] in ("change_response", "blank_response") and not row["question"]:
        raise CleaningLogError(f"{where}, column question: empty; name the question to change")
    cell = (_uuid(row), row["question"])
    if cell in seen:
        raise CleaningLogError(
            f"{where}: {cell[0]} / {cell[1]} appears twice in this log; keep one row per answer"
        )
    seen.add(cell)


def _current(con: duckdb.DuckDBPyConnection, row: dict[str, str]) -> tuple[bool, object]:
    view = "submissions_cleaned" if table_columns(con, "submissions_cleaned") else "submissions"
    column = quote(row["question"]) if row["question"] else "1"
    found = con.execute(f"SELECT {column} FROM {view} WHERE _key = ?", [_uuid(row)]).fetchall()
    return (bool(found), found[0][0] if found else None)


def _old_value_matches(con: duckdb.DuckDBPyConnection, row: dict[str, str], kind: str) -> bool:
    exists, current = _current(con, row)
    if not exists:
        raise StaleCleaningError(
            f"submission {row['uuid']!r} is not in the store (or was removed by an earlier log)"
        )
    old = row["old_value"]
    if old == "":
        return current is None
    parsed = scalar(con, f"SELECT TRY_CAST({literal(old)} AS {kind})")
    return parsed is not None and parsed == current


def _check_new_value(
    con: duckdb.DuckDBPyConnection,
    row: dict[str, str],
    kind: str,
    schema: FormSchema | None,
    where: str,
) -> None:
    new = row["new_value"]
    if scalar(con, f"SELECT TRY_CAST({literal(new)} AS {kind})") is None:
        raise CleaningLogError(
            f"{where}, column new_value: {new!r} is not a valid {kind} for "
            f"{row['question']}; use blank_response to empty an answer"
        )
    if schema is None:
        return
    question = schema.question(row["question"])
    names = {c.name for c in schema.choices.get(question.list_name, ())}
    tokens = new.split() if question.type == "select_multiple" else [new]
    if question.type.startswith("select_") and names and not set(tokens) <= names:
        raise CleaningLogError(
            f"{where}, column new_value: {new!r} is not in the choice list "
            f"{question.list_name!r} of {row['question']}"
        )


def refresh_cleaned_view(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create ``submissions_cleaned``: submissions with the cleaning log applied."""
    columns = table_columns(con, "submissions")
    if not columns:
        return
    changed = [
        q
        for (q,) in con.execute(
            "SELECT DISTINCT question FROM cleaning_log WHERE change_type IN "
            "('change_response', 'blank_response') AND question <> ''"
        ).fetchall()
        if q in columns
    ]
    replace = ", ".join(
        f"CASE WHEN map_contains(c.m, {literal(q)}) THEN TRY_CAST(c.m[{literal(q)}] AS "
        f"{columns[q]}) ELSE s.{quote(q)} END AS {quote(q)}"
        for q in changed
    )
    select = f"s.* REPLACE ({replace})" if replace else "s.*"
    con.execute(f"""CREATE OR REPLACE VIEW submissions_cleaned AS
        WITH latest AS (
            SELECT uuid, question, CASE WHEN change_type = 'blank_response' THEN NULL
                                        ELSE new_value END AS value
            FROM cleaning_log WHERE change_type IN ('change_response', 'blank_response')
            QUALIFY row_number() OVER (PARTITION BY uuid, question
                                       ORDER BY applied_at DESC, log_row DESC) = 1),
        changes AS (SELECT uuid, map(list(question), list(value)) AS m FROM latest GROUP BY uuid)
        SELECT {select} FROM submissions s LEFT JOIN changes c ON c.uuid = s._key
        WHERE s._key NOT IN (SELECT uuid FROM cleaning_log WHERE change_type = 'remove_survey')
    """)
