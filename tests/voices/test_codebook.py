"""The codebook: the built-in one is valid; every malformed file names file, theme and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safemig.errors import CodebookError
from safemig.indicators import builtin_catalogue
from safemig.voices.codebook import builtin_codebook, load_codebook


def test_builtin_codebook_is_bilingual_and_linked_to_real_indicators() -> None:
    book = builtin_codebook()
    catalogue = {i.id for i in builtin_catalogue("gender_migration").indicators}
    assert len(book.themes) >= 10
    for theme in book.themes:
        assert theme.label.fr and str(theme.label) and theme.definition.fr
        assert set(theme.indicators) <= catalogue, theme.id
        if theme.parent is None and theme.id != "information":
            assert theme.phrases("keywords") and theme.phrases("examples"), theme.id
    assert book.descendants("information") == {"information", "information_gap", "trusted_sources"}


def _write(tmp_path: Path, themes: list[dict]) -> Path:  # type: ignore[type-arg]
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump({"codebook": "t", "themes": themes}), encoding="utf-8")
    return path


def _theme(theme_id: str, **extra: object) -> dict[str, object]:
    return {
        "id": theme_id,
        "label": {"en": "A", "fr": "Un"},
        "definition": {"en": "What", "fr": "Quoi"},
        **extra,
    }


@pytest.mark.parametrize(
    ("themes", "theme", "field"),
    [
        ([_theme("a"), _theme("a")], "a", "id"),
        ([_theme("a", parent="nowhere")], "a", "parent"),
        ([_theme("a", parent="b"), _theme("b", parent="a")], "a", "parent"),
        ([{**_theme("a"), "label": {"en": "A"}}], "a", "label"),
        ([_theme("a", keywords={"en": "not a list"})], "a", "keywords.en"),
        ([_theme("a", colour="red")], "a", "colour"),
        ([_theme("Bad Id")], "theme 1", "id"),
        ([_theme("a", indicators="one")], "a", "indicators"),
    ],
)
def test_a_malformed_codebook_names_file_theme_and_field(tmp_path, themes, theme, field) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, themes)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    for language in ("en", "fr"):
        message = caught.value.message(language)
        assert str(path) in message and repr(field) in message
        assert theme in message


def test_unreadable_codebook_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "book.yaml"
    path.write_text("themes: [unclosed", encoding="utf-8")
    with pytest.raises(CodebookError, match="book.yaml"):
        load_codebook(path)
    with pytest.raises(CodebookError, match="themes"):
        load_codebook(_empty(tmp_path))


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.yaml"
    path.write_text("codebook: x\n", encoding="utf-8")
    return path
