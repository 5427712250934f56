"""The state shared while the synthetic answers are drawn, module after module.

Choice names come from the question bank itself, so the generator can never write a name the
form does not know; probabilities are given per choice name and default to zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa

from safemig.demo import draws
from safemig.demo.sample import Sample
from safemig.instrument.schema import FormSchema


class Draw:
    """Answers drawn so far (Arrow columns by question name) and their codes for later modules."""

    def __init__(self, rng: np.random.Generator, sample: Sample, schema: FormSchema) -> None:
        self.rng, self.sample, self.schema = rng, sample, schema
        self.n = len(sample.stratum)
        self.columns: dict[str, pa.Array] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.masks: dict[str, np.ndarray] = {}

    def names(self, question: str) -> list[str]:
        """Choice names of a select question, in form order."""
        return [c.name for c in self.schema.choices[self.schema.question(question).list_name]]

    def vector(self, question: str, probabilities: Mapping[str, float]) -> np.ndarray:
        """Probabilities aligned with the question's choices (unnamed choices get 0)."""
        names = self.names(question)
        unknown = set(probabilities) - set(names)
        if unknown:
            raise KeyError(f"{question}: {sorted(unknown)} are not choices of the form")
        return np.array([probabilities.get(name, 0.0) for name in names])

    def one(
        self, question: str, probabilities: Mapping[str, float] | np.ndarray, asked: np.ndarray
    ) -> np.ndarray:
        """Draw and store a select_one answer (a probability mapping or an ``(n, k)`` matrix)."""
        if isinstance(probabilities, Mapping):
            codes = draws.categorical_n(self.rng, self.vector(question, probabilities), self.n)
        else:
            codes = draws.categorical(self.rng, probabilities)
        return self.store_one(question, codes, asked)

    def store_one(self, question: str, codes: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """Store select_one codes; ``-1`` marks respondents not asked."""
        codes = np.where(asked, codes, -1)
        self.codes[question] = codes
        self.columns[question] = draws.choice_column(
            self.names(question), np.maximum(codes, 0), asked
        )
        return codes

    def many(self, question: str, mask: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """Store a select_multiple answer given as a boolean ``(n, k)`` matrix."""
        mask = mask & asked[:, None]
        self.masks[question] = mask
        self.columns[question] = draws.multiple_column(self.names(question), mask, asked)
        return mask

    def many_p(
        self, question: str, p: np.ndarray, asked: np.ndarray, at_least_one: bool = True
    ) -> np.ndarray:
        """Draw and store a select_multiple from per-choice probabilities ``(k,)``/``(n, k)``."""
        p = np.broadcast_to(p, (self.n, len(self.names(question))))
        return self.many(question, draws.multiple(self.rng, p, at_least_one), asked)

    def integer(self, question: str, values: np.ndarray, asked: np.ndarray) -> None:
        """Store a whole-number answer."""
        self.columns[question] = draws.integer_column(values, asked)

    def text(self, question: str, values: np.ndarray, asked: np.ndarray) -> None:
        """Store a free-text answer."""
        self.columns[question] = draws.text_column(values, asked)

    def calculated(self, question: str, flag: np.ndarray, asked: np.ndarray) -> None:
        """Store a 0/1 calculate the way ODK writes it ('1' or '0', empty when not relevant)."""
        self.columns[question] = draws.choice_column(["0", "1"], flag.astype(np.int32), asked)

    def is_(self, question: str, *names: str) -> np.ndarray:
        """Whether each respondent answered one of ``names`` (False when not asked)."""
        choices = self.names(question)
        wanted = [choices.index(name) for name in names]
        return np.isin(self.codes[question], wanted)

    def has(self, question: str, name: str) -> np.ndarray:
        """Whether each respondent selected ``name`` in a select_multiple."""
        return self.masks[question][:, self.names(question).index(name)]

    def per_row(
        self, question: str, rows: Mapping[str, Mapping[str, float]], keys: np.ndarray
    ) -> np.ndarray:
        """An ``(n, k)`` matrix: each respondent gets the probability mapping named by ``keys``."""
        table = np.array([self.vector(question, rows[key]) for key in rows])
        return table[keys]
