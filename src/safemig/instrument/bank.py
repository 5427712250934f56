"""The question bank: question modules stored as YAML data, read into frozen values.

A module file holds one module: its id, the instrument it belongs to (``survey``,
``training_test`` or ``consultation_poll``), bilingual title and summary, the frameworks it
serves, the modules it depends on, a module-level relevance, its questions (and sub-groups) and
its choice lists. ``_choices.yaml`` holds lists shared by several modules. See
``docs/question-bank.md`` for the format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from safemig.errors import ModuleError, UnknownModuleError

#: Languages every module must carry, for every label, hint and message.
BANK_LANGUAGES = ("en", "fr")
INSTRUMENTS = ("survey", "training_test", "consultation_poll")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_MODULE_KEYS = {"id", "instrument", "order", "title", "summary", "frameworks", "requires"}
_MODULE_KEYS |= {"relevant", "gated_by_consent", "questions", "choices"}
_QUESTION_KEYS = {"name", "type", "label", "hint", "required", "relevant", "constraint"}
_QUESTION_KEYS |= {"constraint_message", "calculation", "appearance", "safemig"}
_SAFEMIG_KEYS = {"feeds", "identifier", "sensitive"}
_TEXT_FIELDS = ("label", "hint", "constraint_message")
# libyaml's safe loader when the wheel has it (ten times faster), the pure-Python one otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class BankChoice:
    """One answer option: its stored ``name`` and its label per language."""

    name: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class BankQuestion:
    """One question (or note or calculate) of a module, with safemig's metadata."""

    name: str
    type: str
    labels: Mapping[str, str]
    hints: Mapping[str, str]
    constraint_messages: Mapping[str, str]
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    calculation: str = ""
    appearance: str = ""
    feeds: tuple[str, ...] = ()
    identifier: bool = False
    sensitive: bool = False


@dataclass(frozen=True)
class BankGroup:
    """A group of questions inside a module (shown together, with one relevance)."""

    name: str
    labels: Mapping[str, str]
    relevant: str
    items: tuple[BankQuestion | BankGroup, ...]


@dataclass(frozen=True)
class Module:
    """One question module, as read from its YAML file."""

    id: str
    instrument: str
    order: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    frameworks: tuple[str, ...]
    requires: tuple[str, ...]
    relevant: str
    gated_by_consent: bool
    items: tuple[BankQuestion | BankGroup, ...]
    choices: Mapping[str, tuple[BankChoice, ...]]
    path: Path

    def questions(self) -> list[BankQuestion]:
        """Every question of the module, sub-groups flattened, in form order."""
        return list(_flatten(self.items))


@dataclass(frozen=True)
class QuestionBank:
    """All modules of a bank directory, and the choice lists they share."""

    modules: Mapping[str, Module]
    shared_choices: Mapping[str, tuple[BankChoice, ...]]
    directory: Path

    def instrument_modules(self, instrument: str) -> list[Module]:
        """The modules of one instrument, in form order."""
        found = [m for m in self.modules.values() if m.instrument == instrument]
        return sorted(found, key=lambda m: (m.order, m.id))


def _flatten(items: Sequence[BankQuestion | BankGroup]) -> list[BankQuestion]:
    out: list[BankQuestion] = []
    for item in items:
        out.extend(_flatten(item.items) if isinstance(item, BankGroup) else [item])
    return out


def default_bank_directory() -> Path:
    """The directory of the modules shipped with safemig."""
    return Path(str(resources.files("safemig.instrument") / "modules"))


def load_bank(directory: str | Path | None = None) -> QuestionBank:
    """Read every module of a question bank.

    Parameters
    ----------
    directory : str or Path, optional
        A folder of ``*.yaml`` modules; default: the bank shipped with safemig.

    Returns
    -------
    QuestionBank

    Raises
    ------
    ModuleError
        When a file is not valid YAML or breaks the module format (the message names the file,
        module, question and field).

    Examples
    --------
    >>> bank = load_bank()
    >>> "wg_ss" in bank.modules
    True
    """
    folder = Path(directory) if directory else default_bank_directory()
    shared_file = folder / "_choices.yaml"
    shared = (
        _read_choices(_read_yaml(shared_file), shared_file, "_choices")
        if shared_file.exists()
        else {}
    )
    modules: dict[str, Module] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        module = read_module(path)
        if module.id in modules:
            raise ModuleError(
                f"{path}: module id {module.id!r} is also used by {modules[module.id].path}"
            )
        modules[module.id] = module
    return QuestionBank(modules=modules, shared_choices=shared, directory=folder)


def select_modules(
    bank: QuestionBank, names: Sequence[str] | None, instrument: str
) -> list[Module]:
    """The requested modules plus every module they require, in form order.

    Raises
    ------
    UnknownModuleError
        When a name is not a module of the bank, or belongs to another instrument.
    """
    wanted = list(names) if names else [m.id for m in bank.instrument_modules(instrument)]
    chosen: dict[str, Module] = {}
    while wanted:
        name = wanted.pop()
        if name in chosen:
            continue
        module = bank.modules.get(name)
        if module is None or module.instrument != instrument:
            known = ", ".join(m.id for m in bank.instrument_modules(instrument))
            raise UnknownModuleError(
                f"module {name!r} is not a {instrument} module of the bank in {bank.directory}; "
                f"choose from: {known}"
            )
        chosen[name] = module
        wanted.extend(module.requires)
    return sorted(chosen.values(), key=lambda m: (m.order, m.id))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ModuleError(
            f"{path}: not valid YAML ({exc}); fix the indentation or quoting"
        ) from exc
    if not isinstance(data, dict):
        raise ModuleError(f"{path}: a module file must be a mapping with 'id', 'questions', …")
    return data


