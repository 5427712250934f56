"""``safemig weight``: build survey weights and write them as new columns (originals kept)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safemig.cli.calibration_args import (
    add_calibration_arguments,
    calibration_from_args,
    calibration_warnings,
)
from safemig.errors import RequestError
from safemig.i18n import Text

REPLICATE_CHOICES = ("JK1", "JKn", "bootstrap", "BRR", "Fay")


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig weight base|nonresponse|calibrate|trim|replicates|report``."""
    p = commands.add_parser(
        "weight",
        help="build survey weights: base, nonresponse, calibration, trimming, replicates / "
        "construire les poids : base, non-réponse, calage, écrêtage, répliques",
        description="Compute survey weights step by step. Each step reads a CSV or Parquet "
        "file and writes it back with a new weight column (the original columns are kept). "
        "See docs/weights.md. / Calcule les poids pas à pas. Chaque étape lit un fichier CSV "
        "ou Parquet et le réécrit avec une nouvelle colonne de poids (les colonnes d'origine "
        "sont gardées). Voir docs/weights.md.",
    )
    steps = p.add_subparsers(dest="step", metavar="STEP")
    _base(steps)
    _nonresponse(steps)
    _calibrate(steps)
    _trim(steps)
    _replicates(steps)
    _report(steps)
    p.set_defaults(run=lambda args: _missing_step(p))


def _missing_step(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _common(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("data", metavar="DATA", help="CSV or Parquet file / fichier CSV ou Parquet")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="output .csv or .parquet / sortie .csv ou .parquet",
    )
    p.add_argument(
        "--name",
        default=name,
        metavar="COL",
        help=f"new column / nouvelle colonne (default {name})",
    )


def _base(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "base",
        help="base weights from selection probabilities or from a sample frame / "
        "poids de base depuis les probabilités de sélection ou une base de sondage",
        description="Base weights: 1/(p1*p2...) from selection probabilities, or N_h/n_h "
        "from a frame (population per stratum over completed interviews). / Poids de base : "
        "1/(p1*p2...) depuis les probabilités de sélection, ou N_h/n_h depuis une base de "
        "sondage (population de la strate sur les entretiens réalisés).",
    )
    _common(p, "base_weight")
    p.add_argument(
        "--probabilities",
        metavar="COL[,COL2]",
        help="selection probability per stage / probabilité de sélection par degré",
    )
    p.add_argument(
        "--frame", metavar="FILE", help="CSV: stratum level, population / CSV : strate, population"
    )
    p.add_argument(
        "--strata",
        metavar="COL",
        help="stratum column (with --frame) / colonne des strates (avec --frame)",
    )
    p.set_defaults(run=_run_base)


def _nonresponse(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "nonresponse",
        help="nonresponse adjustment within weighting classes / "
        "correction de la non-réponse par classe de pondération",
        description="Respondents of each class carry the weight of the class's "
        "nonrespondents; nonrespondents get weight 0. / Les répondantes de chaque classe "
        "portent le poids des non-répondantes de la classe ; les non-répondantes reçoivent "
        "le poids 0.",
    )
    _common(p, "nr_weight")
    p.add_argument(
        "--weights", required=True, metavar="COL", help="weights to adjust / poids à corriger"
    )
    p.add_argument(
        "--classes",
        required=True,
        metavar="COL[,COL]",
        help="weighting classes / classes de pondération",
    )
    p.add_argument(
        "--respondent",
        required=True,
        metavar="COL",
        help="1 = responded, 0 = not / 1 = a répondu, 0 = non",
    )
    p.set_defaults(run=_run_nonresponse)


def _calibrate(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "calibrate",
        help="calibrate weights to population margins or totals / "
        "caler les poids sur des marges ou des totaux de population",
        description="Post-stratify, rake or calibrate the weights (as R postStratify, rake, "
        "calibrate) and write the calibrated weight. / Post-stratifie, ratisse ou cale les "
        "poids (comme R postStratify, rake, calibrate) et écrit le poids calé.",
    )
    _common(p, "cal_weight")
    p.add_argument(
        "--weights", required=True, metavar="COL", help="weights to calibrate / poids à caler"
    )
    add_calibration_arguments(p.add_argument_group("calibration"))
    p.set_defaults(run=_run_calibrate)


def _trim(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "trim",
        help="trim weights to bounds (R trimWeights) / "
        "écrêter les poids entre des bornes (R trimWeights)",
        description="Clamp weights to [lower, upper]; the trimmed amount is shared equally "
        "by the untrimmed units (repeated until none is outside with --strict). / Ramène les "
        "poids dans [lower, upper] ; l'excédent est partagé également entre les unités non "
        "écrêtées (répété jusqu'à ce qu'aucune ne dépasse avec --strict).",
    )
    _common(p, "trimmed_weight")
    p.add_argument(
        "--weights", required=True, metavar="COL", help="weights to trim / poids à écrêter"
    )
    p.add_argument("--lower", type=float, default=float("-inf"), metavar="X")
    p.add_argument("--upper", type=float, default=float("inf"), metavar="X")
    p.add_argument(
        "--strict",
        action="store_true",
        help="repeat until no weight is outside / répéter jusqu'à ce qu'aucun poids ne dépasse",
    )
    p.set_defaults(run=_run_trim)


def _replicates(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "replicates",
        help="replicate weights from the design (JK1, JKn, bootstrap, BRR, Fay) / "
        "poids répliqués à partir du plan (JK1, JKn, bootstrap, BRR, Fay)",
        description="Create replicate weights as R as.svrepdesign; prints the safemig "
        "estimate options that use them. / Crée des poids répliqués comme R as.svrepdesign ; "
        "affiche les options de safemig estimate qui les utilisent.",
    )
    _common(p, "repw")
    p.add_argument("--weights", required=True, metavar="COL")
    p.add_argument("--strata", metavar="COL")
    p.add_argument(
        "--psu",
        metavar="COL",
        help="PSU column; absent: each row is its own PSU / "
        "colonne des UPE ; absente : chaque ligne est son UPE",
    )
    p.add_argument(
        "--fpc",
        metavar="COL",
        help="first-stage population counts / effectifs de population du premier degré",
    )
    p.add_argument("--type", choices=REPLICATE_CHOICES, default="JK1")
    p.add_argument(
        "--replicates",
        type=int,
        default=50,
        metavar="N",
        help="bootstrap replicates / répliques bootstrap",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="bootstrap random seed / graine aléatoire du bootstrap",
    )
    p.add_argument(
        "--fay-rho", type=float, default=0.5, metavar="RHO", help="Fay's rho / rho de Fay"
    )
    p.set_defaults(run=_run_replicates)


def _report(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "report",
        help="weighting report (HTML): weight distribution, Kish deff, margins before/after / "
        "rapport de pondération (HTML) : distribution, deff de Kish, marges avant/après",
        description="Write an HTML report comparing base and calibrated weights. / Écrit un "
        "rapport HTML comparant les poids de base et les poids calés.",
    )
    p.add_argument("data", metavar="DATA", help="CSV or Parquet file / fichier CSV ou Parquet")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output .html / sortie .html"
    )
    p.add_argument("--weights", required=True, metavar="COL", help="base weights / poids de base")
    p.add_argument("--language", choices=("en", "fr"), default="en")
    add_calibration_arguments(p.add_argument_group("calibration"))
    p.set_defaults(run=_run_report)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


