"""High-frequency checks: what field teams look at every day, from the store, in EN or FR.

Duplicates, interview duration, consent and privacy, outliers (IQR and SD rules), "other —
specify" answers to recode, missingness by question, productivity and flag rates by
enumerator, progress against targets per enumeration area. Each check is one SQL query over
``submissions_cleaned`` (cleaning applied); the results go to an Excel workbook and an HTML
page (:func:`write_check_report`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from safemig.ingest.columns import literal, quote
from safemig.ingest.store import connect, create_base_tables, table_columns
from safemig.instrument.schema import FormSchema, read_form
from safemig.project import Project

IQR_FACTOR = 1.5
SD_FACTOR = 3.0


@dataclass(frozen=True)
class CheckTable:
    """One check's result: an id (for translations), column ids and rows."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def run_checks(project: Project, schema: FormSchema | None = None) -> list[CheckTable]:
    """Run every check on the project's store (read-only).

    Parameters
    ----------
    project : Project
    schema : FormSchema, optional
        The form (default: the project's).
    """
    schema = schema or read_form(project.form) if project.form else schema
    con = connect(project.store)
    try:
        create_base_tables(con)
        from safemig.ingest.cleaning import refresh_cleaned_view

        refresh_cleaned_view(con)
        if not table_columns(con, "submissions"):
            return []
        ctx = _Context(con, schema, project)
        return [check(ctx) for check in CHECKS]
    finally:
        con.close()


@dataclass
class _Context:
    con: duckdb.DuckDBPyConnection
    schema: FormSchema | None
    project: Project

    @property
    def columns(self) -> dict[str, str]:
        return table_columns(self.con, "submissions")

    def rows(self, sql: str, params: list[object] | None = None) -> tuple[tuple[object, ...], ...]:
        return tuple(self.con.execute(sql, params or []).fetchall())

    def enumerator(self) -> str:
        cols = self.columns
        return quote("enumerator_id") if "enumerator_id" in cols else "_submitted_by"

    def area(self) -> str:
        return (
            quote(self.project.area_question)
            if self.project.area_question in self.columns
            else "NULL"
        )

    def questions(self, *types: str) -> list[str]:
        if self.schema is None:
            return []
        return [
            q.name
            for q in self.schema.data_questions()
            if q.type in types and q.name in self.columns
        ]


def _duplicates(ctx: _Context) -> CheckTable:
    rows = ctx.rows("""SELECT key, sha256, row, duplicate_of_sha256, duplicate_of_row
        FROM duplicates ORDER BY key""")
    conflicts = ctx.rows("""SELECT key, sha256, row, reasons[-1], NULL FROM quarantine
        WHERE reasons[-1] LIKE 'same key as%' ORDER BY key""")
    return CheckTable(
        "duplicates", ("key", "file", "row", "duplicate_of", "duplicate_of_row"), rows + conflicts
    )


def _duration(ctx: _Context) -> CheckTable:
    if not {"start", "end"} <= set(ctx.columns):
        return CheckTable("duration", ("key", "enumerator", "minutes", "problem"), ())
    sql = f"""SELECT _key, {ctx.enumerator()}, round(minutes, 1), CASE
            WHEN minutes < 0 THEN 'ends_before_start' WHEN minutes < $min THEN 'too_short'
            ELSE 'too_long' END
        FROM (SELECT *, (epoch("end") - epoch("start")) / 60 AS minutes FROM submissions_cleaned)
        WHERE minutes < $min OR minutes > $max ORDER BY minutes"""
    rows = ctx.con.execute(
        sql, {"min": ctx.project.min_minutes, "max": ctx.project.max_minutes}
    ).fetchall()
    return CheckTable("duration", ("key", "enumerator", "minutes", "problem"), tuple(rows))


def _consent(ctx: _Context) -> CheckTable:
    gates = [
        q for q in ("consent_given", "privacy_confirmed", "revisit_needed") if q in ctx.columns
    ]
    counts = ", ".join(f"count(*) FILTER ({quote(q)} IN ('no', '1'))" for q in gates)
    if not gates:
        return CheckTable("consent", ("enumerator", "interviews"), ())
    labels = tuple(f"{q}_no" if q != "revisit_needed" else "revisit_needed" for q in gates)
    rows = ctx.rows(f"""SELECT {ctx.enumerator()}, count(*), {counts} FROM submissions_cleaned
        GROUP BY 1 ORDER BY 1""")
    return CheckTable("consent", ("enumerator", "interviews", *labels), rows)


