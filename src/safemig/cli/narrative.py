"""``safemig lint-text``: check texts for stigmatising language."""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig lint-text``: the narrative checker."""
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
