"""Transcripts in plain text, Markdown and DOCX with their session metadata; open answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from safemig.errors import TranscriptError
from safemig.voices.sources import open_answer_units, read_sessions, read_transcript

FRONT = """---
session: s1
site: Zinder
date: 2026-05-02
group: Women preparing to leave
language: en
consent_quotes: "yes"
attributes: {migration_stage: departure}
---
"""


def test_markdown_turns_leave_out_the_facilitator_and_join_continued_lines(tmp_path: Path) -> None:
    path = tmp_path / "s1.md"
    path.write_text(
        FRONT
        + "# Notes\n\nF: What did you know?\nP1: Nothing.\nNobody told me.\n"
        + "Animatrice : Et vous ?\nParticipante 2 : Ma sœur m'a tout dit.\n",
        encoding="utf-8",
    )
    session, units = read_transcript(path)
    assert (session.id, session.site, session.date, session.consent_quotes) == (
        "s1",
        "Zinder",
        date(2026, 5, 2),
        True,
    )
    assert session.attribute("migration_stage") == "departure"
    assert [(u.id, u.speaker, u.text) for u in units] == [
        ("s1:1", "P1", "Nothing. Nobody told me."),
        ("s1:2", "Participante 2", "Ma sœur m'a tout dit."),
    ]
    assert units[0].line == 13


def test_plain_notes_without_speakers_are_cut_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(FRONT + "First point,\nstill first.\n\nSecond point.\n", encoding="utf-8")
    _, units = read_transcript(path)
    assert [u.text for u in units] == ["First point, still first.", "Second point."]


def test_docx_with_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "group.docx"
    document = docx.Document()
    for line in ("F: Whom do you trust?", "P1: My aunt.", "P2: The radio."):
        document.add_paragraph(line)
    document.save(str(path))
    (tmp_path / "group.docx.yaml").write_text(FRONT.strip("-\n"), encoding="utf-8")
    session, units = read_transcript(path)
    assert session.site == "Zinder" and [u.text for u in units] == ["My aunt.", "The radio."]


@pytest.mark.parametrize(
    ("front", "field"),
    [
        (FRONT.replace('consent_quotes: "yes"\n', ""), "consent_quotes"),
        (FRONT.replace('"yes"', '"maybe"'), "consent_quotes"),
        (FRONT.replace("2026-05-02", "02/05/2026"), "date"),
        (FRONT.replace("site: Zinder\n", "site: Zinder\nmood: good\n"), "mood"),
        (
            FRONT.replace("attributes: {migration_stage: departure}", "attributes: [a]"),
            "attributes",
        ),
    ],
)
def test_bad_metadata_name_the_file_and_field(tmp_path: Path, front: str, field: str) -> None:
    path = tmp_path / "s.md"
    path.write_text(front + "P1: words\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    for language in ("en", "fr"):
        assert str(path) in caught.value.message(language)
        assert repr(field) in caught.value.message(language)


def test_missing_metadata_unclosed_front_matter_and_duplicate_sessions(tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_text("P1: words\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="bare.txt.yaml"):
        read_transcript(bare)
    bare.write_text("---\nsite: x\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="never closed"):
        read_transcript(bare)
    bare.unlink()
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(FRONT + "P1: words\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="'s1'"):
        read_sessions(tmp_path)


def test_latin1_file_is_refused_with_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(FRONT.encode() + "P1: caf\xe9\n".encode("latin-1"))
    with pytest.raises(TranscriptError, match="UTF-8"):
        read_transcript(path)


def test_open_answers_become_one_unit_per_distinct_text() -> None:
    keys = ["k1", "k2", "k3", "k4", "k5"]
    answers = ["The cost", "the  cost ", None, "  ", "Where to get help"]
    units = open_answer_units(keys, answers, "q")
    assert sorted((u.text, u.count, u.keys) for u in units) == [
        ("The cost", 2, ("k1", "k2")),
        ("Where to get help", 1, ("k5",)),
    ]
    assert all(u.id.startswith("q:") and u.kind == "answer" for u in units)