def _run_base(args: argparse.Namespace) -> int:
    from safemig.weights.construct import base_weights_from_frame, base_weights_from_probabilities
    from safemig.weights.population import read_frame

    if bool(args.probabilities) == bool(args.frame) or (args.frame and not args.strata):
        raise RequestError(
            Text(
                "Give either --probabilities, or --frame with --strata.",
                "Donnez soit --probabilities, soit --frame avec --strata.",
            )
        )
    if args.frame:
        table = base_weights_from_frame(
            args.data, args.strata, read_frame(args.strata, args.frame), args.name
        )
    else:
        table = base_weights_from_probabilities(args.data, _split(args.probabilities), args.name)
    return _write(table, args.output)


def _run_nonresponse(args: argparse.Namespace) -> int:
    from safemig.weights.construct import nonresponse_adjusted

    table = nonresponse_adjusted(
        args.data, args.weights, _split(args.classes), args.respondent, args.name
    )
    return _write(table, args.output)


def _run_calibrate(args: argparse.Namespace) -> int:
    from safemig.design import Design
    from safemig.weights.api import calibrated_weights

    design = Design(weights=args.weights, calibration=_required_calibration(args))
    with calibration_warnings(args):
        table = calibrated_weights(args.data, design, args.name)
    return _write(table, args.output)


def _required_calibration(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    cal = calibration_from_args(args)
    if cal is None:
        raise RequestError(
            Text(
                "Give --poststratify, --rake or --calibrate.",
                "Donnez --poststratify, --rake ou --calibrate.",
            )
        )
    return cal


def _run_trim(args: argparse.Namespace) -> int:
    from safemig.weights.construct import trimmed_weights

    table = trimmed_weights(args.data, args.weights, args.lower, args.upper, args.strict, args.name)
    return _write(table, args.output)


def _run_replicates(args: argparse.Namespace) -> int:
    from safemig.design import Design
    from safemig.weights.replicates import replicate_weights

    design = Design(
        weights=args.weights, strata=args.strata, psu=_split(args.psu), fpc=_split(args.fpc)
    )
    made = replicate_weights(
        args.data, design, args.type, args.replicates, args.seed, args.fay_rho, args.name
    )
    _write(made.table, args.output)
    reps = made.replicates
    flags = [
        "--weights",
        args.weights,
        "--repweights",
        f"'{args.name}*'",
        "--rep-type",
        reps.type,
        "--rep-scale",
        repr(reps.effective_scale),
    ]
    if reps.rscales is not None:
        flags += ["--rep-rscales", ",".join(repr(r) for r in reps.rscales)]
    sys.stderr.write(" ".join(flags) + "\n")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from safemig.design import Design
    from safemig.weights.report import weighting_report

    design = Design(weights=args.weights, calibration=_required_calibration(args))
    html = weighting_report(args.data, design, args.language)
    Path(args.output).write_text(html, encoding="utf-8")
    return 0


def _write(table, output: str) -> int:  # type: ignore[no-untyped-def]
    path = Path(output)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    else:
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, path)
    return 0
