"""The fixed words of the dashboard, in English and French."""

from __future__ import annotations

from safemig.i18n import Text

WORDS: dict[str, Text] = {
    "site": Text("safemig dashboard", "Tableau de bord safemig"),
    "skip": Text("Skip to content", "Aller au contenu"),
    "indicators": Text("Indicators", "Indicateurs"),
    "methods": Text("Methods", "Méthodes"),
    "quality": Text("Quality", "Qualité"),
    "users": Text("Users", "Utilisateurs"),
    "audit": Text("Audit log", "Journal d'audit"),
    "logout": Text("Log out", "Se déconnecter"),
    "login": Text("Log in", "Se connecter"),
    "login_title": Text("Log in to the dashboard", "Connexion au tableau de bord"),
    "user": Text("User name", "Nom d'utilisateur"),
    "password": Text("Password", "Mot de passe"),
    "login_failed": Text(
        "The user name or password is wrong, or the account is locked after too many attempts. "
        "Try again later or ask an administrator.",
        "Nom d'utilisateur ou mot de passe incorrect, ou compte verrouillé après trop de "
        "tentatives. Réessayez plus tard ou demandez à un administrateur.",
    ),
    "search": Text("Search indicators", "Rechercher un indicateur"),
    "search_button": Text("Search", "Rechercher"),
    "no_match": Text("No indicator matches this search.", "Aucun indicateur ne correspond."),
    "other": Text("Other indicators", "Autres indicateurs"),
    "breakdown": Text("Breakdown", "Ventilation"),
    "second": Text("Second breakdown (optional)", "Deuxième ventilation (facultative)"),
    "none": Text("None", "Aucune"),
    "show": Text("Show", "Afficher"),
    "not_published": Text(
        "This combination of breakdowns is not published; choose another.",
        "Cette combinaison de ventilations n'est pas publiée ; choisissez-en une autre.",
    ),
    "group": Text("Group", "Groupe"),
    "category": Text("Answer", "Réponse"),
    "estimate": Text("Estimate", "Estimation"),
    "interval": Text("95% confidence interval", "Intervalle de confiance à 95 %"),
    "n": Text("Women asked (unweighted)", "Femmes interrogées (non pondéré)"),
    "se": Text("Standard error", "Erreur type"),
    "cv": Text("CV", "CV"),
    "status": Text("Status", "Statut"),
    "reason": Text("Note", "Note"),
    "frameworks": Text("Frameworks", "Cadres de référence"),
    "notes": Text("Notes", "Notes"),
    "download_csv": Text("Download CSV", "Télécharger en CSV"),
    "download_xlsx": Text("Download Excel", "Télécharger en Excel"),
    "compare": Text("Compare two groups", "Comparer deux groupes"),
    "compare_button": Text("Compare", "Comparer"),
    "first": Text("First group", "Premier groupe"),
    "second_group": Text("Second group", "Second groupe"),
    "difference": Text("Difference", "Différence"),
    "p_value": Text("p-value (two-sided t test)", "Valeur p (test t bilatéral)"),
    "significant": Text(
        "The difference is statistically significant at the 5% level.",
        "La différence est statistiquement significative au seuil de 5 %.",
    ),
    "not_significant": Text(
        "The difference is not statistically significant at the 5% level.",
        "La différence n'est pas statistiquement significative au seuil de 5 %.",
    ),
    "independent": Text(
        "The groups are strata of the design, sampled independently: the test is exact "
        "under the design.",
        "Les groupes sont des strates du plan, tirées indépendamment : le test est exact "
        "sous le plan de sondage.",
    ),
    "dependent": Text(
        "The groups share sampling units; the published table does not carry their "
        "covariance, so the test treats them as independent (an approximation).",
        "Les groupes partagent des unités de sondage ; le tableau publié ne contient pas leur "
        "covariance, le test les traite donc comme indépendants (une approximation).",
    ),
    "cannot_compare": Text(
        "These two groups cannot be compared: pick two different groups published with a "
        "standard error.",
        "Ces deux groupes ne peuvent pas être comparés : choisissez deux groupes différents "
        "publiés avec une erreur type.",
    ),
    "pick_one_way": Text(
        "Comparisons are made within one breakdown: choose a single breakdown first.",
        "Les comparaisons se font dans une ventilation : choisissez d'abord une seule ventilation.",
    ),
    "synthetic": Text(
        "SYNTHETIC DATA: these figures come from a simulated survey and describe no real person.",
        "DONNÉES SYNTHÉTIQUES : ces chiffres viennent d'une enquête simulée et ne décrivent "
        "aucune personne réelle.",
    ),
    "chart_alt": Text(
        "Chart of the estimates with their 95% confidence intervals; the table below gives "
        "the same figures.",
        "Graphique des estimations et de leurs intervalles de confiance à 95 % ; le tableau "
        "ci-dessous donne les mêmes chiffres.",
    ),
    "forbidden": Text(
        "Your role does not give access to this page.",
        "Votre rôle ne donne pas accès à cette page.",
    ),
    "not_found": Text("This page does not exist.", "Cette page n'existe pas."),
    "rate": Text(
        "Too many login attempts from your address: wait a minute and try again.",
        "Trop de tentatives de connexion depuis votre adresse : attendez une minute et réessayez.",
    ),
    "csrf": Text(
        "The form has expired or did not come from this site; reload the page and try again.",
        "Le formulaire a expiré ou ne vient pas de ce site ; rechargez la page et réessayez.",
    ),
    "role": Text("Role", "Rôle"),
    "add_user": Text("Add a user", "Ajouter un utilisateur"),
    "remove": Text("Remove", "Supprimer"),
    "rerun": Text("Re-run the pipeline", "Relancer la chaîne de traitement"),
    "rerun_done": Text(
        "The pipeline ran again; the dashboard shows the new results.",
        "La chaîne de traitement a été relancée ; le tableau de bord montre les nouveaux "
        "résultats.",
    ),
    "when": Text("When (UTC)", "Quand (UTC)"),
    "action": Text("Action", "Action"),
    "detail": Text("Detail", "Détail"),
    "address": Text("Address", "Adresse"),
    "respondents": Text("Women who took part", "Femmes ayant participé"),
    "quarantined": Text("Submissions set aside at checking", "Soumissions écartées au contrôle"),
    "flagged": Text("Submissions flagged for review", "Soumissions signalées pour vérification"),
    "cells_by_status": Text("Published cells by status", "Cellules publiées par statut"),
    "language": Text("Français", "English"),
    "saved": Text("Saved.", "Enregistré."),
    "assessment": Text("Self-assessment", "Auto-évaluation"),
    "no_assessment": Text(
        "No assessment has been saved yet: fill in the form below.",
        "Aucune évaluation n'a encore été enregistrée : remplissez le formulaire ci-dessous.",
    ),
    "new_assessment": Text("A new assessment", "Une nouvelle évaluation"),
    "form_errors": Text(
        "The assessment was not saved; please correct:",
        "L'évaluation n'a pas été enregistrée ; veuillez corriger :",
    ),
    "programme": Text("Programme", "Programme"),
    "programme_fr": Text(
        "Programme name in French (optional)", "Nom du programme en français (facultatif)"
    ),
    "evidence_expected": Text("Evidence expected", "Preuves attendues"),
    "na_reason": Text("Reason if not applicable", "Raison si sans objet"),
    "evidence_held": Text("Evidence held", "Preuves disponibles"),
    "activities": Text("Activities", "Activités"),
    "activity": Text("Activity", "Activité"),
    "activity_gcm": Text(
        "GCM objectives (numbers, e.g. 3, 7)", "Objectifs du PMM (numéros, ex. 3, 7)"
    ),
    "save_assessment": Text("Save the assessment", "Enregistrer l'évaluation"),
    "voices": Text("Women's voices", "Paroles de femmes"),
    "voices_intro": Text(
        "Review the codes suggested for focus-group contributions and open answers, and "
        "approve the quotes the report may show. Texts are shown with names, numbers and "
        "small places masked; your name is recorded with each decision.",
        "Examinez les codes suggérés pour les interventions des groupes de discussion et les "
        "réponses ouvertes, et approuvez les citations que le rapport peut montrer. Les "
        "textes paraissent sans noms, numéros ni petites localités ; votre nom est "
        "enregistré avec chaque décision.",
    ),
    "voices_quotes": Text("Quotes to approve", "Citations à approuver"),
    "voices_quote": Text(
        "Quote (as the report would show it)", "Citation (telle que le rapport la montrerait)"
    ),
    "voices_themes": Text("Themes", "Thèmes"),
    "voices_status": Text("Why it is not used yet", "Pourquoi elle n'est pas encore utilisée"),
    "voices_approve": Text("Approve this text", "Approuver ce texte"),
    "voices_no_quotes": Text(
        "No quote awaits approval.", "Aucune citation n'attend d'approbation."
    ),
    "voices_suggestions": Text("Suggested codes", "Codes suggérés"),
    "voices_text": Text("Words", "Paroles"),
    "voices_theme": Text("Theme", "Thème"),
    "voices_method": Text("Suggested by", "Suggéré par"),
    "voices_accept": Text("Accept", "Accepter"),
    "voices_reject": Text("Reject", "Rejeter"),
    "voices_no_suggestions": Text(
        "No suggestion awaits review.", "Aucune suggestion n'attend d'examen."
    ),
}

STATUS: dict[str, Text] = {
    "published": Text("published", "publié"),
    "caution": Text("use with caution", "à utiliser avec prudence"),
    "suppressed": Text("not published", "non publié"),
    "secondary": Text("not published (protects another cell)", "non publié (protège une autre)"),
}


def words(language: str) -> dict[str, str]:
    """Every word in ``language``."""
    return {key: text.in_language(language) for key, text in WORDS.items()}
