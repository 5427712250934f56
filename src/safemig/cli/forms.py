"""``safemig form`` and ``safemig demo-data``: the question bank and the synthetic survey."""

from __future__ import annotations

import argparse
from pathlib import Path


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
    from safemig.demo.defaults import DEFAULT_SEED, DEFAULT_SIZE

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


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig form ...`` and ``safemig demo-data``."""
    register_form(commands)
    register_demo_data(commands)
