"""``safemig voices``: code focus groups and open answers, review suggestions, approve quotes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safemig.i18n import Text, user_language

if TYPE_CHECKING:
    from safemig.voices.workspace import Voices


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig voices status|sheet|suggest|decide|agreement|themes|quotes``."""
    parser = commands.add_parser(
        "voices",
        help="code focus groups and open answers, approve quotes / coder les groupes de "
        "discussion et les réponses ouvertes, approuver les citations",
        description="Women's voices beside the numbers: transcripts and open answers are cut "
        "into units, coded against the codebook (coding sheets, suggestions an analyst "
        "accepts or rejects), counted by group; quotes reach a report only with consent and "
        "after an analyst approved their de-identified text. `safemig run` estimates the "
        "themes of open answers and puts approved quotes in the report. / Les transcriptions "
        "et réponses ouvertes sont codées, comptées par groupe ; les citations n'atteignent un "
        "rapport qu'avec consentement et après approbation (voir docs/voices.md).",
    )
    steps = parser.add_subparsers(dest="voices_command", metavar="STEP", required=True)
    _add(
        steps, "status", _run_status, "what is there and what is left to do / état et reste à faire"
    )
    sheet = _add(
        steps,
        "sheet",
        _run_sheet,
        "write a coding sheet for a coder / écrire une feuille de codage",
    )
    sheet.add_argument(
        "--coder",
        required=True,
        help="coder's name, the file name / nom de la codeuse (nom du fichier)",
    )
    suggest = _add(
        steps, "suggest", _run_suggest, "suggest codes (keywords, embeddings) / suggérer des codes"
    )
    suggest.add_argument(
        "--no-embeddings",
        action="store_true",
        help="keyword rules only / règles de mots-clés seulement",
    )
    suggest.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="cosine similarity from which a theme is suggested (default 0.55) / similarité "
        "à partir de laquelle un thème est suggéré",
    )
    decide = _add(
        steps,
        "decide",
        _run_decide,
        "accept or reject suggestions / accepter ou rejeter des suggestions",
    )
    decide.add_argument(
        "decision", choices=("accepted", "rejected"), help="the decision / la décision"
    )
    decide.add_argument("--by", required=True, help="who decides / qui décide")
    decide.add_argument("--unit", help="one unit (with --theme) / une unité (avec --theme)")
    decide.add_argument("--theme", help="one theme / un thème")
    decide.add_argument(
        "--method",
        choices=("keyword", "embedding"),
        help="every pending suggestion of this method / toutes les suggestions en attente de "
        "cette méthode",
    )
    agree = _add(
        steps,
        "agreement",
        _run_agreement,
        "two coders' agreement (Cohen's kappa) / accord entre deux codeuses",
    )
    agree.add_argument("first", help="first coder / première codeuse")
    agree.add_argument("second", help="second coder / deuxième codeuse")
    themes = _add(
        steps,
        "themes",
        _run_themes,
        "theme frequencies by session attribute / fréquence des thèmes par attribut",
    )
    themes.add_argument(
        "--by", default="", help="site, language or an attribute / site, langue ou un attribut"
    )
    quotes = _add(
        steps,
        "quotes",
        _run_quotes,
        "propose, list or approve quotes / proposer, lister ou approuver des citations",
    )
    quotes.add_argument(
        "action", choices=("propose", "list", "approve"), help="what to do / quoi faire"
    )
    quotes.add_argument("quote", nargs="?", help="quote id (approve) / identifiant de la citation")
    quotes.add_argument("--by", default="", help="who approves / qui approuve")


