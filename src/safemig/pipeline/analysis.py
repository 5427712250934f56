"""The analysis table: the store's submissions with the cleaning log applied, ready to estimate.

Questions are named as an ODK Central export names them (group path joined with ``-``, e.g.
``consent-consent_given``): that is how indicator catalogues and ``[design]`` refer to them,
whatever export the data came from (KoboToolbox's ``group/question`` included). Columns that
are not questions (design columns such as ``stratum`` or ``design_weight``, and the store's
``_key``, ``_submitted_at`` ...) keep their names. Ingest keeps non-question columns as text;
the design's numeric columns (finite population corrections, replicate weights) are read as
numbers here, and a value that is not a number is an error naming the submission.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from safemig.design import Design
from safemig.errors import ProjectError
from safemig.i18n import Text
from safemig.ingest.cleaning import refresh_cleaned_view
from safemig.ingest.columns import literal, quote
from safemig.ingest.store import connect, create_base_tables, scalar, table_columns
from safemig.instrument.schema import FormSchema
from safemig.project import Project

CLEANED = "submissions_cleaned"
#: Store columns left out of the analysis table (lists, and what only ingest needs).
LEFT_OUT = ("_flags", "_parent_key", "_source", "_row", "_run")


@dataclass(frozen=True)
class AnalysisData:
    """The table estimation reads, and what the store says about the data behind it."""

    table: pa.Table
    quarantined: int
    flagged: int
    cleaning_changes: int


def analysis_data(project: Project, schema: FormSchema | None, design: Design) -> AnalysisData:
    """Read the submissions (cleaning log applied) from the project's store.

    Raises
    ------
    ProjectError
        When the store holds no submissions, a ``[design]`` column is not in the data, or a
        numeric design column holds text that is not a number.
    """
    con = connect(project.store)
    try:
        create_base_tables(con)
        refresh_cleaned_view(con)
        columns = table_columns(con, CLEANED)
        if not columns:
            raise ProjectError(
                Text(
                    f"{project.file}: no submissions yet; add a [[sources]] block to "
                    f"{project.file} (or run `safemig ingest FILE`) and run again",
                    f"{project.file} : aucune soumission ; ajoutez un bloc [[sources]] à "
                    f"{project.file} (ou lancez `safemig ingest FICHIER`) puis relancez",
                )
            )
        names = analysis_names(columns, schema)
        _check_design_columns(project, design, set(names.values()))
        numeric = {c for c in (*design.fpc, *_replicate_columns(design))}
        select = ", ".join(
            _select(con, project, column, alias, kind, alias in numeric)
            for column, (alias, kind) in _typed(names, columns).items()
        )
        table = con.sql(f"SELECT {select} FROM {CLEANED} ORDER BY _key").to_arrow_table()
        return AnalysisData(
            table=table,
            quarantined=int(scalar(con, "SELECT count(*) FROM quarantine WHERE level = ''")),
            flagged=int(scalar(con, f"SELECT count(*) FROM {CLEANED} WHERE len(_flags) > 0")),
            cleaning_changes=int(
                scalar(con, "SELECT count(*) FROM cleaning_log WHERE change_type <> 'no_action'")
            ),
        )
    finally:
        con.close()


def analysis_names(columns: dict[str, str], schema: FormSchema | None) -> dict[str, str]:
    """Store column to analysis-table name: questions get their ODK Central header."""
    headers = {}
    if schema is not None:
        headers = {q.name: q.central_header() for q in schema.data_questions() if not q.repeat}
    return {c: headers.get(c, c) for c in columns if c not in LEFT_OUT}


def _typed(names: dict[str, str], columns: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {c: (alias, columns[c]) for c, alias in names.items()}


def _select(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    column: str,
    alias: str,
    kind: str,
    numeric: bool,
) -> str:
    if not numeric or kind != "VARCHAR":
        return f"{quote(column)} AS {quote(alias)}"
    bad = con.execute(
        f"SELECT _key, {quote(column)} FROM {CLEANED} WHERE {quote(column)} IS NOT NULL "
        f"AND trim({quote(column)}) <> '' AND TRY_CAST({quote(column)} AS DOUBLE) IS NULL "
        "ORDER BY _key LIMIT 1"
    ).fetchone()
    if bad is not None:
        raise ProjectError(
            Text(
                f"{project.file}: [design] column {alias!r} must hold numbers, but submission "
                f"{bad[0]} has {bad[1]!r}; correct it with a cleaning log (`safemig clean`)",
                f"{project.file} : [design] la colonne {alias!r} doit contenir des nombres, "
                f"mais la soumission {bad[0]} contient {bad[1]!r} ; corrigez-la par un journal "
                "de nettoyage (`safemig clean`)",
            )
        )
    empty = f"NULLIF(trim({quote(column)}), {literal('')})"
    return f"CAST({empty} AS DOUBLE) AS {quote(alias)}"


def _replicate_columns(design: Design) -> tuple[str, ...]:
    return design.replicates.columns if design.replicates else ()


def _check_design_columns(project: Project, design: Design, available: set[str]) -> None:
    keys = [
        ("weights", design.weights),
        ("strata", design.strata),
        *(("psu", c) for c in design.psu),
        *(("fpc", c) for c in design.fpc),
        *(("replicates", c) for c in _replicate_columns(design)),
    ]
    for key, column in keys:
        if column and column not in available:
            close = difflib.get_close_matches(column, sorted(available), n=3)
            hint_en = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            hint_fr = f" Vouliez-vous dire {', '.join(map(repr, close))} ?" if close else ""
            raise ProjectError(
                Text(
                    f"{project.file}: [design] {key}: column {column!r} is not in the "
                    f"submissions (questions in groups are named group-question).{hint_en}",
                    f"{project.file} : [design] {key} : la colonne {column!r} n'est pas dans "
                    f"les soumissions (les questions des groupes s'appellent "
                    f"groupe-question).{hint_fr}",
                )
            )
