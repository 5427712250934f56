"""``safemig kit check|build|sms``: information kits for migrant women."""

from __future__ import annotations

import argparse
import sys


def _limits(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from safemig.kits.settings import Limits

    return Limits(
        min_ease=args.min_ease,
        max_words_per_sentence=args.max_words_per_sentence,
        max_sentence_words=args.max_sentence_words,
        max_letters_per_word=args.max_letters_per_word,
        max_sms_segments=args.max_sms_segments,
    )


def _languages(args: argparse.Namespace) -> tuple[str, ...] | None:
    return tuple(x for x in args.languages.split(",") if x) if args.languages else None


def _run_check(args: argparse.Namespace) -> int:
    from safemig.i18n import user_language
    from safemig.kits import check_library, load_library
    from safemig.kits.messages import render_check

    check = check_library(load_library(args.library), _limits(args), None, _languages(args))
    sys.stdout.write(render_check(check, args.lang or args.ui_language or user_language()))
    return 0 if check.passed else 1


def _run_build(args: argparse.Namespace) -> int:
    from safemig.i18n import user_language
    from safemig.kits import build_kits

    build = build_kits(
        args.output,
        _languages(args) or ("en", "fr"),
        tuple(args.regions.split(",")),
        library=args.library,
        estimates=args.estimates,
        estimates_synthetic=args.synthetic_estimates,
        site_url=args.site_url,
        limits=_limits(args),
        simple_language=args.simple_language,
        progress=not args.quiet,
    )
    print(f"site      {build.output_dir / 'site' / 'index.html'} ({len(build.pages)} pages)")
    print(f"leaflets  {build.output_dir / 'leaflets'} ({len(build.leaflets)} PDF)")
    print(f"audio     {len(build.audio)} WAV, {len(build.recording_slots)} awaiting a recording")
    print(f"sms       {build.output_dir / 'sms'}")
    language = args.ui_language or user_language()
    for note in build.notes:
        print(f"note: {note.in_language(language)}")
    return 0


def _run_sms(args: argparse.Namespace) -> int:
    from safemig.kits import count_segments

    count = count_segments(args.text)
    print(f"{count.encoding} {count.units} units, {count.segments} SMS")
    return 0


def _add_limits(parser: argparse.ArgumentParser) -> None:
    from safemig.kits.settings import Limits

    defaults = Limits()
    group = parser.add_argument_group("simple-language limits / limites du langage simple")
    group.add_argument(
        "--min-ease",
        type=float,
        default=defaults.min_ease,
        help=f"lowest Flesch / Kandel–Moles score (default: {defaults.min_ease})",
    )
    group.add_argument(
        "--max-words-per-sentence",
        type=float,
        default=defaults.max_words_per_sentence,
        help=f"highest average (default: {defaults.max_words_per_sentence})",
    )
    group.add_argument(
        "--max-sentence-words",
        type=int,
        default=defaults.max_sentence_words,
        help=f"longest sentence (default: {defaults.max_sentence_words})",
    )
    group.add_argument(
        "--max-letters-per-word",
        type=float,
        default=defaults.max_letters_per_word,
        help=f"highest average (default: {defaults.max_letters_per_word})",
    )
    group.add_argument(
        "--max-sms-segments",
        type=int,
        default=defaults.max_sms_segments,
        help=f"SMS messages per topic (default: {defaults.max_sms_segments})",
    )


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--library", help="content library folder (default: the starter one)")
    parser.add_argument("--languages", help="comma-separated, e.g. en,fr (default: all)")
    _add_limits(parser)


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig kit``: check and build information kits."""
    from safemig.kits.settings import EXAMPLE_SITE_URL

    kit = commands.add_parser(
        "kit",
        help="information kits for migrant women / kits d'information",
        description="Simple-language information for migrant women: check the texts, then "
        "build a mini-site, A5 leaflets, audio and SMS texts per language and region.",
    )
    sub = kit.add_subparsers(dest="kit_command", metavar="SUBCOMMAND", required=True)
    check = sub.add_parser("check", help="check topics are simple enough (exit 1 if not)")
    _add_common(check)
    check.add_argument(
        "--lang",
        choices=("en", "fr"),
        default=None,
        help="language of the report (default: safemig --lang, else the locale)",
    )
    check.set_defaults(run=_run_check)
    build = sub.add_parser("build", help="build the mini-site, leaflets, audio and SMS")
    _add_common(build)
    build.add_argument(
        "--regions",
        default="niamey,zinder,agadez",
        help="comma-separated region ids (default: niamey,zinder,agadez)",
    )
    build.add_argument("--estimates", help="estimates CSV from `safemig estimate` (channels)")
    build.add_argument(
        "--synthetic-estimates",
        action="store_true",
        help="the estimates come from the synthetic survey (pages say so)",
    )
    build.add_argument(
        "--site-url",
        default=EXAMPLE_SITE_URL,
        help=f"where the site will be published (default: {EXAMPLE_SITE_URL})",
    )
    build.add_argument(
        "--simple-language",
        choices=("fail", "warn"),
        default="fail",
        help="when a topic exceeds the limits (default: fail)",
    )
    build.add_argument("-o", "--output", default="kits", help="folder to write (default: kits)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(run=_run_build)
    sms = sub.add_parser("sms", help="count the SMS segments of a text (GSM-7 or UCS-2)")
    sms.add_argument("text", help="the message")
    sms.set_defaults(run=_run_sms)
