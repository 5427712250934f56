"""A project folder: ``safemig.toml`` read into a validated, frozen :class:`Project`.

One project is one folder holding ``safemig.toml``, the XLSForm, the data store
(``safemig.duckdb``) and the pseudonymisation secret. ``safemig init`` writes a commented
``safemig.toml`` and a fresh secret; every other command finds the project from the current
folder (or ``--project``). Only the settings ingest needs are read here; later stages (design,
catalogue, disclosure, outputs) add their own sections.

Example ``safemig.toml``::

    [project]
    name = "Women's lives and journeys, Niger 2024"
    languages = ["en", "fr"]          # the first is the default for reports and checks
    form = "form.xlsx"

    [ingest]
    secret = ".safemig/secret.key"    # keyed hashes of identifiers; never share or commit it
    keep_raw_identifiers = "no"       # "yes" keeps names/phones in a separate table
    area_question = "ea_id"           # GPS identifiers are coarsened to this answer
    date_formats = ["%Y-%m-%d"]       # accepted for date questions, in order

    [checks]
    min_minutes = 15                  # interviews shorter than this are flagged
    max_minutes = 180
    targets = "targets.csv"           # columns area, target (optional)
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.errors import ProjectError

PROJECT_FILE = "safemig.toml"
STORE_FILE = "safemig.duckdb"
_YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Project:
    """A project folder's settings, validated.

    Attributes
    ----------
    root : Path
        The folder holding ``safemig.toml``.
    name : str
    languages : tuple of str
        Languages for labels, checks and reports; the first is the default.
    form : Path or None
        The XLSForm the data follow (``None`` until one is set).
    store : Path
        The DuckDB file: ``<root>/safemig.duckdb``.
    secret : Path
        File holding the pseudonymisation key.
    keep_raw_identifiers : bool
        Whether raw identifiers are kept, in a separate table (``keep_raw_identifiers = "yes"``).
    area_question : str
        Question whose answer replaces a GPS identifier (the enumeration area).
    date_formats : tuple of str
        ``strptime`` formats accepted for ``date`` questions.
    min_minutes, max_minutes : float
        Interview durations outside this range are flagged by ``safemig check``.
    targets : Path or None
        CSV of interviews expected per area (columns ``area``, ``target``).
    """

    root: Path
    name: str
    languages: tuple[str, ...]
    form: Path | None
    store: Path
    secret: Path
    keep_raw_identifiers: bool = False
    area_question: str = "ea_id"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    min_minutes: float = 15.0
    max_minutes: float = 180.0
    targets: Path | None = None

    def read_secret(self) -> bytes:
        """The pseudonymisation key (ProjectError when the file is missing or too short)."""
        try:
            key = self.secret.read_bytes().strip()
        except FileNotFoundError as exc:
            raise ProjectError(
                f"{self.secret}: the pseudonymisation secret is missing; restore it from your "
                "backup (hashes made with another secret will not match), or run "
                "`safemig init` in a new project"
            ) from exc
        if len(key) < 32:
            raise ProjectError(f"{self.secret}: the secret is shorter than 32 characters")
        return key


def find_project(start: str | Path = ".") -> Path:
    """The nearest folder at or above ``start`` that holds ``safemig.toml``."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise ProjectError(
        f"no {PROJECT_FILE} in {here} or any folder above it; run `safemig init` there first"
    )


def load_project(folder: str | Path = ".") -> Project:
    """Read and validate ``safemig.toml`` in ``folder`` (or a folder above it).

    Raises
    ------
    ProjectError
        When the file is missing, is not TOML, or a setting has the wrong type.
    """
    root = find_project(folder)
    path = root / PROJECT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"{path}: not valid TOML ({exc})") from exc
    return _project(root, data, path)


def _project(root: Path, data: dict[str, Any], path: Path) -> Project:
    section = _Section(data, path)
    languages = tuple(section.get("project", "languages", list, ["en", "fr"]))
    if not languages or not all(isinstance(x, str) for x in languages):
        raise ProjectError(f'{path}: [project] languages must be a list like ["en", "fr"]')
    form = section.get("project", "form", str, "")
    targets = section.get("checks", "targets", str, "")
    keep = section.get("ingest", "keep_raw_identifiers", str, "no")
    if keep not in _YES_NO:
        raise ProjectError(f'{path}: [ingest] keep_raw_identifiers must be "yes" or "no"')
    return Project(
        root=root,
        name=section.get("project", "name", str, root.name),
        languages=languages,
        form=root / form if form else None,
        store=root / STORE_FILE,
        secret=root / section.get("ingest", "secret", str, ".safemig/secret.key"),
        keep_raw_identifiers=keep == "yes",
        area_question=section.get("ingest", "area_question", str, "ea_id"),
        date_formats=tuple(section.get("ingest", "date_formats", list, ["%Y-%m-%d"])),
        min_minutes=float(section.get("checks", "min_minutes", (int, float), 15)),
        max_minutes=float(section.get("checks", "max_minutes", (int, float), 180)),
        targets=root / targets if targets else None,
    )


class _Section:
    """Typed access to ``[section] key`` with the file named in every error."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data, self.path = data, path

    def get(self, section: str, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = self.data.get(section, {}).get(key, default)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ProjectError(
                f"{self.path}: [{section}] {key} = {value!r} has the wrong type; see the "
                "commented example written by `safemig init`"
            )
        return value


_TEMPLATE = """\
# safemig project / projet safemig. Every setting is explained in docs/ingest.md.
[project]
name = "{name}"
languages = ["en", "fr"]          # first = default for checks and reports / par défaut
form = "{form}"                   # the XLSForm the data follow / le XLSForm des données

[ingest]
secret = ".safemig/secret.key"    # pseudonymisation key: back it up, never share it
keep_raw_identifiers = "no"       # "yes" keeps names/phones in a separate table
area_question = "ea_id"           # GPS identifiers are coarsened to this answer
date_formats = ["%Y-%m-%d"]       # accepted for date questions / formats de date acceptés

[checks]
min_minutes = 15                  # shorter interviews are flagged / entretiens trop courts
max_minutes = 180
targets = ""                      # CSV with columns area, target / objectifs par zone
"""


def init_project(folder: str | Path, form: str | Path | None = None) -> Project:
    """Scaffold a project in ``folder``: ``safemig.toml``, a new secret, a ``.gitignore``.

    Parameters
    ----------
    folder : str or Path
        Created if missing. Must not already hold a ``safemig.toml``.
    form : str or Path, optional
        The XLSForm; copied into the folder when it lies elsewhere.

    Raises
    ------
    ProjectError
        When the folder already holds a project.
    """
    root = Path(folder).resolve()
    if (root / PROJECT_FILE).exists():
        raise ProjectError(f"{root / PROJECT_FILE} already exists; edit it instead")
    root.mkdir(parents=True, exist_ok=True)
    form_name = _copy_form(root, Path(form)) if form else ""
    (root / PROJECT_FILE).write_text(
        _TEMPLATE.format(name=root.name, form=form_name), encoding="utf-8"
    )
    _write_secret(root / ".safemig" / "secret.key")
    (root / ".gitignore").write_text(".safemig/\nsafemig.duckdb*\n", encoding="utf-8")
    return load_project(root)


def _copy_form(root: Path, form: Path) -> str:
    if not form.is_file():
        raise ProjectError(f"{form}: no such XLSForm; give the path of the form's .xlsx")
    if form.resolve().parent != root:
        (root / form.name).write_bytes(form.read_bytes())
    return form.name


def _write_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only permissions: the key re-identifies nobody alone, but with it a list of
    # phone numbers could be matched to their hashes.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
