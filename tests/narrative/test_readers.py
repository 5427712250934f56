"""Readers: Markdown, HTML, plain text and DOCX, with positions mapped to the source."""

from __future__ import annotations

import pytest

from safemig.errors import DataFileError, TextFileError
from safemig.narrative import check_document, check_texts
from safemig.narrative.readers import read_document, read_string


def _located(document, language="en"):
    return [(f.rule.id, f.line, f.column, f.matched) for f in check_document(document, language)]


MARKDOWN = """---
title: Brief
lang: fr
---
# Les *migrants* illégaux

Texte `migrants illégaux` en code, puis des
[migrants **illégaux**](https://example.org/clandestins) ici.

```
les clandestins dans un bloc de code
```

> les clandestins, dit-elle.

| Région | Note |
| --- | --- |
| Agadez | les clandestins |
"""


def test_markdown_positions_code_links_quotes_and_front_matter():
    document = read_string(MARKDOWN, "markdown", "brief.md")
    assert document.declared_language == "fr"
    assert _located(document, "fr") == [
        ("legal-status.migrant-illegal", 5, 8, "migrants illégaux"),
        ("legal-status.migrant-illegal", 8, 2, "migrants illégaux"),
        ("legal-status.clandestin", 18, 16, "clandestins"),
    ]


HTML = """<!doctype html>
<html lang="en"><head><title>Brief</title><style>p { color: red }</style></head>
<body>
  <p>They are &ldquo;not&rdquo; illegal
     migrants. Illegal&nbsp;migrants.</p>
  <script>var s = "illegal migrants";</script>
  <blockquote>illegal migrants, he said</blockquote>
  <p>One <q>illegal migrant</q> and <code>illegal migrants</code>.</p>
</body></html>
"""


def test_html_positions_entities_skipped_elements_and_quotations():
    document = read_string(HTML, "html", "brief.html")
    assert document.declared_language == "en"
    assert _located(document) == [
        ("legal-status.illegal-migrant", 4, 33, "illegal migrants"),
        ("legal-status.illegal-migrant", 5, 16, "Illegal migrants"),
    ]


def test_plain_text_paragraphs_do_not_join_phrases():
    document = read_string("a flood\n\nof migrants\nillegal\nmigrants\n", "text")
    assert _located(document) == [("legal-status.illegal-migrant", 4, 1, "illegal migrants")]


def test_docx_paragraphs_tables_quotes_and_language(write_docx):
    path = write_docx(
        "brief.docx",
        [
            ("Introduction", None),
            ("Les migrants illégaux arrivent.", None),
            ("« les clandestins », dit le maire.", None),
            ("les clandestins", "Quote"),
        ],
        language="fr-FR",
        table_cells=("Agadez", "des migrantes clandestines"),
    )
    document = read_document(path)
    assert document.declared_language == "fr"
    assert _located(document, "fr") == [
        ("legal-status.migrant-illegal", 2, 5, "migrants illégaux"),
        ("legal-status.clandestin", 6, 15, "clandestines"),
    ]


def test_check_texts_takes_paths_strings_and_generated_texts(tmp_path):
    from safemig.narrative import GeneratedText

    path = tmp_path / "a.md"
    path.write_text("Illegal migrants.\n", encoding="utf-8")
    findings = check_texts(
        [path, "The illegals.", GeneratedText("brief.html", "<p>illegal aliens</p>", "html")],
        language="en",
    )
    assert [(f.path, f.rule.id) for f in findings] == [
        (str(path), "legal-status.illegal-migrant"),
        ("<text 2>", "legal-status.illegals"),
        ("brief.html", "legal-status.illegal-migrant"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "missing.md: no such file"),
        ("broken.docx", b"PK\x03\x04 not a zip", "broken.docx: not a readable Word"),
        ("notes.rtf", b"{\\rtf1}", "notes.rtf: safemig lint-text reads"),
        ("latin1.txt", "clandestins é".encode("latin-1"), "latin1.txt: cannot be read as UTF-8"),
    ],
)
def test_bad_files_raise_text_file_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TextFileError, match=message) as caught:
        read_document(path)
    assert isinstance(caught.value, DataFileError)


def test_unknown_string_format_is_refused():
    with pytest.raises(TextFileError, match="unknown text format 'rtf'"):
        read_string("x", "rtf")
