"""Command-line front of safemig.

Thin by design: each command parses its options, calls one library function and renders the
result. Errors from safemig (:class:`safemig.errors.SafemigError`) are printed as one paragraph
and give exit code 2; nothing else is caught here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from safemig import __version__
from safemig.errors import SafemigError
from safemig.i18n import user_language

Runner = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every safemig command (also used to generate the CLI docs)."""
    parser = argparse.ArgumentParser(
        prog="safemig",
        description="Evidence for gender-responsive migration programmes (English/Français).",
    )
    parser.add_argument("--version", action="version", version=f"safemig {__version__}")
    parser.add_argument(
        "--lang",
        dest="ui_language",
        choices=("en", "fr"),
        help="language of messages / langue des messages (default: SAFEMIG_LANG, then locale)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _registrars():
        register(commands)
    return parser


# One module per command family, each with ``register(subparsers)``; new commands add a
# module here and nothing else.
COMMAND_MODULES = (
    "estimate",
    "narrative",
    "forms",
    "kits",
    "demo",
    "ingest",
    "run",
    "report",
    "weight",
    "serve",
    "assess",
    "voices",
)


def _registrars() -> list[Callable[[argparse._SubParsersAction], None]]:
    return [importlib.import_module(f"safemig.cli.{name}").register for name in COMMAND_MODULES]


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
        language = args.ui_language or user_language()
        label = "erreur" if language == "fr" else "error"
        print(f"safemig: {label}: {exc.message(language)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())


def reference() -> str:
    """The command-line reference in Markdown, generated from every parser's ``--help``."""
    parser = build_parser()
    parts = [
        "# Command-line reference / référence de la ligne de commande",
        "",
        "Generated from `safemig --help`; `make docs` rewrites it and a test fails when "
        "it is out of date. *Généré à partir de `--help`.*",
        "",
        "```",
        parser.format_help(),
        "```",
    ]
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, sub in sorted(actions[0].choices.items()) if actions else []:
        parts += ["", f"## safemig {name}", "", "```", sub.format_help().rstrip(), "```"]
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        for child, command in sorted(nested[0].choices.items()) if nested else []:
            parts += [
                "",
                f"### safemig {name} {child}",
                "",
                "```",
                command.format_help().rstrip(),
                "```",
            ]
    return "\n".join(parts) + "\n"
