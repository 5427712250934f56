"""Render findings for people (text), programs (JSON) and editors or CI (SARIF 2.1.0)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as quote_uri

from safemig import __version__
from safemig.narrative.check import Finding
from safemig.narrative.messages import heading, message, quote
from safemig.narrative.rules import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
OUTPUT_FORMATS = ("text", "json", "sarif")


@dataclass(frozen=True)
class LintReport:
    """What a run of the checker found: the files read, their languages, the findings."""

    files: tuple[str, ...]
    languages: dict[str, str]
    findings: tuple[Finding, ...]

    def summary_language(self, requested: str | None) -> str:
        """Return ``requested``, else French when every file checked is French, else English."""
        if requested:
            return requested
        languages = set(self.languages.values())
        return "fr" if languages == {"fr"} else "en"


def finding_message(finding: Finding, language: str) -> str:
    """Return the one-paragraph message of a finding in ``language``."""
    text_language = finding.text_language
    suggestions = f" {message('or', language)} ".join(
        quote(s, text_language) for s in finding.rule.suggestions
    )
    return message(
        "finding",
        language,
        quoted=quote(finding.matched, text_language),
        suggestions=suggestions,
        rationale=finding.rule.rationale[language],
    )


def render_text(report: LintReport, language: str | None = None) -> str:
    """Return the findings as indented paragraphs, then a one-line summary."""
    lines = []
    for finding in report.findings:
        lang = language or finding.text_language
        rule = finding.rule
        lines += [
            f"{finding.path}:{finding.line}:{finding.column}: {rule.id} "
            f"{quote(finding.matched, finding.text_language)}",
            f"    {heading('suggestion', lang)} " + " | ".join(rule.suggestions),
            f"    {heading('why', lang)} {rule.rationale[lang]}",
            f"    {heading('source', lang)} {rule.source}",
            "",
        ]
    lines.append(_summary(report, report.summary_language(language)))
    return "\n".join(lines) + "\n"


def _summary(report: LintReport, language: str) -> str:
    total = len(report.files)
    if not report.findings:
        return message("summary_clean", language, total=total)
    flagged = len({f.path for f in report.findings})
    return message(
        "summary_found", language, count=len(report.findings), flagged=flagged, total=total
    )


def render_json(report: LintReport, language: str | None = None) -> str:
    """Return the findings as a JSON document (one object per finding)."""
    findings = []
    for finding in report.findings:
        lang = language or finding.text_language
        findings.append(
            {
                "path": finding.path,
                "line": finding.line,
                "column": finding.column,
                "end_line": finding.end_line,
                "end_column": finding.end_column,
                "rule_id": finding.rule.id,
                "theme": finding.rule.theme,
                "matched": finding.matched,
                "text_language": finding.text_language,
                "suggestions": list(finding.rule.suggestions),
                "rationale": finding.rule.rationale[lang],
                "source": finding.rule.source,
                "message": finding_message(finding, lang),
                "message_language": lang,
            }
        )
    document = {
        "tool": "safemig lint-text",
        "version": __version__,
        "files": list(report.files),
        "languages": report.languages,
        "findings": findings,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_sarif(report: LintReport, language: str | None = None) -> str:
    """Return the findings as a SARIF 2.1.0 log (for code-scanning tools and editors)."""
    summary_language = report.summary_language(language)
    rules = _rules_in(report.findings)
    run = {
        "tool": {
            "driver": {
                "name": "safemig lint-text",
                "version": __version__,
                "fullDescription": {"text": message("tool_description", summary_language)},
                "rules": [_sarif_rule(rule, language or rule.language) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": _uri(path)}} for path in report.files],
        "results": [_sarif_result(f, rules.index(f.rule), language) for f in report.findings],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _rules_in(findings: tuple[Finding, ...]) -> list[Rule]:
    rules: dict[str, Rule] = {}
    for finding in findings:
        rules.setdefault(finding.rule.id, finding.rule)
    return list(rules.values())


def _sarif_rule(rule: Rule, language: str) -> dict[str, object]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.theme_title[language]},
        "fullDescription": {"text": rule.rationale[language]},
        "help": {
            "text": f"{heading('suggestion', language)} {' | '.join(rule.suggestions)}. "
            f"{heading('source', language)} {rule.source}"
        },
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": [rule.theme, rule.language], "source": rule.source},
    }


def _sarif_result(finding: Finding, rule_index: int, language: str | None) -> dict[str, object]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "snippet": {"text": finding.matched},
    }
    return {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": "warning",
        "message": {"text": finding_message(finding, language or finding.text_language)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": region,
                }
            }
        ],
    }


def _uri(path: str) -> str:
    """Return ``path`` as a URI reference (relative paths stay relative)."""
    as_path = Path(path)
    return as_path.as_uri() if as_path.is_absolute() else quote_uri(as_path.as_posix())


RENDERERS = {"text": render_text, "json": render_json, "sarif": render_sarif}
