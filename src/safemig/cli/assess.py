"""``safemig assess``: a programme's self-assessment (template, check, record, history, report)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """``safemig assess template|check|record|history|report``."""
    parser = commands.add_parser(
        "assess",
        help="self-assess a programme against the gender-responsive checklist / auto-évaluer "
        "un programme",
        description="Is this programme gender-responsive, and what is missing? Fill in the "
        "checklist (seven lessons of the Niger programme, GCM guiding principles) in an Excel "
        "template or a YAML file, record it in the project's history with who and when, and "
        "render the report: scorecard per lesson, gaps with recommended actions, GCM coverage "
        "and the change from the previous assessment. / Remplissez la liste de contrôle, "
        "enregistrez-la dans l'historique du projet et produisez le rapport (voir "
        "docs/assess.md).",
    )
    steps = parser.add_subparsers(dest="assess_command", metavar="STEP", required=True)
    _template(steps)
    _check(steps)
    _record(steps)
    _history(steps)
    _report(steps)


def _checklist_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--checklist",
        metavar="FILE",
        help="another checklist file (YAML) / autre liste de contrôle (défaut : intégrée)",
    )


def _project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        default=".",
        help="project folder (default: current folder) / dossier du projet (défaut : courant)",
    )


def _template(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "template",
        help="write the Excel answer template / écrire le modèle de réponses Excel",
        description="Write an Excel workbook with one row per criterion (question, evidence "
        "expected, a drop-down answer, reason, evidence held) and a sheet for activities. / "
        "Écrit un classeur Excel avec une ligne par critère et une feuille pour les activités.",
    )
    p.add_argument("output", metavar="FILE.xlsx", help="file to write / fichier à écrire")
    p.add_argument(
        "--lang",
        dest="language",
        choices=("en", "fr"),
        default="en",
        help="language of questions / langue des questions (default: en)",
    )
    _checklist_option(p)
    p.set_defaults(run=_run_template)


def _check(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "check",
        help="validate an answers file / valider un fichier de réponses",
        description="Validate an answers file (YAML or Excel) against the checklist and print "
        "its scores; errors name the file, criterion and field. / Valide un fichier de "
        "réponses ; les erreurs nomment le fichier, le critère et le champ.",
    )
    p.add_argument("answers", metavar="ANSWERS", help=".yaml or .xlsx / .yaml ou .xlsx")
    _checklist_option(p)
    p.set_defaults(run=_run_check)


def _record(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "record",
        help="save answers in the project's history / enregistrer dans l'historique",
        description="Validate an answers file and save it in <project>/assessments/history "
        "with who saved it and when (UTC); earlier assessments are kept. / Valide et "
        "enregistre les réponses avec leur auteur et la date ; les précédentes sont gardées.",
    )
    p.add_argument("answers", metavar="ANSWERS", help=".yaml or .xlsx / .yaml ou .xlsx")
    p.add_argument("--by", required=True, help="who makes the assessment / auteur de l'évaluation")
    _project_option(p)
    _checklist_option(p)
    p.set_defaults(run=_run_record)


def _history(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "history",
        help="list saved assessments / lister les évaluations enregistrées",
        description="List the project's saved assessments, oldest first, with who, when and "
        "the overall score. / Liste les évaluations enregistrées avec auteur, date et score.",
    )
    _project_option(p)
    _checklist_option(p)
    p.set_defaults(run=_run_history)


def _report(steps: argparse._SubParsersAction) -> None:
    p = steps.add_parser(
        "report",
        help="HTML and PDF report of the latest assessment / rapport HTML et PDF",
        description="Render the latest saved assessment (and the change from the previous "
        "one) as assessment.html and assessment.pdf per language. Every text passes the "
        "narrative checker. / Produit le rapport de la dernière évaluation et son évolution.",
    )
    _project_option(p)
    p.add_argument(
        "--output",
        "-o",
        help="folder to write (default: <project>/assessments/report) / dossier où écrire",
    )
    p.add_argument(
        "--lang",
        dest="languages",
        nargs="+",
        choices=("en", "fr"),
        default=["en", "fr"],
        help="languages of the report / langues du rapport (default: en fr)",
    )
    p.add_argument(
        "--quiet", action="store_true", help="no progress display / sans barre de progression"
    )
    _checklist_option(p)
    p.set_defaults(run=_run_report)


def _run_template(args: argparse.Namespace) -> int:
    from safemig.assess import load_checklist, write_template

    print(write_template(load_checklist(args.checklist), args.output, args.language))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from safemig.assess import load_answers, load_checklist, score_assessment
    from safemig.assess.words import percent
    from safemig.i18n import user_language

    language = args.ui_language or user_language()
    checklist = load_checklist(args.checklist)
    scores = score_assessment(checklist, load_answers(args.answers, checklist))
    overall = "global" if language == "fr" else "overall"
    print(f"{args.answers}: OK — {overall} {percent(scores.overall.value, language)}")
    for score in scores.lessons:
        title = checklist.lesson(score.group).title.in_language(language)
        print(f"  {percent(score.value, language):>6}  {title}")
    print(f"  ({len(scores.gaps)} gaps / lacunes; `safemig assess report`)")
    return 0


def _run_record(args: argparse.Namespace) -> int:
    from safemig.assess import load_answers, load_checklist, save_assessment
    from safemig.project import find_project

    checklist = load_checklist(args.checklist)
    assessment = load_answers(args.answers, checklist)
    print(save_assessment(find_project(args.project), assessment, args.by))
    return 0


def _run_history(args: argparse.Namespace) -> int:
    from safemig.assess import load_checklist, load_history, score_assessment
    from safemig.assess.words import percent
    from safemig.project import find_project

    checklist = load_checklist(args.checklist)
    for saved in load_history(find_project(args.project), checklist):
        when = saved.saved_at.isoformat() if saved.saved_at else "?"
        score = percent(score_assessment(checklist, saved).overall.value, "en")
        print(f"{when}  {score:>5}  {saved.saved_by}  {saved.source}")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from safemig.assess import build_assessment_report
    from safemig.project import find_project

    written = build_assessment_report(
        find_project(args.project),
        args.output,
        tuple(args.languages),
        args.checklist,
        not args.quiet,
    )
    for report in written.values():
        print(report.html_path)
        print(report.pdf_path)
    return 0
