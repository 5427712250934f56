"""Command-line front of safemig.

Thin by design: each command parses its options, calls one library function and renders the
result. Errors from safemig (:class:`safemig.errors.SafemigError`) are printed as one paragraph
and give exit code 2; nothing else is caught here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from safemig import __version__
from safemig.design import LONELY_PSU_POLICIES, NA_POLICIES, REP_TYPES, Design, Replicates
from safemig.errors import RequestError, SafemigError
from safemig.estimate import Mean, Proportion, Quantile, Ratio, Request, Total, estimate
from safemig.estimate.request import CI_METHODS, Statistic
from safemig.estimate.results import FORMATS, write_results
from safemig.progress import progress_steps

Runner = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every safemig command (also used to generate the CLI docs)."""
    parser = argparse.ArgumentParser(
        prog="safemig",
        description="Evidence for gender-responsive migration programmes (English/Français).",
    )
    parser.add_argument("--version", action="version", version=f"safemig {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _COMMANDS:
        register(commands)
    return parser


class _Statistics(argparse.Action):
    """Collect --mean/--total/--prop/--ratio/--quantile in the order given."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        found = list(getattr(namespace, "statistics", None) or [])
        found.append((self.dest, values))
        namespace.statistics = found


def _register_estimate(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "estimate",
        help="design-based estimates with standard errors for every disaggregation",
        description="Estimate means, totals, proportions, ratios and quantiles with "
        "design-based standard errors (R survey's numbers), overall and for every "
        "disaggregation, in one pass over the data.",
    )
    p.add_argument("data", metavar="DATA", help="CSV or Parquet file")
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
    o.add_argument("--backend", choices=("duckdb",), default="duckdb")
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
    with progress_steps(enabled=not args.quiet) as step:
        results = estimate(args.data, design, request, backend=args.backend, step=step)
    text = write_results(results, args.format, Path(args.output) if args.output else None)
    if text is not None:
        sys.stdout.write(text)
    return 0


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
            raise RequestError(f"--{kind} {value!r}: write it as {form}.")
        if kind == "ratio":
            return Ratio(head, tail)
        try:
            return Quantile(head, float(tail))
        except ValueError as exc:
            raise RequestError(f"--quantile {value!r}: P must be a number such as 0.5.") from exc
    if kind == "prop_multiple":
        return Proportion(value, multiple=True)
    return {"mean": Mean, "total": Total, "prop": Proportion}[kind](value)


_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_register_estimate]


def _register_lint_text(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "lint-text",
        help="flag stigmatising language in reports, briefs and campaigns (EN/FR)",
        description="Check Markdown, HTML, plain-text and DOCX files for stigmatising "
        "language about migrants and suggest alternatives. Exit code 1 when something is "
        "found, 0 when clean, 2 when a file cannot be read.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".md, .html, .txt or .docx")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        dest="output_format",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        default=None,
        help="language of the messages (default: each text's language)",
    )
    parser.add_argument(
        "--text-lang",
        choices=("en", "fr"),
        default=None,
        help="language of the texts (default: declared in the file, else detected)",
    )
    parser.set_defaults(run=_run_lint_text)


def _run_lint_text(args: argparse.Namespace) -> int:
    from safemig.narrative.lint import lint_files, render_report

    report = lint_files(args.files, language=args.text_lang)
    sys.stdout.write(render_report(report, args.output_format, args.lang))
    return 1 if report.findings else 0


_COMMANDS.append(_register_lint_text)


# --- question bank and synthetic survey (issue 5) -------------------------------------------


def _run_form_build(args: argparse.Namespace) -> int:
    from safemig.instrument import build_form, convert_to_xform, load_bank, write_xlsform

    modules = [m for m in args.modules.split(",") if m] if args.modules else None
    sheets = build_form(
        load_bank(args.bank), modules, args.languages.split(","), args.instrument, args.version
    )
    xform = convert_to_xform(sheets)
    print(f"XLSForm: {write_xlsform(sheets, args.output)}")
    if args.xform:
        Path(args.xform).write_text(xform, encoding="utf-8")
        print(f"XForm: {args.xform}")
    return 0


def _run_form_schema(args: argparse.Namespace) -> int:
    from safemig.instrument import read_form

    schema = read_form(args.form)
    if args.json:
        print(schema.to_json())
        return 0
    print(f"{schema.form_id} {schema.version} — {schema.title} ({', '.join(schema.languages)})")
    for q in schema.data_questions():
        flags = " ".join(
            f for f, on in (("identifier", q.identifier), ("sensitive", q.sensitive)) if on
        )
        print(f"  {q.kobo_header():<48} {q.type:<16} {q.list_name:<18} {flags}")
    return 0


def _run_form_print(args: argparse.Namespace) -> int:
    from safemig.instrument import read_form, write_printable

    print(f"{write_printable(read_form(args.form), args.output, args.language)}")
    return 0


def _run_form_modules(args: argparse.Namespace) -> int:
    from safemig.instrument import load_bank

    for module in sorted(
        load_bank(args.bank).modules.values(), key=lambda m: (m.instrument, m.order)
    ):
        print(f"{module.instrument:<18} {module.id:<18} {module.title[args.language]}")
    return 0


def register_form(commands: argparse._SubParsersAction) -> None:
    """``safemig form build|schema|print|modules``: the question bank and XLSForms."""
    form = commands.add_parser("form", help="build, read and print questionnaires / questionnaires")
    sub = form.add_subparsers(dest="form_command", metavar="SUBCOMMAND", required=True)
    build = sub.add_parser("build", help="build an XLSForm from question-bank modules")
    build.add_argument(
        "--modules", help="comma-separated module ids (default: all of the instrument)"
    )
    build.add_argument(
        "--languages", default="en,fr", help="comma-separated language codes (default: en,fr)"
    )
    build.add_argument(
        "--instrument", default="survey", choices=["survey", "training_test", "consultation_poll"]
    )
    build.add_argument("--version", help="form version, yyyymmddrr (default: today, 01)")
    build.add_argument(
        "--bank", help="folder of YAML modules (default: the bank shipped with safemig)"
    )
    build.add_argument("--xform", help="also write the XForm XML here")
    build.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    build.set_defaults(run=_run_form_build)
    schema = sub.add_parser("schema", help="read an XLSForm and list its questions")
    schema.add_argument("form", help="an XLSForm .xlsx file")
    schema.add_argument("--json", action="store_true", help="print the whole schema as JSON")
    schema.set_defaults(run=_run_form_schema)
    printed = sub.add_parser("print", help="printable questionnaire (.html or .pdf)")
    printed.add_argument("form", help="an XLSForm .xlsx file")
    printed.add_argument("--language", default="en", help="en or fr (default: en)")
    printed.add_argument(
        "-o", "--output", required=True, help="questionnaire.pdf or questionnaire.html"
    )
    printed.set_defaults(run=_run_form_print)
    listing = sub.add_parser("modules", help="list the modules of the question bank")
    listing.add_argument("--bank", help="folder of YAML modules")
    listing.add_argument("--language", default="en", choices=["en", "fr"])
    listing.set_defaults(run=_run_form_modules)


def _run_demo_data(args: argparse.Namespace) -> int:
    from safemig.demo import generate_survey, write_survey

    survey = generate_survey(seed=args.seed, size=args.size, progress=not args.quiet)
    for kind, path in write_survey(survey, args.output).items():
        print(f"{kind:<11} {path}")
    return 0


def register_demo_data(commands: argparse._SubParsersAction) -> None:
    """``safemig demo-data``: write the synthetic survey (Kobo and ODK Central exports)."""
    from safemig.demo.survey import DEFAULT_SEED, DEFAULT_SIZE

    demo = commands.add_parser(
        "demo-data", help="write a SYNTHETIC survey / écrire une enquête SYNTHÉTIQUE"
    )
    demo.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    demo.add_argument(
        "--size", type=int, default=DEFAULT_SIZE, help=f"interviews (default: {DEFAULT_SIZE})"
    )
    demo.add_argument(
        "-o", "--output", default="demo-data", help="folder to write (default: demo-data)"
    )
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.set_defaults(run=_run_demo_data)


_COMMANDS += [register_form, register_demo_data]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Runner | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    try:
        return run(args)
    except SafemigError as exc:
        print(f"safemig: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
