"""Derived variables: named SQL expressions computed once per row before estimation.

Indicators are rarely raw answers: an age group, a per-respondent ratio (SDG 10.7.1's
recruitment cost over first-job earnings) or "any violence on the journey" are expressions
over the form's columns. ``Request(derive=(("age_group", "CASE WHEN ... END"),))`` adds them
as columns of the source relation, so statistics, disaggregations and the universe name
them like any column. Expressions are written in DuckDB SQL (as ``where`` is) and compiled
through SQLGlot for the backend, so the same request runs on every backend.

>>> derived_query((("older", '"age" >= 50'),), {"age": "numeric"}).sql("duckdb")
'SELECT *, "age" >= 50 AS "older" FROM "__raw"'
"""

from __future__ import annotations

import fnmatch

from sqlglot import exp

from safemig.errors import RequestError
from safemig.estimate.backends import ROW_ID
from safemig.estimate.prepare import parse_user_sql
from safemig.estimate.sqlparts import alias, col
from safemig.i18n import Text

RAW = "__raw"  # the registered data before derived columns are added


def derived_query(
    derive: tuple[tuple[str, str], ...],
    kinds: dict[str, str],
    keep: frozenset[str] | None = None,
) -> exp.Select:
    """``SELECT *, <expr> AS <name> ... FROM __raw``, every expression checked.

    With ``keep``, only those columns of the data (and the row id) are carried beside the
    derived ones: a form export has hundreds of columns, and the table the engine keeps for
    the run need hold only what the design and the statistics read.

    Raises
    ------
    RequestError
        When an expression is not valid SQL or a name is already a column.
    UnknownColumnError
        When an expression names a column the data do not have.
    """
    columns: list[exp.Expr] = (
        [exp.Star()]
        if keep is None
        else [col(c) for c in [*kinds, ROW_ID] if c in keep or c == ROW_ID]
    )
    for name, text in derive:
        if name in kinds:
            raise RequestError(
                Text(
                    f"Derived variable {name!r} has the name of a column of the data; "
                    "choose another name.",
                    f"La variable dérivée {name!r} porte le nom d'une colonne des données ; "
                    "choisissez un autre nom.",
                )
            )
        columns.append(alias(_parse(name, text, kinds), name))
    return exp.select(*columns).from_(exp.to_table(RAW, quoted=True), copy=False)


def _parse(name: str, text: str, kinds: dict[str, str]) -> exp.Expr:
    def invalid(detail: str) -> Text:
        return Text(
            f"Derived variable {name!r}: `{text}` is not valid SQL: {detail}. Quote column "
            'names holding dashes or dots with double quotes ("trajectory-migration_stage").',
            f"Variable dérivée {name!r} : `{text}` n'est pas du SQL valide : {detail}. "
            "Mettez entre guillemets doubles les noms de colonnes contenant des tirets ou des "
            'points ("trajectory-migration_stage").',
        )

    return parse_user_sql(text, kinds, "derived variable", invalid)


def columns_read(
    request_columns: set[str], kinds: dict[str, str], pattern: str | None = None
) -> frozenset[str]:
    """The data columns a request reads directly, with every 0/1 column of a select_multiple
    question it names (``question/choice``, ``question.choice``) and the replicate weights
    a ``pattern`` matches."""
    keep = {c for c in kinds if c in request_columns}
    if pattern is not None:
        keep.update(fnmatch.filter(kinds, pattern))
    for name in request_columns:
        keep.update(c for c in kinds if c.startswith((f"{name}/", f"{name}.")))
    return frozenset(keep)
