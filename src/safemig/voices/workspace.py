"""A project's ``voices`` folder: transcripts, coding sheets, suggestions, quotes, codebook.

::

    voices/
      sessions/         transcripts and notes (.txt, .md, .docx) with their session metadata
      codes/<coder>.csv one coding sheet per coder
      suggestions.csv   suggested codes and the analyst's decisions
      quotes.yaml       candidate quotes and their approvals
      codebook.yaml     the project's codebook (the built-in one when absent)

Open answers come from the project's store (``[voices] open_answers``: the questions' column
names, e.g. ``predeparture-wished_known``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa

from safemig.errors import VoicesError
from safemig.i18n import Text
from safemig.project_sections import VoicesSettings
from safemig.voices.codebook import Codebook, builtin_codebook, load_codebook
from safemig.voices.coding import Suggestion, final_codes, read_codes, read_suggestions
from safemig.voices.quotes import Quote, read_quotes
from safemig.voices.sources import Session, Unit, open_answer_units, read_sessions


@dataclass
class Voices:
    """Everything in a ``voices`` folder, read on first use and checked."""

    settings: VoicesSettings
    answers: pa.Table | None = None  # the analysis table, when open answers are coded

    @property
    def folder(self) -> Path:
        """The ``voices`` folder."""
        return self.settings.folder

    @property
    def suggestions_file(self) -> Path:
        """``suggestions.csv``."""
        return self.folder / "suggestions.csv"

    @property
    def quotes_file(self) -> Path:
        """``quotes.yaml``."""
        return self.folder / "quotes.yaml"

    @property
    def codes_folder(self) -> Path:
        """``codes/``, one sheet per coder."""
        return self.folder / "codes"

    @cached_property
    def codebook(self) -> Codebook:
        """The project's codebook, or the built-in one."""
        own = self.settings.codebook or self.folder / "codebook.yaml"
        return load_codebook(own) if own.exists() else builtin_codebook()

    @cached_property
    def sessions(self) -> list[tuple[Session, list[Unit]]]:
        """Every transcript and its units."""
        folder = self.folder / "sessions"
        return read_sessions(folder) if folder.is_dir() else []

    @cached_property
    def answer_units(self) -> list[Unit]:
        """The distinct open answers of every ``open_answers`` question."""
        if not self.settings.open_answers:
            return []
        if self.answers is None:
            raise VoicesError(
                Text(
                    "[voices] open_answers needs the survey data: run `safemig run` first.",
                    "[voices] open_answers demande les données d'enquête : lancez d'abord "
                    "`safemig run`.",
                )
            )
        units = []
        for question in self.settings.open_answers:
            if question not in self.answers.column_names:
                raise VoicesError(
                    Text(
                        f"[voices] open_answers: {question!r} is not a column of the data "
                        "(name questions as in an ODK Central export, e.g. "
                        "'predeparture-wished_known').",
                        f"[voices] open_answers : {question!r} n'est pas une colonne des "
                        "données (nommez les questions comme un export ODK Central, par ex. "
                        "'predeparture-wished_known').",
                    )
                )
            units += open_answer_units(
                self.answers.column("_key").to_pylist(),
                self.answers.column(question).to_pylist(),
                question,
            )
        return units

    @cached_property
    def units(self) -> dict[str, Unit]:
        """Every unit, turns then answers, by id."""
        turns = [u for _, units in self.sessions for u in units]
        return {u.id: u for u in [*turns, *self.answer_units]}

    def coders(self) -> dict[str, dict[str, frozenset[str]]]:
        """Each coder's codes, by coder (the sheet's file name)."""
        if not self.codes_folder.is_dir():
            return {}
        return {
            path.stem: read_codes(path, self.units, self.codebook)
            for path in sorted(self.codes_folder.glob("*.csv"))
        }

    def suggestions(self) -> list[Suggestion]:
        """The suggestions file, decisions included."""
        return read_suggestions(self.suggestions_file, self.codebook)

    def quotes(self) -> list[Quote]:
        """The quotes file."""
        return read_quotes(self.quotes_file)

    def codes(self) -> dict[str, frozenset[str]]:
        """Every coder's codes and the accepted suggestions, by unit."""
        return final_codes(self.coders().values(), self.suggestions())

    def synthetic(self) -> bool:
        """Whether every session is marked synthetic (products then say so)."""
        return bool(self.sessions) and all(s.synthetic for s, _ in self.sessions)