def _add(
    steps: argparse._SubParsersAction, name: str, run: object, help_text: str
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = steps.add_parser(name, help=help_text, description=help_text)
    p.add_argument(
        "--project",
        default=".",
        help="project folder (default: current folder) / dossier du projet (défaut : courant)",
    )
    p.set_defaults(run=run)
    return p


def _voices(args: argparse.Namespace) -> Voices:
    from safemig.project import load_project
    from safemig.project_sections import VoicesSettings
    from safemig.voices.workspace import Voices

    project = load_project(args.project)
    settings = project.voices or VoicesSettings(folder=project.root / "voices")
    answers = None
    if settings.open_answers and project.design is not None:
        from safemig.instrument.schema import read_form
        from safemig.pipeline.analysis import analysis_data

        schema = read_form(project.form) if project.form else None
        answers = analysis_data(project, schema, project.design).table
    return Voices(settings, answers=answers)


def _say(args: argparse.Namespace, en: str, fr: str) -> None:
    print(Text(en, fr).in_language(getattr(args, "ui_language", None) or user_language()))


def _run_status(args: argparse.Namespace) -> int:
    from safemig.voices.quotes import usable_quotes

    voices = _voices(args)
    codes = voices.codes()
    units = voices.units
    pending = [s for s in voices.suggestions() if not s.decision]
    usable, refused = usable_quotes(voices.quotes(), voices.sessions)
    coded = sum(u in codes for u in units)
    _say(
        args,
        f"{len(voices.sessions)} sessions, {len(units)} units, {coded} coded; coders: "
        f"{', '.join(voices.coders()) or 'none'}; {len(pending)} suggestions to review; "
        f"{len(usable)} usable quotes, {len(refused)} not usable.",
        f"{len(voices.sessions)} séances, {len(units)} unités, {coded} codées ; codeuses : "
        f"{', '.join(voices.coders()) or 'aucune'} ; {len(pending)} suggestions à examiner ; "
        f"{len(usable)} citations utilisables, {len(refused)} non utilisables.",
    )
    return 0


def _run_sheet(args: argparse.Namespace) -> int:
    from safemig.voices.coding import read_codes, write_sheet

    voices = _voices(args)
    path = voices.codes_folder / f"{args.coder}.csv"
    earlier = read_codes(path, voices.units, voices.codebook) if path.exists() else {}
    count = write_sheet(path, voices.units.values(), earlier)
    _say(
        args,
        f"{path}: {count} units ({len(earlier)} already coded kept); fill in 'themes' with "
        f"theme ids separated by ';' ({', '.join(voices.codebook.ids())}).",
        f"{path} : {count} unités ({len(earlier)} déjà codées conservées) ; remplissez "
        f"'themes' avec des identifiants de thèmes séparés par ';' "
        f"({', '.join(voices.codebook.ids())}).",
    )
    return 0


def _run_suggest(args: argparse.Namespace) -> int:
    from safemig.voices.coding import merge_suggestions, write_suggestions
    from safemig.voices.suggest import THRESHOLD, suggestions

    voices = _voices(args)
    embeddings = voices.settings.embeddings and not args.no_embeddings
    fresh = suggestions(
        list(voices.units.values()),
        voices.codebook,
        embeddings,
        THRESHOLD if args.threshold is None else args.threshold,
    )
    merged = merge_suggestions(fresh, voices.suggestions())
    write_suggestions(voices.suggestions_file, merged)
    pending = sum(not s.decision for s in merged)
    _say(
        args,
        f"{voices.suggestions_file}: {len(merged)} suggestions, {pending} to review (column "
        "'decision': accepted or rejected).",
        f"{voices.suggestions_file} : {len(merged)} suggestions, {pending} à examiner "
        "(colonne 'decision' : accepted ou rejected).",
    )
    return 0


def _run_decide(args: argparse.Namespace) -> int:
    from safemig.errors import CodingFileError
    from safemig.voices.coding import decide, write_suggestions

    voices = _voices(args)
    current = voices.suggestions()
    if args.method:
        targets = [(s.unit, s.theme) for s in current if s.method == args.method and not s.decision]
    elif args.unit and args.theme:
        targets = [(args.unit, args.theme)]
    else:
        raise CodingFileError(
            Text(
                "Name one suggestion (--unit and --theme) or a method (--method).",
                "Nommez une suggestion (--unit et --theme) ou une méthode (--method).",
            )
        )
    for unit, theme in targets:
        current = decide(current, unit, theme, args.decision, args.by)
    write_suggestions(voices.suggestions_file, current)
    _say(
        args,
        f"{len(targets)} suggestions {args.decision}.",
        f"{len(targets)} suggestions : {args.decision}.",
    )
    return 0


def _run_agreement(args: argparse.Namespace) -> int:
    from safemig.errors import CodingFileError
    from safemig.voices.agreement import agreement

    voices = _voices(args)
    coders = voices.coders()
    for name in (args.first, args.second):
        if name not in coders:
            raise CodingFileError(
                Text(
                    f"No coding sheet {voices.codes_folder / (name + '.csv')}; coders: "
                    f"{', '.join(coders) or 'none'}.",
                    f"Pas de feuille de codage {voices.codes_folder / (name + '.csv')} ; "
                    f"codeuses : {', '.join(coders) or 'aucune'}.",
                )
            )
    result = agreement(
        coders[args.first], coders[args.second], voices.codebook, (args.first, args.second)
    )
    print(
        f"{'theme / thème':<28} {'both':>5} {'1 only':>7} {'2 only':>7} {'neither':>8} {'kappa':>7}"
    )
    for t in (*result.themes, result.pooled):
        kappa = "—" if t.kappa is None else f"{t.kappa:.3f}"
        print(
            f"{t.theme:<28} {t.both:>5} {t.only_first:>7} {t.only_second:>7} "
            f"{t.neither:>8} {kappa:>7}"
        )
    _say(
        args,
        f"{result.units} units read by both; '*' is every unit × theme judgement pooled.",
        f"{result.units} unités lues par les deux ; '*' regroupe tous les jugements unité × thème.",
    )
    return 0


def _run_themes(args: argparse.Namespace) -> int:
    from safemig.voices.analysis import theme_frequencies

    voices = _voices(args)
    rows = theme_frequencies(voices.sessions, voices.codes(), voices.codebook, args.by)
    print(
        f"{'level / niveau':<16} {'theme / thème':<26} {'sessions':>9} "
        f"{'turns / interventions':>22}"
    )
    for r in rows:
        sessions = f"{r['sessions_with_theme']}/{r['sessions']}"
        turns = f"{r['turns_with_theme']}/{r['turns']}"
        print(f"{r['level'] or '*':<16} {r['theme']:<26} {sessions:>9} {turns:>22}")
    return 0


def _run_quotes(args: argparse.Namespace) -> int:
    from safemig.errors import QuoteError
    from safemig.voices.quotes import approve, propose_quotes, usable_quotes, write_quotes

    voices = _voices(args)
    quotes = voices.quotes()
    if args.action == "propose":
        proposed = propose_quotes(voices.sessions, voices.codes(), quotes)
        write_quotes(voices.quotes_file, proposed)
        _say(
            args,
            f"{voices.quotes_file}: {len(proposed) - len(quotes)} new quotes to read and approve.",
            f"{voices.quotes_file} : {len(proposed) - len(quotes)} nouvelles citations à lire et "
            "approuver.",
        )
    elif args.action == "approve":
        if not args.quote:
            raise QuoteError(Text("Name the quote to approve.", "Nommez la citation à approuver."))
        write_quotes(voices.quotes_file, approve(quotes, args.quote, args.by))
        _say(args, f"{args.quote}: approved.", f"{args.quote} : approuvée.")
    else:
        usable, refused = usable_quotes(quotes, voices.sessions)
        language = getattr(args, "ui_language", None) or user_language()
        for q in usable:
            print(f"{q.id}  OK  {q.text}")
        for r in refused:
            print(f"{r.quote}  --  {r.reason.in_language(language)}")
    return 0