def read_module(path: Path) -> Module:
    """Read and check one module file (see :func:`load_bank`)."""
    data = _read_yaml(path)
    where = f"{path}: module {data.get('id')!r}"
    _check_keys(data, _MODULE_KEYS, where)
    for key in ("id", "instrument", "title", "questions"):
        if key not in data:
            raise ModuleError(f"{where}: field {key!r} is missing; add it")
    if data["instrument"] not in INSTRUMENTS:
        raise ModuleError(f"{where}: field 'instrument' must be one of {', '.join(INSTRUMENTS)}")
    _check_name(str(data["id"]), where, "id")
    return Module(
        id=str(data["id"]),
        instrument=data["instrument"],
        order=int(data.get("order", 500)),
        title=_texts(data["title"], where, "title", required=True),
        summary=_texts(data.get("summary"), where, "summary", required=True),
        frameworks=tuple(str(f) for f in data.get("frameworks", ())),
        requires=tuple(str(r) for r in data.get("requires", ())),
        relevant=str(data.get("relevant", "")),
        gated_by_consent=bool(data.get("gated_by_consent", True)),
        items=_items(data["questions"], where),
        choices=_read_choices(data, path, str(data["id"])),
        path=path,
    )


def _items(raw: Any, where: str) -> tuple[BankQuestion | BankGroup, ...]:
    if not isinstance(raw, list) or not raw:
        raise ModuleError(f"{where}: field 'questions' must be a non-empty list")
    return tuple(
        _group(entry, where) if "group" in entry else _question(entry, where) for entry in raw
    )


def _group(entry: dict[str, Any], where: str) -> BankGroup:
    _check_keys(
        entry, {"group", "label", "relevant", "questions"}, f"{where}, group {entry['group']!r}"
    )
    _check_name(str(entry["group"]), where, "group")
    inner = f"{where}, group {entry['group']!r}"
    return BankGroup(
        name=str(entry["group"]),
        labels=_texts(entry.get("label"), inner, "label", required=True),
        relevant=str(entry.get("relevant", "")),
        items=_items(entry.get("questions"), inner),
    )


def _question(entry: dict[str, Any], where: str) -> BankQuestion:
    if not isinstance(entry, dict) or "name" not in entry or "type" not in entry:
        raise ModuleError(f"{where}: each question needs 'name' and 'type' (found {entry!r})")
    inner = f"{where}, question {entry['name']!r}"
    _check_keys(entry, _QUESTION_KEYS, inner)
    _check_name(str(entry["name"]), where, "name")
    meta = entry.get("safemig") or {}
    _check_keys(meta, _SAFEMIG_KEYS, f"{inner}, field 'safemig'")
    is_calculate = entry["type"] == "calculate"
    texts = {f: _texts(entry.get(f), inner, f, required=f == "label") for f in _TEXT_FIELDS}
    if entry.get("constraint") and not texts["constraint_message"]:
        raise ModuleError(
            f"{inner}: field 'constraint_message' is missing; say in en and fr what to enter"
        )
    if is_calculate and not entry.get("calculation"):
        raise ModuleError(f"{inner}: field 'calculation' is missing for a calculate question")
    return BankQuestion(
        name=str(entry["name"]),
        type=str(entry["type"]),
        labels=texts["label"],
        hints=texts["hint"],
        constraint_messages=texts["constraint_message"],
        required=bool(entry.get("required", False)),
        relevant=str(entry.get("relevant", "")),
        constraint=str(entry.get("constraint", "")),
        calculation=str(entry.get("calculation", "")),
        appearance=str(entry.get("appearance", "")),
        feeds=tuple(str(f) for f in meta.get("feeds", ())),
        identifier=bool(meta.get("identifier", False)),
        sensitive=bool(meta.get("sensitive", False)),
    )


def _texts(raw: Any, where: str, field: str, required: bool = False) -> dict[str, str]:
    if raw is None and not required:
        return {}
    if not isinstance(raw, dict):
        raise ModuleError(
            f"{where}: field {field!r} must map languages to text, e.g. {{en: …, fr: …}}"
        )
    missing = [lang for lang in BANK_LANGUAGES if not str(raw.get(lang) or "").strip()]
    if missing:
        raise ModuleError(f"{where}: field {field!r} has no text in {', '.join(missing)}; add it")
    return {str(lang): str(text) for lang, text in raw.items()}


def _read_choices(
    data: dict[str, Any], path: Path, module: str
) -> dict[str, tuple[BankChoice, ...]]:
    lists: dict[str, tuple[BankChoice, ...]] = {}
    for list_name, rows in (data.get("choices") or {}).items():
        where = f"{path}: module {module!r}, choice list {list_name!r}"
        choices = []
        for row in rows:
            if not (
                isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)
            ):
                raise ModuleError(
                    f"{where}: each choice is [name, English, Français] as quoted text; "
                    f"found {row!r}"
                )
            _check_name(row[0], where, "choice name")
            choices.append(BankChoice(name=row[0], labels={"en": row[1], "fr": row[2]}))
        lists[str(list_name)] = tuple(choices)
    return lists


def _check_keys(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ModuleError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _check_name(name: str, where: str, field: str) -> None:
    if not _NAME.match(name):
        raise ModuleError(
            f"{where}: {field} {name!r} is not a valid XLSForm name; start with a letter or _, "
            "then letters, digits, _, - or ."
        )
