"""``safemig report``: knowledge products from a results folder."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig report RESULTS_DIR -o OUT [--lang en fr]``."""
    parser = commands.add_parser(
        "report",
        help="build the report, tables, SDMX, brief and cards / produire rapport, tableaux, "
        "SDMX, note et cartes",
        description="Build the knowledge products of a results folder (written by `safemig "
        "run`): report.html and report.pdf, brief.pdf and infographic cards per language, "
        "tables.xlsx, and SDMX-CSV 2.0 with its structure. Every text passes the narrative "
        "checker. / Produit les documents d'un dossier de résultats : rapport HTML et PDF, note "
        "d'orientation et cartes par langue, classeur Excel, SDMX-CSV 2.0 et sa structure.",
    )
    parser.add_argument(
        "results", metavar="RESULTS_DIR", help="results folder / dossier de résultats"
    )
    parser.add_argument("--output", "-o", required=True, help="folder to write / dossier où écrire")
    parser.add_argument(
        "--lang",
        dest="languages",
        nargs="+",
        choices=("en", "fr"),
        default=["en", "fr"],
        help="languages of the products / langues des produits (default: en fr)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress display / sans barre de progression"
    )
    parser.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from safemig.products import build_products

    built = build_products(args.results, args.output, tuple(args.languages), not args.quiet)
    for path in built.all_paths():
        print(path)
    return 0
