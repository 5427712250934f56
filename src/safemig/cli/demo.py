"""``safemig demo``: run the engine on the bundled synthetic survey and show the figures."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig demo``."""
    p = commands.add_parser(
        "demo",
        help="run safemig on the bundled SYNTHETIC survey / démonstration sur l'enquête "
        "SYNTHÉTIQUE",
        description="Generate the synthetic survey (clearly labelled, no real respondent) "
        "as a complete project (OUTPUT/project), run the whole pipeline on it as `safemig run` "
        "does (ingest, checks, cleaning log, weights, the indicator catalogue, disclosure "
        "control, results), estimate figures with design-based standard errors, build the "
        "information kits, and write everything to a folder.",
    )
    p.add_argument("--output", "-o", default="demo-output", help="folder to write")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(run=_run_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from safemig.demo.engine_demo import run_demo

    run = run_demo(args.output, progress=not args.quiet)
    console = Console()
    console.print("[bold]safemig demo — SYNTHETIC data / données SYNTHÉTIQUES[/bold]")
    table = Table(
        title="Share who received information before leaving, by region (95% CI, R survey-exact)"
    )
    for name in ("region", "estimate", "95% CI", "n", "deff"):
        table.add_column(name)
    for row in run.results.rows("prop", "predeparture-info_received", "stratum"):
        if row["level"] != "yes":
            continue
        table.add_row(
            str(row["stratum"]),
            f"{row['estimate']:.1%}",
            f"{row['ci_low']:.1%} – {row['ci_high']:.1%}",
            str(row["n"]),
            f"{row['deff']:.2f}",
        )
    console.print(table)
    console.print(
        f"{len(run.results)} estimates (all cuts) in {run.estimates_csv} and "
        f"{run.estimates_json}; the project and its synthetic exports in {run.project}."
    )
    if run.run is not None:
        from safemig.cli.run import print_summary

        print_summary(run.run)
    console.print(
        "Indicators after disclosure control (DHS rule) / indicateurs publiables : "
        f"{run.indicators}"
    )
    console.print(f"Information kits / kits d'information (site, PDF, audio, SMS) : {run.kits}")
    console.print(
        "Dashboard / tableau de bord : "
        f"safemig users --project {run.project} add me --role admin && "
        f"safemig serve --project {run.project}"
    )
    console.print(
        "Programme self-assessment, two EXAMPLES / auto-évaluation, deux EXEMPLES : "
        f"{run.assessment}"
    )
    return 0
