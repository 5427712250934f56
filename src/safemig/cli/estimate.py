"""``safemig estimate``: parse the contract's options, call the engine, write the results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safemig.cli.calibration_args import (
    add_calibration_arguments,
    calibration_from_args,
    calibration_warnings,
)
from safemig.design import LONELY_PSU_POLICIES, NA_POLICIES, REP_TYPES, Design, Replicates
from safemig.errors import RequestError
from safemig.estimate.request import (
    CI_METHODS,
    Mean,
    Proportion,
    Quantile,
    Ratio,
    Request,
    Statistic,
    Total,
)
from safemig.i18n import Text
from safemig.progress import progress_steps

# The backends' names, kept here so that --help does not load DuckDB or Arrow; a test checks
# them against safemig.estimate.backends.BACKENDS.
BACKEND_CHOICES = ("duckdb", "spark")

FORMATS = ("csv", "json", "table")


class _Statistics(argparse.Action):
    """Collect --mean/--total/--prop/--ratio/--quantile in the order given."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        found = list(getattr(namespace, "statistics", None) or [])
        found.append((self.dest, values))
        namespace.statistics = found


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig estimate``: design-based estimates for every disaggregation."""
    p = commands.add_parser(
        "estimate",
        help="design-based estimates with standard errors for every disaggregation",
        description="Estimate means, totals, proportions, ratios and quantiles with "
        "design-based standard errors (R survey's numbers), overall and for every "
        "disaggregation, in one pass over the data.",
    )
    p.add_argument(
        "data",
        metavar="DATA",
        help="CSV or Parquet file (with --backend spark, any path or URL Spark reads, "
        "e.g. hdfs://, s3a://, or a folder of Parquet files)",
    )
    d = p.add_argument_group("survey design")
    d.add_argument("--weights", required=True, metavar="COL", help="sampling weight column")
    d.add_argument("--strata", metavar="COL", help="first-stage strata column")
    d.add_argument(
        "--psu",
        metavar="COL[,COL2]",
        help="PSU column, and optionally the "
        "second-stage unit column; absent: each row is its own PSU",
    )
    d.add_argument(
        "--fpc",
        metavar="COL[,COL2]",
        help="finite population correction per stage: population counts or sampling fractions",
    )
    d.add_argument("--nest", action="store_true", help="PSU ids are repeated across strata")
    d.add_argument("--repweights", metavar="GLOB", help="replicate weight columns, e.g. 'repw*'")
    d.add_argument("--rep-type", choices=REP_TYPES, default="JK1", help="replicate method")
    d.add_argument(
        "--rep-scale", type=float, metavar="X", help="variance scale (default: R's for the type)"
    )
    d.add_argument("--rep-rscales", metavar="X,X,...", help="per-replicate scales (JKn)")
    d.add_argument("--rep-mse", action="store_true", help="centre on the full-sample estimate")
    add_calibration_arguments(
        p.add_argument_group(
            "calibration (weights adjusted to population figures; see docs/weights.md)"
        )
    )
    s = p.add_argument_group("statistics (repeatable, in any order)")
    for flag, meta, text in (
        ("--mean", "VAR", "weighted mean"),
        ("--total", "VAR", "weighted total"),
        ("--prop", "VAR", "share of each level of a categorical variable"),
        (
            "--prop-multiple",
            "VAR",
            "share choosing each option of a select_multiple "
            "(space-separated choices, or VAR/choice 0/1 columns)",
        ),
        ("--ratio", "NUM:DEN", "ratio of two totals"),
        ("--quantile", "VAR:P", "quantile P (e.g. income:0.5)"),
    ):
        s.add_argument(flag, metavar=meta, action=_Statistics, help=text)
    o = p.add_argument_group("domains and options")
    o.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COL[,COL...]",
        help="one disaggregation (repeatable); overall is always included",
    )
    o.add_argument("--where", metavar="SQL_BOOLEAN", help="universe (a subpopulation)")
    o.add_argument("--na", choices=NA_POLICIES, default="fail", help="missing analysis values")
    o.add_argument("--lonely-psu", choices=LONELY_PSU_POLICIES, default="fail")
    o.add_argument(
        "--domain-lonely",
        choices=("apply", "ignore"),
        default="apply",
        help="apply the lonely-PSU policy inside domains (R adjust.domain.lonely)",
    )
    o.add_argument(
        "--ci-method", choices=CI_METHODS, help="default: logit for proportions, wald otherwise"
    )
    o.add_argument("--ci-level", type=float, default=0.95)
    o.add_argument("--df", choices=("design", "inf"), default="design")
    o.add_argument(
        "--backend",
        choices=BACKEND_CHOICES,
        default="duckdb",
        help="duckdb: embedded (default); spark: Apache Spark, needs safemig[spark] and Java",
    )
    o.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master (local[4], yarn, spark://host:7077, k8s://...); default: the "
        "running Spark application's, else local[*]",
    )
    o.add_argument(
        "--spark-conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Spark configuration, repeatable (e.g. spark.executor.memory=8g)",
    )
    o.add_argument("--format", choices=FORMATS, default="csv")
    o.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    o.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(run=_run_estimate, statistics=[])


def _run_estimate(args: argparse.Namespace) -> int:
    design = Design(
        weights=args.weights,
        strata=args.strata,
        psu=_split(args.psu),
        fpc=_split(args.fpc),
        replicates=_replicates(args),
        lonely_psu=args.lonely_psu,
        domain_lonely=args.domain_lonely,
        nest=args.nest,
        calibration=calibration_from_args(args),
    )
    request = Request(
        statistics=tuple(_statistic(kind, value) for kind, value in args.statistics),
        by=tuple(_split(b) for b in args.by),
        where=args.where,
        na=args.na,
        ci_method=args.ci_method,
        ci_level=args.ci_level,
        df=args.df,
    )
    from contextlib import closing

    from safemig.estimate.backends import open_backend
    from safemig.estimate.engine import estimate
    from safemig.estimate.results import write_results

    settings = _backend_settings(args)
    with (
        progress_steps(enabled=not args.quiet) as step,
        closing(open_backend(args.backend, settings)) as engine,
        calibration_warnings(args),
    ):
        results = estimate(args.data, design, request, backend=engine, step=step)
    text = write_results(results, args.format, Path(args.output) if args.output else None)
    if text is not None:
        sys.stdout.write(text)
    return 0


def _backend_settings(args: argparse.Namespace) -> dict[str, str]:
    """``--spark-master`` and ``--spark-conf`` as one Spark configuration mapping."""
    if args.backend != "spark" and (args.spark_master or args.spark_conf):
        raise RequestError(
            Text(
                "--spark-master and --spark-conf go with --backend spark.",
                "--spark-master et --spark-conf vont avec --backend spark.",
            )
        )
    settings: dict[str, str] = {}
    for item in args.spark_conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise RequestError(
                Text(
                    f"--spark-conf {item!r}: write it as KEY=VALUE.",
                    f"--spark-conf {item!r} : écrivez-le sous la forme CLE=VALEUR.",
                )
            )
        settings[key.strip()] = value.strip()
    if args.spark_master:
        settings["spark.master"] = args.spark_master
    return settings


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


def _replicates(args: argparse.Namespace) -> Replicates | None:
    if not args.repweights:
        return None
    rscales = tuple(float(x) for x in _split(args.rep_rscales)) if args.rep_rscales else None
    return Replicates(
        pattern=args.repweights,
        type=args.rep_type,
        scale=args.rep_scale,
        rscales=rscales,
        mse=args.rep_mse,
    )


def _statistic(kind: str, value: str) -> Statistic:
    if kind in ("ratio", "quantile"):
        head, sep, tail = value.rpartition(":")
        if not sep or not head or not tail:
            form = "NUM:DEN" if kind == "ratio" else "VAR:P"
            raise RequestError(
                Text(
                    f"--{kind} {value!r}: write it as {form}.",
                    f"--{kind} {value!r} : écrivez-le sous la forme {form}.",
                )
            )
        if kind == "ratio":
            return Ratio(head, tail)
        try:
            return Quantile(head, float(tail))
        except ValueError as exc:
            raise RequestError(
                Text(
                    f"--quantile {value!r}: P must be a number such as 0.5.",
                    f"--quantile {value!r} : P doit être un nombre, par exemple 0.5.",
                )
            ) from exc
    if kind == "prop_multiple":
        return Proportion(value, multiple=True)
    if kind == "mean":
        return Mean(value)
    if kind == "total":
        return Total(value)
    return Proportion(value)
