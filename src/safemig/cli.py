"""Command-line front of safemig.

Thin by design: each command parses its options, calls one library function and renders the
result. Errors from safemig (:class:`safemig.errors.SafemigError`) are printed as one paragraph
and give exit code 2; nothing else is caught here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from safemig import __version__
from safemig.errors import SafemigError

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


_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


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
