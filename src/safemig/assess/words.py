"""The words of the assessment report and form, in English and French."""

from __future__ import annotations

from safemig.i18n import Text

NARROW_NBSP = "\u202f"

WORDS = {
    "title": Text("Programme self-assessment", "Auto-évaluation du programme"),
    "colon": Text(": ", " : "),
    "example": Text(
        "EXAMPLE: a made-up assessment of the demonstration programme, not a real programme's.",
        "EXEMPLE : évaluation fictive du programme de démonstration, pas celle d'un vrai "
        "programme.",
    ),
    "saved": Text("Saved by {who} on {when}", "Enregistrée par {who} le {when}"),
    "overall": Text("Overall score", "Score global"),
    "scorecard": Text("Scorecard by lesson", "Tableau de bord par leçon"),
    "scorecard_intro": Text(
        "Each criterion counts 0 when not started, ½ when partly met and 1 when fully met; a "
        "lesson's score is the mean over its criteria that apply. Criteria marked \"not "
        'applicable" are left out of the score and listed below with their reason.',
        "Chaque critère compte 0 s'il n'est pas commencé, ½ s'il est en partie rempli et 1 s'il "
        "l'est entièrement ; le score d'une leçon est la moyenne de ses critères applicables. "
        "Les critères « sans objet » ne comptent pas dans le score et sont listés plus bas avec "
        "leur raison.",
    ),
    "lesson": Text("Lesson", "Leçon"),
    "principle": Text("GCM guiding principle", "Principe directeur du PMM"),
    "principles": Text("By GCM guiding principle", "Par principe directeur du PMM"),
    "score": Text("Score", "Score"),
    "fully": Text("Fully", "Entièrement"),
    "partly": Text("Partly", "En partie"),
    "not_started": Text("Not started", "Pas commencé"),
    "not_applicable": Text("Not applicable", "Sans objet"),
    "previous": Text("Previous", "Précédent"),
    "change": Text("Change", "Évolution"),
    "change_title": Text(
        "Change since the previous assessment", "Évolution depuis l'évaluation précédente"
    ),
    "change_intro": Text(
        "Compared with the assessment saved by {who} on {when}.",
        "Par rapport à l'évaluation enregistrée par {who} le {when}.",
    ),
    "no_previous": Text(
        "This is the first saved assessment: the next one will show the change.",
        "C'est la première évaluation enregistrée : la suivante montrera l'évolution.",
    ),
    "no_change": Text("No answer changed.", "Aucune réponse n'a changé."),
    "criterion": Text("Criterion", "Critère"),
    "before": Text("Before", "Avant"),
    "after": Text("Now", "Maintenant"),
    "improved": Text("improved", "en progrès"),
    "regressed": Text("regressed", "en recul"),
    "changed": Text("changed", "modifié"),
    "gaps": Text("Gaps and recommended actions", "Lacunes et actions recommandées"),
    "gaps_intro": Text(
        "Criteria not fully met, the most missing first: priority (high 3, medium 2, low 1) "
        "times what is missing (1 when not started, ½ when partly met).",
        "Critères non entièrement remplis, les plus manquants d'abord : priorité (haute 3, "
        "moyenne 2, basse 1) multipliée par ce qui manque (1 si pas commencé, ½ si en partie).",
    ),
    "no_gaps": Text(
        "No gap: every criterion that applies is fully met.",
        "Aucune lacune : tous les critères applicables sont entièrement remplis.",
    ),
    "priority": Text("Priority", "Priorité"),
    "answer": Text("Answer", "Réponse"),
    "evidence_expected": Text("Evidence expected", "Preuves attendues"),
    "action": Text("Recommended action", "Action recommandée"),
    "evidence_held": Text("Evidence held", "Preuves disponibles"),
    "na_title": Text("Criteria not applicable", "Critères sans objet"),
    "reason": Text("Reason", "Raison"),
    "coverage": Text("Coverage of the GCM objectives", "Couverture des objectifs du PMM"),
    "coverage_intro": Text(
        "An objective has evidence when an indicator of the project's catalogues ({catalogues}) "
        "measures it; activities are those declared in the assessment.",
        "Un objectif a des données probantes lorsqu'un indicateur des catalogues du projet "
        "({catalogues}) le mesure ; les activités sont celles déclarées dans l'évaluation.",
    ),
    "objective": Text("GCM objective", "Objectif du PMM"),
    "indicators": Text("Indicators (evidence)", "Indicateurs (données probantes)"),
    "activities": Text("Activities", "Activités"),
    "coverage_state": Text("Coverage", "Couverture"),
    "coverage_counts": Text(
        "{evidence} objectives with evidence, {activities} with activities but no evidence, "
        "{neither} with neither.",
        "{evidence} objectifs avec données probantes, {activities} avec activités mais sans "
        "données probantes, {neither} sans l'un ni l'autre.",
    ),
    "chart_alt": Text(
        "Bar chart of the score of each lesson, from 0 to 100%.",
        "Diagramme en barres du score de chaque leçon, de 0 à 100 %.",
    ),
    "tick_note": Text(
        "Blue bars: this assessment; black marks: the previous one.",
        "Barres bleues : cette évaluation ; traits noirs : la précédente.",
    ),
    "this_assessment": Text("This assessment", "Cette évaluation"),
    "na_short": Text("n/a", "s.o."),
    "produced": Text(
        "Produced by safemig {version} from the checklist “{checklist}” "
        "(version {checklist_version}).",
        "Produit par safemig {version} à partir de la liste « {checklist} » "
        "(version {checklist_version}).",
    ),
}


def words(language: str) -> dict[str, str]:
    """Every word of the report in ``language``."""
    return {key: text.in_language(language) for key, text in WORDS.items()}


def percent(value: float | None, language: str) -> str:
    """``62%`` / ``62 %``; ``n/a`` / ``s.o.`` when undefined."""
    if value is None:
        return WORDS["na_short"].in_language(language)
    number = f"{value * 100:.0f}"
    return f"{number}{NARROW_NBSP}%" if language == "fr" else f"{number}%"


def points(delta: float | None, language: str) -> str:
    """A signed change in percentage points: ``+25 pts`` / ``+25 pts``."""
    if delta is None:
        return "—"
    number = f"{delta * 100:+.0f}".replace("-", "−")
    return f"{number}{NARROW_NBSP}pts" if language == "fr" else f"{number} pts"
