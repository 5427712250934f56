"""The fixed words of the products (headings, column names, notes), in English and French."""

from __future__ import annotations

from typing import Any

from safemig.disclosure import Rule
from safemig.i18n import Text

WORDS: dict[str, Text] = {
    "report_title": Text("Evidence report", "Rapport de données"),
    "colon": Text(": ", "\u00a0: "),
    "semicolon": Text("; ", "\u00a0; "),
    "synthetic": Text(
        "SYNTHETIC DATA: these figures come from a simulated survey and describe no real person.",
        "DONNÉES SYNTHÉTIQUES : ces chiffres viennent d'une enquête simulée et ne décrivent "
        "aucune personne réelle.",
    ),
    "contents": Text("Contents", "Sommaire"),
    "survey": Text("The survey and its design", "L'enquête et son plan de sondage"),
    "respondents": Text("Women who took part", "Femmes ayant participé"),
    "quarantined": Text("Submissions set aside at checking", "Soumissions écartées au contrôle"),
    "flagged": Text("Submissions flagged for review", "Soumissions signalées pour vérification"),
    "stratum": Text("Stratum", "Strate"),
    "psus": Text("Primary sampling units", "Unités primaires"),
    "weighted": Text("Weighted total", "Total pondéré"),
    "weights": Text("Survey weights", "Poids de sondage"),
    "weights_text": Text(
        "Weights range from {min} to {max} (mean {mean}, coefficient of variation {cv}); the "
        "design effect of unequal weights (Kish) is {deff}.",
        "Les poids vont de {min} à {max} (moyenne {mean}, coefficient de variation {cv}) ; "
        "l'effet de plan dû aux poids inégaux (Kish) est de {deff}.",
    ),
    "reading": Text("How to read the tables", "Comment lire les tableaux"),
    "indicators": Text("Indicators", "Indicateurs"),
    "objective": Text("GCM objective", "Objectif du PMM"),
    "other": Text("Other indicators", "Autres indicateurs"),
    "group": Text("Group", "Groupe"),
    "disaggregation": Text("Breakdown", "Ventilation"),
    "category": Text("Answer", "Réponse"),
    "estimate": Text("Estimate", "Estimation"),
    "interval": Text("95% confidence interval", "Intervalle de confiance à 95 %"),
    "n": Text("Respondents", "Répondantes"),
    "note": Text("Note", "Note"),
    "frameworks": Text("Frameworks", "Cadres de référence"),
    "notes": Text("Notes", "Notes"),
    "unit": Text("Unit", "Unité"),
    "methods": Text("Methods annex", "Annexe méthodologique"),
    "estimator": Text("Estimator", "Estimateur"),
    "variance": Text("Variance and confidence intervals", "Variance et intervalles de confiance"),
    "disclosure": Text("Disclosure control", "Contrôle de la confidentialité"),
    "produced": Text(
        "Produced by safemig {version} on {date} from the catalogue “{catalogue}”.",
        "Produit par safemig {version} le {date} à partir du catalogue « {catalogue} ».",
    ),
    "chart_alt": Text(
        "Chart: {title}, estimates with 95% confidence intervals by group",
        "Graphique : {title}, estimations avec intervalles de confiance à 95 % par groupe",
    ),
}


def words(language: str) -> dict[str, str]:
    """Every fixed word in ``language``."""
    return {key: text.in_language(language) for key, text in WORDS.items()}


def estimator_text(run: dict[str, Any], language: str) -> str:
    """How the estimates were computed, in plain words."""
    weights = run["design"].get("weights", "")
    return Text(
        f"Every estimate is design-based: each woman counts with her survey weight ({weights}). "
        "Shares, means and ratios are ratio estimators (weighted sums over weighted counts, "
        "as R survey's svymean and svyratio compute them); totals are weighted sums; medians "
        "and quartiles follow svyquantile (rule “math”).",
        f"Chaque estimation tient compte du plan de sondage : chaque femme compte avec son "
        f"poids de sondage ({weights}). Parts, moyennes et rapports sont des estimateurs par "
        "le ratio (sommes pondérées sur effectifs pondérés, comme svymean et svyratio du "
        "paquet R survey) ; les totaux sont des sommes pondérées ; médianes et quartiles "
        "suivent svyquantile (règle « math »).",
    ).in_language(language)


