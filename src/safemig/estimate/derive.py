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

from sqlglot import exp

from safemig.errors import RequestError
from safemig.estimate.prepare import parse_user_sql
from safemig.estimate.sqlparts import alias
from safemig.i18n import Text

RAW = "__raw"  # the registered data before derived columns are added


def derived_query(derive: tuple[tuple[str, str], ...], kinds: dict[str, str]) -> exp.Select:
    """``SELECT *, <expr> AS <name> ... FROM __raw``, every expression checked.

    Raises
    ------
    RequestError
        When an expression is not valid SQL or a name is already a column.
    UnknownColumnError
        When an expression names a column the data do not have.
    """
    columns: list[exp.Expr] = [exp.Star()]
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
