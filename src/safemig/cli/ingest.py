"""``safemig init``, ``ingest``, ``check`` and ``clean``: a project folder and its data."""

from __future__ import annotations

import argparse
import getpass


def _run_init(args: argparse.Namespace) -> int:
    from safemig.project import init_project

    project = init_project(args.folder, args.form)
    print(f"Project / projet: {project.root}")
    print(f"  settings / réglages: {project.root / 'safemig.toml'}")
    print(
        f"  secret (back it up, never share / à sauvegarder, ne jamais partager): {project.secret}"
    )
    return 0


def _run_ingest(args: argparse.Namespace) -> int:
    from safemig.ingest import ingest_into_project
    from safemig.project import load_project

    summary = ingest_into_project(
        load_project(args.project),
        args.file,
        args.form,
        args.encoding,
        args.delimiter,
        progress=args.format == "text",
        private_key=args.private_key,
    )
    if args.format == "json":
        print(summary.to_json())
        return 0
    note = " (already ingested / déjà importé)" if summary.already_ingested else ""
    print(f"{summary.source}{note}")
    for label, value in (
        ("read / lus", summary.read),
        ("accepted / acceptés", summary.accepted),
        ("quarantined / en quarantaine", summary.quarantined),
        ("duplicates skipped / doublons ignorés", summary.duplicates),
        ("flagged / signalés", summary.flagged),
    ):
        print(f"  {label:<40} {value:>10,}")
    if summary.extra_columns:
        print(
            f"  columns not in the form, kept as text / colonnes hors formulaire: "
            f"{', '.join(summary.extra_columns)}"
        )
    if summary.missing_columns:
        print(
            f"  questions missing from the file / questions absentes: "
            f"{', '.join(summary.missing_columns)}"
        )
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from safemig.ingest.checks import write_check_report
    from safemig.project import load_project

    project = load_project(args.project)
    paths = write_check_report(project, args.output, args.language or project.languages[0])
    for path in paths:
        print(path)
    return 0


def _run_clean(args: argparse.Namespace) -> int:
    from safemig.ingest.cleaning import apply_cleaning_log
    from safemig.project import load_project

    result = apply_cleaning_log(load_project(args.project), args.log, args.by or getpass.getuser())
    print(
        f"{args.log}: {result.applied} change(s) applied / modification(s) appliquée(s), "
        f"{result.no_action} no_action"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig init``, ``safemig ingest``, ``safemig check``, ``safemig clean``."""
    init = commands.add_parser(
        "init",
        help="create a project folder / créer un projet",
        description="Write a commented safemig.toml (every section of a project: sources, "
        "design, weights, catalogue, disclosure, outputs), a new pseudonymisation secret and a "
        ".gitignore. / Écrit un safemig.toml commenté, une nouvelle clé et un .gitignore.",
    )
    init.add_argument("folder", nargs="?", default=".", help="folder (default: here)")
    init.add_argument("--form", help="the XLSForm .xlsx the data follow")
    init.set_defaults(run=_run_init)

    ingest = commands.add_parser("ingest", help="ingest an export / importer un export")
    ingest.add_argument("file", help="Kobo/ODK CSV, Central .zip, .xlsx, .sav, .dta, .parquet")
    ingest.add_argument("--form", help="XLSForm (default: the project's)")
    ingest.add_argument("--format", choices=["text", "json"], default="text")
    ingest.add_argument("--encoding", default="utf-8", help="text encoding (e.g. latin-1)")
    ingest.add_argument("--delimiter", default="", help="CSV separator (default: sniffed)")
    ingest.add_argument(
        "--private-key", help="PEM key: FILE is a folder of encrypted ODK submissions"
    )
    ingest.add_argument("--project", default=".", help="project folder (default: here)")
    ingest.set_defaults(run=_run_ingest)

    check = commands.add_parser("check", help="daily quality checks / contrôles quotidiens")
    check.add_argument("-o", "--output", default="checks", help="folder for .xlsx and .html")
    check.add_argument("--language", choices=["en", "fr"], help="default: the project's first")
    check.add_argument("--project", default=".", help="project folder (default: here)")
    check.set_defaults(run=_run_check)

    clean = commands.add_parser("clean", help="apply a cleaning log / appliquer un journal")
    clean.add_argument("log", help="cleaning log .csv or .xlsx")
    clean.add_argument("--by", help="who applies it (default: your user name)")
    clean.add_argument("--project", default=".", help="project folder (default: here)")
    clean.set_defaults(run=_run_clean)