def variance_text(run: dict[str, Any], language: str) -> str:
    """How standard errors and intervals were computed."""
    design = run["design"]
    strata = design.get("strata") or "—"
    psu = ", ".join(design.get("psu") or []) or "—"
    fpc = ", ".join(design.get("fpc") or []) or "—"
    lonely = design.get("lonely_psu", "fail")
    return Text(
        "Standard errors use Taylor linearisation for a stratified multistage design "
        f"(strata: {strata}; sampling units by stage: {psu}; finite population corrections: "
        f"{fpc}; strata with a single primary unit: “{lonely}”). 95% confidence intervals "
        "use Student's t with the design degrees of freedom (primary units minus strata); "
        "shares use the logit interval (R svyciprop), quantiles the Woodruff interval. The "
        "engine is checked against R survey.",
        "Les erreurs types sont calculées par linéarisation de Taylor pour un plan stratifié à "
        f"plusieurs degrés (strates : {strata} ; unités d'échantillonnage par degré : {psu} ; "
        f"corrections pour population finie : {fpc} ; strates à une seule unité primaire : "
        f"« {lonely} »). Les intervalles de confiance à 95 % utilisent la loi de Student avec "
        "les degrés de liberté du plan (unités primaires moins strates) ; les parts utilisent "
        "l'intervalle logit (svyciprop de R), les quantiles l'intervalle de Woodruff. Le moteur "
        "est vérifié par rapport au paquet R survey.",
    ).in_language(language)


def disclosure_lines(rule: Rule, language: str) -> list[str]:
    """The disclosure rule, one sentence per symbol a reader may meet."""
    basis = (
        rule.basis
        if language == "en"
        else {"denominator": "dénominateur"}.get(rule.basis, "numérateur")
    )
    lines = [
        Text(
            f"Rule “{rule.name}”, on counts of respondents (unweighted, {basis}).",
            f"Règle « {rule.name} », sur les effectifs de répondantes (non pondérés, {basis}).",
        )
    ]
    if rule.min_count:
        lines.append(
            Text(
                f"{rule.symbol_suppressed} — fewer than {rule.min_count} respondents: the "
                "number is not published.",
                f"{rule.symbol_suppressed} — moins de {rule.min_count} répondantes : le chiffre "
                "n'est pas publié.",
            )
        )
    if rule.cv_suppress is not None:
        lines.append(
            Text(
                f"{rule.symbol_suppressed} — coefficient of variation above "
                f"{rule.cv_suppress:.1%}: too unreliable to publish.",
                f"{rule.symbol_suppressed} — coefficient de variation supérieur à "
                f"{_percent_fr(rule.cv_suppress)} : trop peu fiable pour être publié.",
            )
        )
    lines.extend(_caution_lines(rule))
    lines.append(
        Text(
            f"{rule.symbol_secondary} — not published so that another hidden number cannot be "
            "worked out from the totals (complementary suppression).",
            f"{rule.symbol_secondary} — non publié pour qu'un autre chiffre masqué ne puisse "
            "pas être retrouvé à partir des totaux (masquage complémentaire).",
        )
    )
    return [line.in_language(language) for line in lines]


def _caution_lines(rule: Rule) -> list[Text]:
    mark = "(36.6)" if rule.symbol_caution == "( )" else f"36.6 {rule.symbol_caution}"
    mark_fr = mark.replace(".", ",")
    lines = []
    if rule.caution_count:
        lines.append(
            Text(
                f"{mark} — fewer than {rule.caution_count} respondents: use with caution.",
                f"{mark_fr} — moins de {rule.caution_count} répondantes : à utiliser avec "
                "prudence.",
            )
        )
    if rule.cv_caution is not None:
        lines.append(
            Text(
                f"{mark} — coefficient of variation of {rule.cv_caution:.1%} or more: use with "
                "caution.",
                f"{mark_fr} — coefficient de variation de {_percent_fr(rule.cv_caution)} ou "
                "plus : à utiliser avec prudence.",
            )
        )
    return lines


def _percent_fr(share: float) -> str:
    return f"{share * 100:.1f}\u202f%".replace(".", ",")
