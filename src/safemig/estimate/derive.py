"""Derived variables: named SQL expressions computed once per row before estimation.

Indicators are rarely raw answers: an age group, a per-respondent ratio (SDG 10.7.1's
recruitment cost over first-job earnings) or "any violence on the journey" are expressions
over the form's columns. ``Request(derive=(("age_group", "CASE WHEN ... END"),))`` adds them
as columns of the source relation, so statistics, disaggregations and the universe name
them like any column. Expressions are written in DuckDB SQL (as ``where`` is) and compiled
through SQLGlot for the backend, so the same request runs on every backend.

>>> derived_query((("older", '"age" >= 50'),), {"age": "numeric"}).sql("duckdb")
'SELECT *, "age" >= 50 AS "older" FROM __raw'
"""

from __future__ import annotations

import fnmatch

from sqlglot import exp

from safemig.errors import RequestError
from safemig.estimate.backends import OTHER, ROW_ID
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

    An expression may name derived variables defined before it. Those it names are computed
    one level further in: ``SELECT *, <later> FROM (SELECT *, <earlier> FROM __raw)``, so each
    expression is written once however many later ones use it (written out in full inside
    each user, a catalogue's derived table took 60 % more SQL, which DuckDB plans at
    milliseconds per kilobyte).

    With ``keep``, only those columns of the data (and the row id) come out beside the
    derived ones: a form export has hundreds of columns, and the table the engine keeps for
    the run need hold only what the design and the statistics read. Columns that only
    expressions past the first level read are carried through the levels and left out at
    the end.

    Raises
    ------
    RequestError
        When an expression is not valid SQL or a name is already a column or given twice.
    UnknownColumnError
        When an expression names a column the data do not have (nor a derived variable
        defined before it).
    """
    known = dict(kinds)
    levels: list[list[exp.Expr]] = []
    level_of: dict[str, int] = {}
    later: set[str] = set()  # data columns read by expressions past the first level
    for name, text in derive:
        if name in known:
            raise RequestError(
                Text(
                    f"Derived variable {name!r} has the name of a column of the data "
                    "or of an earlier derived variable; choose another name.",
                    f"La variable dérivée {name!r} porte le nom d'une colonne des données "
                    "ou d'une variable dérivée précédente ; choisissez un autre nom.",
                )
            )
        parsed = _parse(name, text, known)
        named = {c.name for c in parsed.find_all(exp.Column)}
        level = 1 + max((level_of[n] for n in named if n in level_of), default=-1)
        if level > 0:
            later.update(n for n in named if n in kinds)
        level_of[name] = level
        known[name] = OTHER
        if level == len(levels):
            levels.append([])
        levels[level].append(alias(parsed, name))
    kept = inner = None
    if keep is not None:
        kept = [c for c in [*kinds, ROW_ID] if c in keep or c == ROW_ID]
        inner = kept + [c for c in kinds if c in later and c not in keep]
    query = exp.select(
        *([exp.Star()] if inner is None else [col(c) for c in inner]),
        *(levels[0] if levels else []),
    ).from_(exp.to_table(RAW, quoted=True), copy=False)
    for depth, columns in enumerate(levels[1:]):
        below = query.subquery(f"__derived{depth}", copy=False)
        query = exp.select(exp.Star(), *columns).from_(below, copy=False)
    if kept is not None and inner != kept:
        # Columns only later expressions read leave with the last level.
        names = [*kept, *(name for name, _ in derive)]
        below = query.subquery("__derived", copy=False)
        query = exp.select(*(col(c) for c in names)).from_(below, copy=False)
    return query


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
