"""The content library: topics as Markdown files with YAML front matter, one per language.

A library is a folder::

    topics/<language>/<topic-id>.md     front matter + simple-language Markdown body
    ui/<language>.yaml                  the words of the mini-site, leaflet and audio
    regions.yaml                        region ids (as in the survey's strata) and names
    services.csv                        the service directory (see :mod:`.directory`)

Adding a language (Hausa, Zarma, ...) is adding files: no code changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from safemig.errors import KitContentError

#: Where the starter library shipped with safemig lives.
STARTER_LIBRARY = Path(__file__).parent / "content"
MIGRATION_STAGES = ("origin", "transit", "destination", "return")
_REQUIRED = (
    "id",
    "language",
    "title",
    "audience",
    "migration_stages",
    "reviewed_by",
    "review_date",
    "sources",
    "sms",
)


@dataclass(frozen=True)
class Source:
    """A factual statement made in a topic and where it comes from."""

    claim: str
    source: str


@dataclass(frozen=True)
class Topic:
    """One topic in one language: its front matter and its Markdown body."""

    id: str
    language: str
    title: str
    audience: str
    migration_stages: tuple[str, ...]
    reviewed_by: str
    review_date: dt.date
    sources: tuple[Source, ...]
    sms: str
    body: str
    path: Path

    def html(self) -> str:
        """Return the body rendered as HTML (CommonMark)."""
        return _markdown().render(self.body)

    def prose_blocks(self) -> list[str]:
        """Return the title, then each heading, paragraph and list item of the body as text."""
        return [self.title, *prose_blocks(self.body)]


@dataclass(frozen=True)
class Library:
    """Every topic of a content library, with its folder (for UI words, regions, services)."""

    folder: Path
    topics: tuple[Topic, ...]

    def languages(self) -> tuple[str, ...]:
        """Return the languages that have topics, sorted."""
        return tuple(sorted({t.language for t in self.topics}))

    def topic_ids(self) -> tuple[str, ...]:
        """Return the topic ids in the library's order (file names, sorted)."""
        return tuple(dict.fromkeys(t.id for t in self.topics))

    def in_language(self, language: str) -> tuple[Topic, ...]:
        """Return every topic in ``language``; raise if one is missing there."""
        found = {t.id: t for t in self.topics if t.language == language}
        missing = [i for i in self.topic_ids() if i not in found]
        if missing:
            raise KitContentError(
                f"{self.folder / 'topics' / language}: no {language!r} text for topic(s) "
                f"{', '.join(missing)}; write them or build without {language!r}"
            )
        return tuple(found[i] for i in self.topic_ids())


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def prose_blocks(markdown: str) -> list[str]:
    """Return the text of each heading, paragraph and list item of ``markdown``, unstyled."""
    blocks = []
    for token in _markdown().parse(markdown):
        if token.type == "inline":
            text = "".join(_inline_text(c) for c in token.children or ())
            blocks.append(" ".join(text.split()))
    return [b for b in blocks if b]


def _inline_text(token: Token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return token.content if token.type in ("text", "code_inline") else ""


def load_library(folder: str | Path | None = None) -> Library:
    """Read every topic of a content library.

    Parameters
    ----------
    folder
        The library folder; the starter library shipped with safemig when None.

    Raises
    ------
    KitContentError
        If the folder has no topics, or a topic file is malformed (names file and field).
    """
    root = Path(folder) if folder else STARTER_LIBRARY
    paths = sorted((root / "topics").glob("*/*.md"))
    if not paths:
        raise KitContentError(f"{root}: no topics found (expected topics/<language>/<id>.md)")
    return Library(root, tuple(read_topic(p) for p in sorted(paths, key=lambda p: p.stem)))


def read_topic(path: Path) -> Topic:
    """Read one topic file; raise :class:`KitContentError` naming the file and field."""
    meta, body = _split_front_matter(path)
    missing = [f for f in _REQUIRED if meta.get(f) in (None, "", [])]
    if missing:
        raise KitContentError(f"{path}: front matter lacks {', '.join(missing)}")
    _check_identity(path, meta)
    return Topic(
        id=str(meta["id"]),
        language=str(meta["language"]),
        title=str(meta["title"]),
        audience=str(meta["audience"]),
        migration_stages=_stages(path, meta["migration_stages"]),
        reviewed_by=str(meta["reviewed_by"]),
        review_date=_date(path, meta["review_date"]),
        sources=_sources(path, meta["sources"]),
        sms=" ".join(str(meta["sms"]).split()),
        body=body.strip() + "\n",
        path=path,
    )


def _split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise KitContentError(f"{path}: a topic starts with YAML front matter between '---' lines")
    head, body = text[4:].split("\n---\n", 1)
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        raise KitContentError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise KitContentError(f"{path}: front matter must be a mapping of fields")
    return meta, body


def _check_identity(path: Path, meta: dict[str, Any]) -> None:
    if str(meta["id"]) != path.stem:
        raise KitContentError(f"{path}: id {meta['id']!r} differs from the file name {path.stem!r}")
    if str(meta["language"]) != path.parent.name:
        raise KitContentError(
            f"{path}: language {meta['language']!r} differs from its folder {path.parent.name!r}"
        )


def _stages(path: Path, value: object) -> tuple[str, ...]:
    stages = tuple(str(s) for s in value) if isinstance(value, list) else (str(value),)
    unknown = [s for s in stages if s not in MIGRATION_STAGES]
    if unknown:
        raise KitContentError(
            f"{path}: migration_stages {unknown} unknown; use {', '.join(MIGRATION_STAGES)}"
        )
    return stages


def _date(path: Path, value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KitContentError(f"{path}: review_date {value!r} is not a date (YYYY-MM-DD)") from exc


def _sources(path: Path, value: object) -> tuple[Source, ...]:
    items = value if isinstance(value, list) else []
    sources = tuple(
        Source(str(i["claim"]), str(i["source"]))
        for i in items
        if isinstance(i, dict) and i.get("claim") and i.get("source")
    )
    if not sources or len(sources) != len(items):
        raise KitContentError(f"{path}: each entry of sources needs a claim and a source")
    return sources


def load_ui_words(folder: Path, language: str) -> dict[str, str]:
    """Return the mini-site, leaflet and audio words of ``language`` from ``ui/<language>.yaml``.

    Raises
    ------
    KitContentError
        If the file is missing or lacks a word the English file has.
    """
    english = _yaml_mapping(folder / "ui" / "en.yaml")
    words = _yaml_mapping(folder / "ui" / f"{language}.yaml")
    missing = sorted(set(english) - set(words))
    if missing:
        raise KitContentError(f"{folder / 'ui' / f'{language}.yaml'}: missing {', '.join(missing)}")
    return {k: str(v) for k, v in words.items()}


def load_regions(folder: Path) -> dict[str, dict[str, str]]:
    """Return ``{region id: {language: name}}`` from ``regions.yaml``."""
    regions = _yaml_mapping(folder / "regions.yaml")
    return {str(k): {str(lang): str(n) for lang, n in v.items()} for k, v in regions.items()}


def _yaml_mapping(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise KitContentError(f"{path}: file not found")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise KitContentError(f"{path}: expected a mapping")
    return data
