"""The calibration options shared by ``safemig estimate`` and ``safemig weight calibrate``."""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from safemig.errors import RequestError
from safemig.i18n import Text

if TYPE_CHECKING:
    from safemig.weights import Calibration


def add_calibration_arguments(c: argparse._ArgumentGroup) -> None:
    """--poststratify, --rake, --calibrate and their controls."""
    c.add_argument(
        "--poststratify",
        metavar="VAR=FILE",
        help="post-stratify on VAR to the counts in FILE (CSV: VAR,Freq), as R postStratify / "
        "post-stratifier VAR sur les effectifs de FILE (CSV : VAR,Freq), comme R postStratify",
    )
    c.add_argument(
        "--rake",
        action="append",
        default=[],
        metavar="VAR=FILE",
        help="rake to the margin of VAR in FILE (CSV: VAR,Freq); repeat for each margin, "
        "as R rake / "
        "ratisser sur la marge de VAR dans FILE (CSV : VAR,Freq) ; répéter par marge, comme R rake",
    )
    c.add_argument(
        "--calibrate",
        metavar="FILE",
        help="calibrate to the totals in FILE (CSV: variable,level,total), as R calibrate / "
        "caler sur les totaux de FILE (CSV : variable,level,total), comme R calibrate",
    )
    c.add_argument(
        "--calibrate-method",
        choices=("linear", "raking", "logit"),
        default="linear",
        help="distance for --calibrate: linear (GREG), raking, logit (bounded) / "
        "distance pour --calibrate : linear (GREG), raking, logit (bornée)",
    )
    c.add_argument(
        "--bounds",
        metavar="LOW,HIGH",
        help="bounds on calibrated/base weight / bornes du rapport poids calé/poids de base",
    )
    c.add_argument(
        "--trim",
        metavar="LOW,HIGH",
        help="trim calibrated/base weight to this range / "
        "écrêter le rapport poids calé/poids de base à cet intervalle",
    )
    c.add_argument(
        "--calibrate-maxit",
        type=int,
        metavar="N",
        help="iterations (default: rake 10, else 50) / itérations (défaut : rake 10, sinon 50)",
    )
    c.add_argument(
        "--calibrate-epsilon",
        type=float,
        metavar="X",
        help="convergence tolerance (default: rake 1, else 1e-7, as R) / "
        "tolérance de convergence (défaut : rake 1, sinon 1e-7, comme R)",
    )


def calibration_from_args(args: argparse.Namespace) -> Calibration | None:
    """The calibration asked for by --poststratify, --rake or --calibrate (one of them)."""
    asked = [
        f
        for f, v in (
            ("--poststratify", args.poststratify),
            ("--rake", args.rake),
            ("--calibrate", args.calibrate),
        )
        if v
    ]
    if not asked:
        return None
    if len(asked) > 1:
        raise RequestError(
            Text(
                f"Give one calibration: {' and '.join(asked)} were both given.",
                f"Donnez un seul calage : {' et '.join(asked)} ont été donnés ensemble.",
            )
        )
    from safemig.weights import Calibration, read_margin, read_totals

    controls = {
        "bounds": _pair(args.bounds, "--bounds") or (-math.inf, math.inf),
        "trim": _pair(args.trim, "--trim"),
        "maxit": args.calibrate_maxit,
        "epsilon": args.calibrate_epsilon,
    }
    if args.calibrate:
        margins, numeric, population = read_totals(args.calibrate)
        return Calibration(
            args.calibrate_method,
            margins,
            numeric,
            population,
            **controls,  # type: ignore[arg-type]
        )
    method = "poststratify" if args.poststratify else "rake"
    items = [args.poststratify] if args.poststratify else args.rake
    margins = tuple(read_margin(*_var_file(item, asked[0])) for item in items)
    return Calibration(method, margins, **controls)  # type: ignore[arg-type]


def _var_file(item: str, flag: str) -> tuple[str, str]:
    variable, sep, path = item.partition("=")
    if not sep or not variable.strip() or not path.strip():
        raise RequestError(
            Text(
                f"{flag} {item!r}: write it as VAR=FILE (e.g. region=region_pop.csv).",
                f"{flag} {item!r} : écrivez-le sous la forme VAR=FICHIER "
                "(par exemple region=region_pop.csv).",
            )
        )
    return variable.strip(), path.strip()


def _pair(value: str | None, flag: str) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        low, high = (float(v) for v in value.split(","))
    except ValueError as exc:
        raise RequestError(
            Text(
                f"{flag} {value!r}: write two numbers, LOW,HIGH (e.g. 0.5,3).",
                f"{flag} {value!r} : écrivez deux nombres, BAS,HAUT (par exemple 0.5,3).",
            )
        ) from exc
    return low, high


@contextmanager
def calibration_warnings(args: argparse.Namespace) -> Iterator[None]:
    """Print calibration warnings (negative GREG weights) in the user's language."""
    from safemig.i18n import in_language, user_language
    from safemig.weights.solve import CalibrationWarning

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always", CalibrationWarning)
            try:
                yield
            finally:
                caught = list(recorded)
    finally:
        # Other warnings are passed on only once the recording has stopped: re-emitted
        # inside it, each would be recorded again and the loop would never end.
        language = getattr(args, "ui_language", None) or user_language()
        label = "avertissement" if language == "fr" else "warning"
        for w in caught:
            if issubclass(w.category, CalibrationWarning):
                message = w.message.args[0] if isinstance(w.message, Warning) else w.message
                print(f"safemig: {label}: {in_language(message, language)}", file=sys.stderr)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
