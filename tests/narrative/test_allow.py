"""``safemig: allow`` comments for one line, the next line, a theme or a whole file."""

from __future__ import annotations

from safemig.narrative import check_document
from safemig.narrative.readers import read_string


def _ids(text, text_format):
    document = read_string(text, text_format)
    return [(f.rule.id, f.line) for f in check_document(document, "en")]


def test_markdown_allow_on_the_same_line_and_the_next_line():
    text = (
        "Illegal migrants. <!-- safemig: allow legal-status.illegal-migrant -->\n\n"
        "<!-- safemig: allow victimhood -->\n"
        "Victims of smugglers.\n\n"
        "Victims and illegal migrants.\n"
    )
    assert _ids(text, "markdown") == [("victimhood.victim", 6), ("legal-status.illegal-migrant", 6)]


def test_allow_file_switches_a_rule_off_everywhere():
    text = (
        "<!-- safemig: allow-file metaphors.flood, victimhood.victim -->\n"
        "<p>A flood of migrants.</p><p>Victims.</p><p>Illegal migrants.</p>\n"
    )
    assert _ids(text, "html") == [("legal-status.illegal-migrant", 2)]


def test_plain_text_comment_is_blanked_and_applies():
    text = "Illegal migrants # safemig: allow legal-status\nIllegal migrants // x\n"
    assert _ids(text, "text") == [("legal-status.illegal-migrant", 2)]


def test_allow_for_another_rule_does_not_hide_a_finding():
    text = "Illegal migrants. <!-- safemig: allow metaphors -->\n"
    assert _ids(text, "markdown") == [("legal-status.illegal-migrant", 1)]