def _outliers(ctx: _Context) -> CheckTable:
    parts = []
    for q in ctx.questions("integer", "decimal"):
        col = quote(q)
        parts.append(f"""SELECT _key, {literal(q)} AS question, {col} AS value,
            CASE WHEN {col} < q1 - {IQR_FACTOR} * (q3 - q1) OR {col} > q3 + {IQR_FACTOR} *
                 (q3 - q1) THEN 'iqr' ELSE '' END ||
            CASE WHEN sd > 0 AND abs({col} - mean) > {SD_FACTOR} * sd THEN ' sd' ELSE '' END
                 AS rule
            FROM submissions_cleaned, (SELECT quantile_cont({col}, 0.25) q1,
                quantile_cont({col}, 0.75) q3, avg({col}) mean, stddev_samp({col}) sd
                FROM submissions_cleaned)""")
    if not parts:
        return CheckTable("outliers", ("key", "question", "value", "rule"), ())
    rows = ctx.rows(
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) WHERE rule <> '' ORDER BY question, value"
    )
    return CheckTable("outliers", ("key", "question", "value", "rule"), rows)


def _other_specify(ctx: _Context) -> CheckTable:
    names = [q for q in ctx.questions("text") if q.endswith("_other")]
    parts = [
        f"SELECT _key, {literal(q)}, {quote(q)} FROM submissions_cleaned "
        f"WHERE {quote(q)} IS NOT NULL"
        for q in names
    ]
    rows = ctx.rows(" UNION ALL ".join(parts) + " ORDER BY 2, 3") if parts else ()
    return CheckTable("other_specify", ("key", "question", "answer"), rows)


def _missingness(ctx: _Context) -> CheckTable:
    names = [q.name for q in ctx.schema.data_questions()] if ctx.schema else []
    names = [n for n in names if n in ctx.columns]
    if not names:
        return CheckTable("missingness", ("question", "missing", "share"), ())
    sql = " UNION ALL ".join(
        f"SELECT {literal(n)}, count(*) FILTER ({quote(n)} IS NULL), "
        f"round(avg(({quote(n)} IS NULL)::INT), 3) FROM submissions_cleaned"
        for n in names
    )
    return CheckTable("missingness", ("question", "missing", "share"), ctx.rows(sql))


def _enumerators(ctx: _Context) -> CheckTable:
    has_times = {"start", "end"} <= set(ctx.columns)
    minutes = 'median((epoch("end") - epoch("start")) / 60)' if has_times else "NULL"
    days = 'count(DISTINCT CAST("start" AS DATE))' if has_times else "NULL"
    rows = ctx.rows(f"""SELECT {ctx.enumerator()} AS enumerator, count(*), {days},
        round(count(*) / nullif({days}, 0), 1), round({minutes}, 1),
        round(avg((len(_flags) > 0)::INT), 3) FROM submissions_cleaned GROUP BY 1 ORDER BY 1""")
    return CheckTable(
        "enumerators",
        ("enumerator", "interviews", "days", "per_day", "median_minutes", "flag_rate"),
        rows,
    )


def _progress(ctx: _Context) -> CheckTable:
    counted = ctx.rows(f"SELECT {ctx.area()}, count(*) FROM submissions_cleaned GROUP BY 1")
    done: dict[object, int] = {area: int(str(n)) for area, n in counted}
    targets = _targets(ctx.project.targets)
    areas = sorted(set(done) | set(targets), key=str)
    rows = tuple(
        (
            a,
            done.get(a, 0),
            targets.get(a),
            round(done.get(a, 0) / targets[a], 3) if targets.get(a) else None,
        )
        for a in areas
    )
    return CheckTable("progress", ("area", "interviews", "target", "share_done"), rows)


def _targets(path: Path | None) -> dict[object, int]:
    if path is None or not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["area"]: int(row["target"]) for row in csv.DictReader(handle)}


CHECKS = (
    _duplicates,
    _duration,
    _consent,
    _outliers,
    _other_specify,
    _missingness,
    _enumerators,
    _progress,
)


def write_check_report(project: Project, folder: str | Path, language: str = "en") -> list[Path]:
    """Run the checks and write ``checks-<lang>.xlsx`` and ``checks-<lang>.html``."""
    from safemig.ingest.check_report import write_html, write_xlsx

    tables = run_checks(project)
    out = Path(folder)
    return [
        write_xlsx(tables, out / f"checks-{language}.xlsx", language),
        write_html(tables, out / f"checks-{language}.html", language, project.name),
    ]
