"""``safemig run``: every stage of a project, from its exports to published results."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safemig.pipeline import RunSummary


def _run(args: argparse.Namespace) -> int:
    from safemig.pipeline import run_project
    from safemig.project import load_project

    summary = run_project(load_project(args.project), progress=not args.quiet)
    print_summary(summary)
    return 0


def print_summary(summary: RunSummary) -> None:
    """The end-of-run summary, in English and French."""
    from rich.console import Console
    from rich.table import Table

    from safemig.pipeline import STAGES

    console = Console()
    table = Table(title="safemig run", show_header=False, title_justify="left")
    table.add_column("what / quoi")
    table.add_column("", justify="right")
    cells = summary.cells
    for label, value in (
        ("rows read from new files / lignes lues (nouveaux fichiers)", summary.rows_read),
        ("respondents / répondantes", summary.respondents),
        ("quarantined / en quarantaine", summary.quarantined),
        ("flagged at ingest / signalées à l'import", summary.flagged),
        ("cleaning-log changes / modifications du journal", summary.cleaning_changes),
        ("check findings / constats des contrôles", summary.check_findings),
        ("indicators / indicateurs", summary.indicators),
        ("cells published / cases publiées", cells["published"] + cells["caution"]),
        ("  of which flagged, use with caution / dont à utiliser avec prudence", cells["caution"]),
        ("cells suppressed (too few, unreliable) / cases masquées", cells["suppressed"]),
        ("cells suppressed to protect others / masquées par complément", cells["secondary"]),
    ):
        table.add_row(label, f"{value:,}")
    for stage, seconds in summary.seconds.items():
        table.add_row(f"time / durée: {STAGES[stage]} / {STAGES[stage].fr}", f"{seconds:.2f} s")
    console.print(table)
    console.print(f"Results / résultats: {summary.results}")
    if summary.products is not None:
        console.print(f"Products / produits: {summary.products}")


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig run``."""
    p = commands.add_parser(
        "run",
        help="run the whole project: ingest to published results / exécuter tout le projet",
        description="Ingest every [[sources]] file, run the daily checks, apply the cleaning "
        "log and the weights, estimate the indicator catalogue over all its disaggregations, "
        "apply disclosure control and publish results/ (indicators.parquet, run.json, "
        "survey_summary.json) and the store's results tables. A failed run leaves the "
        "previous results as they were. / Importe les sources, contrôle, nettoie, pondère, "
        "estime, applique le contrôle de confidentialité et publie results/.",
    )
    p.add_argument("--project", default=".", help="project folder (default: here) / dossier")
    p.add_argument("--quiet", action="store_true", help="no progress bars / sans barres")
    p.set_defaults(run=_run)
