"""The assessment report renders in English and French (HTML, and PDF read back with pypdf):
scores, the change from the previous assessment, gaps with actions, "not applicable" answers
with their reasons, the coverage matrix, and the EXAMPLE label; the narrative checker stops a
stigmatising text before anything is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from safemig.assess import build_assessment_report, load_answers, save_assessment
from safemig.errors import AssessmentNarrativeError
from tests.assess.conftest import EXAMPLES, write_yaml

VALUE = {"fully": 1.0, "partly": 0.5, "not_started": 0.0}


def _statuses(name: str) -> dict[str, str]:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))["answers"]
    return {k: (v if isinstance(v, str) else v["status"]) for k, v in data.items()}


def _overall(name: str) -> int:
    applicable = [VALUE[s] for s in _statuses(name).values() if s in VALUE]
    return round(100 * sum(applicable) / len(applicable))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from safemig.assess import builtin_checklist
    from safemig.project import init_project

    root = init_project(tmp_path_factory.mktemp("assess") / "programme").root
    for name in ("demo-first.yaml", "demo-second.yaml"):
        example = load_answers(EXAMPLES / name, builtin_checklist())
        save_assessment(root, example, example.saved_by, example.saved_at)
    return build_assessment_report(root, root / "report")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_html_in_each_language(built, language):
    html = built[language].html
    assert f'<html lang="{language}">' in html
    name = {
        "en": "Synthetic survey of migrant women, Niger (demonstration)",
        "fr": "Enquête synthétique auprès des femmes migrantes, Niger (démonstration)",
    }[language]
    assert (
        f"<title>{{}} — {name}</title>".format(
            {"en": "Programme self-assessment", "fr": "Auto-évaluation du programme"}[language]
        )
        in html
    )
    label = {"en": "Overall score: ", "fr": "Score global : "}[language]
    percent = {"en": "{}%", "fr": "{}\u202f%"}[language]
    assert label + percent.format(_overall("demo-second.yaml")) in html
    assert percent.format(_overall("demo-first.yaml")) in html  # the previous score
    banner = {"en": "EXAMPLE: a made-up assessment", "fr": "EXEMPLE : évaluation fictive"}
    assert banner[language] in html
    assert html.count("data-objective=") == 23
    assert "data:image/png;base64," in html


def test_change_from_the_first_assessment(built):
    first, second = _statuses("demo-first.yaml"), _statuses("demo-second.yaml")
    changed = [k for k in second if first[k] != second[k]]
    html = built["en"].html
    rows = re.findall(r'<tr class="(improved|regressed|changed)" data-criterion="([^"]+)"', html)
    assert [c for _, c in rows] == changed
    assert "Change since the previous assessment" in html
    assert "Évolution depuis l'évaluation précédente".replace("'", "&#39;") in built["fr"].html


def test_not_applicable_is_shown_with_its_reason(built):
    reasons = {
        k: v["reason"]
        for k, v in yaml.safe_load((EXAMPLES / "demo-second.yaml").read_text())["answers"].items()
        if isinstance(v, dict) and v["status"] == "not_applicable"
    }
    for language in ("en", "fr"):
        table = built[language].html.split('<table class="na">')[1].split("</table>")[0]
        for criterion in reasons:
            assert f'data-criterion="{criterion}"' in table
        assert "The pilot covers Niger only" in table


def test_gaps_lead_with_the_most_missing(built):
    html = built["en"].html
    gaps = re.findall(r'<li data-criterion="([^"]+)">', html.split('id="gaps"')[1])
    second = _statuses("demo-second.yaml")
    assert set(gaps) == {k for k, s in second.items() if s in ("partly", "not_started")}
    # Not started and medium (2 × 1 = 2): capacity.services, alignment.children, in checklist
    # order; then high and partly (3 × ½ = 1.5): capacity.training, stakeholders.society.
    assert gaps[:4] == [
        "capacity.services",
        "alignment.children",
        "capacity.training",
        "stakeholders.society",
    ]
    assert "Recommended action: </strong>Train service providers" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["Scorecard by lesson", "Gaps and recommended actions", "Not applicable", "EXAMPLE"],
        ),
        (
            "fr",
            [
                "Tableau de bord par leçon",
                "Lacunes et actions recommandées",
                "Sans objet",
                "EXEMPLE",
            ],
        ),
    ],
)
def test_pdf_text_in_each_language(built, language, words):
    reader = PdfReader(built[language].pdf_path)
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    for word in words:
        assert word in text, word
    assert len(reader.pages) == built[language].pages >= 3


def test_first_assessment_says_so(tmp_path, builtin):
    from safemig.project import init_project

    root = init_project(tmp_path / "p").root
    example = load_answers(EXAMPLES / "demo-first.yaml", builtin)
    save_assessment(root, example, "A")
    from safemig.assess.report import assessment_view, render_document, report_context

    view = assessment_view(builtin, example, None, ())
    html = render_document(report_context(view, "en", None))
    assert "This is the first saved assessment" in html and "Previous" not in html


def test_stigmatising_answer_text_stops_the_report(tmp_path, builtin):
    from safemig.project import init_project

    root = init_project(tmp_path / "p").root
    data = yaml.safe_load((EXAMPLES / "demo-second.yaml").read_text(encoding="utf-8"))
    data["answers"]["capacity.training"] = {
        "status": "partly",
        "evidence": "Training on how to count illegal migrants.",
    }
    answers = load_answers(write_yaml(tmp_path / "a.yaml", data), builtin)
    save_assessment(root, answers, "A")
    with pytest.raises(AssessmentNarrativeError) as caught:
        build_assessment_report(root, root / "out", ["en"])
    assert "illegal migrants" in caught.value.message("en")
    assert "legal-status.illegal-migrant" in caught.value.message("fr")
    assert not Path(root / "out").exists()
