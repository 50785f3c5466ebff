"""The form definition: what a form asks, in which order, under which rules.

One model serves three purposes: the canonical content of a stored form version (JSON),
the readable own format that people write by hand (YAML/JSON, same shape, see
`rathaus forms schema`), and the target of the FIM XDatenfelder import. Pure data: no
database, no Django.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

# A key of the submission data: FIM ids (F00000003327, G…, S…) or own snake_case names.
ELEMENT_ID = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
_ELEMENT_ID = re.compile(ELEMENT_ID)
# File types a file field may accept, told apart by content (not by name); "zip" admits
# every ZIP container (Office and OpenDocument files too) after a check against zip bombs.
FILE_KINDS = ("pdf", "jpeg", "png", "tiff", "zip")


class Text(BaseModel):
    """A text in German and optionally English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    de: str
    en: str = ""

    def get(self, language: str) -> str:
        """The text in the wanted language, German when no translation exists."""
        return self.en if language == "en" and self.en else self.de


def _text(value: object) -> object:
    """Accept a plain string as German text."""
    return {"de": value} if isinstance(value, str) else value


class DataType(StrEnum):
    """The FIM data types a field can have."""

    TEXT = "text"
    MULTILINE = "multiline"
    INTEGER = "integer"
    DECIMAL = "decimal"
    CURRENCY = "currency"
    DATE = "date"
    BOOLEAN = "boolean"
    SELECT = "select"
    FILE = "file"
    STATIC = "static"


class PrefillAttribute(StrEnum):
    """What a login can fill in (once-only), by the name a field's `prefill` gives."""

    GIVEN_NAME = "given_name"
    SURNAME = "surname"
    BIRTH_NAME = "birth_name"
    TITLE = "title"
    BIRTHDATE = "birthdate"
    BIRTH_DAY = "birth_day"
    BIRTH_MONTH = "birth_month"
    BIRTH_YEAR = "birth_year"
    PLACE_OF_BIRTH = "place_of_birth"
    EMAIL = "email"
    STREET_AND_NUMBER = "street_and_number"
    STREET = "street"
    HOUSE_NUMBER = "house_number"
    POSTAL_CODE = "postal_code"
    LOCALITY = "locality"
    COUNTRY = "country"


class Choice(BaseModel):
    """One allowed value of a selection, with what the person reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    label: Text

    _label = field_validator("label", mode="before")(_text)


class CodelistRef(BaseModel):
    """A genericode code list referenced by canonical URI and version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uri: str
    version: str = ""
    resolved: bool = Field(default=False, description="true once the values are in `choices`")


class FimOrigin(BaseModel):
    """Where an element came from in FIM, kept so the submission speaks FIM ids."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: str = ""
    name: str = ""
    legal_basis: tuple[str, ...] = ()


class ElementBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=ELEMENT_ID)]
    label: Text
    help: Text | None = None
    fim: FimOrigin | None = None

    _label = field_validator("label", "help", mode="before")(_text)


class FieldDef(ElementBase):
    """A question (or, for `static`, a text shown between questions)."""

    kind: Literal["field"] = "field"
    type: DataType = DataType.TEXT
    required: bool = False
    min_items: int = Field(default=1, ge=0, description="for repeated fields (FIM anzahl)")
    max_items: int | None = Field(default=1, ge=1, description="null: unlimited")
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[Choice, ...] = ()
    codelist: CodelistRef | None = None
    autocomplete: str | None = Field(default=None, description="HTML autocomplete token")
    prefill: PrefillAttribute | None = Field(
        default=None, description="what a login fills in here, once the person agrees"
    )
    accept: tuple[str, ...] = Field(
        default=(),
        description=f"file: allowed types by content ({', '.join(FILE_KINDS)}); "
        "empty: the installation's default (pdf, jpeg, png)",
    )
    max_file_mb: int | None = Field(
        default=None, ge=1, description="file: largest file in MB; null: the installation's"
    )

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"Muster ist kein gültiger regulärer Ausdruck: {error}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FieldDef:
        if self.type == DataType.SELECT and not self.choices and self.codelist is None:
            raise ValueError("eine Auswahl braucht `choices` oder eine `codelist`")
        if self.type != DataType.SELECT and self.choices:
            raise ValueError("`choices` gibt es nur beim Typ `select`")
        if self.max_items is not None and self.max_items < self.min_items:
            raise ValueError("max_items ist kleiner als min_items")
        if self.min_length and self.max_length and self.max_length < self.min_length:
            raise ValueError("max_length ist kleiner als min_length")
        if self.type != DataType.FILE and (self.accept or self.max_file_mb):
            raise ValueError("`accept` und `max_file_mb` gibt es nur beim Typ `file`")
        unknown = set(self.accept) - set(FILE_KINDS)
        if unknown:
            allowed = ", ".join(FILE_KINDS)
            raise ValueError(
                f"unbekannte Dateiart {', '.join(sorted(unknown))}; erlaubt: {allowed}"
            )
        return self

    @property
    def is_repeated(self) -> bool:
        return self.max_items != 1

    @property
    def is_input(self) -> bool:
        return self.type != DataType.STATIC


class GroupDef(ElementBase):
    """A group of questions; repeatable when max_items is not 1."""

    kind: Literal["group"] = "group"
    min_items: int = Field(default=1, ge=0)
    max_items: int | None = Field(default=1, ge=1, description="null: unlimited")
    children: tuple[Element, ...] = ()

    @model_validator(mode="after")
    def _bounds(self) -> GroupDef:
        if self.max_items is not None and self.max_items < self.min_items:
            raise ValueError("max_items ist kleiner als min_items")
        return self

    @property
    def is_repeated(self) -> bool:
        return self.max_items != 1


def _element_kind(value: object) -> str:
    """`kind` may be left out: an element with `children` is a group, anything else a field."""
    if isinstance(value, dict):
        return str(value.get("kind") or ("group" if "children" in value else "field"))
    return str(getattr(value, "kind", "field"))


Element = Annotated[
    Annotated[FieldDef, Tag("field")] | Annotated[GroupDef, Tag("group")],
    Discriminator(_element_kind),
]


class RuleKind(StrEnum):
    """What a rule does to its targets."""

    VISIBLE = "visible"  # targets are shown only while the expression is true
    REQUIRED = "required"  # targets must be answered while the expression is true
    COMPUTE = "compute"  # the single target's value is the expression's value
    CHECK = "check"  # the expression must be true, otherwise `message` is shown
    DOCUMENTATION = "documentation"  # a rule text that cannot be machine-read (FIM)


class RuleDef(BaseModel):
    """A declarative rule in the expression language (see forms/expressions.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=ELEMENT_ID)]
    kind: RuleKind
    targets: tuple[str, ...] = ()
    expression: str = ""
    message: Text | None = None
    text: str = Field(default="", description="the original rule text, e.g. FIM freitextRegel")
    fim: FimOrigin | None = None

    _message = field_validator("message", mode="before")(_text)

    @model_validator(mode="after")
    def _complete(self) -> RuleDef:
        if self.kind != RuleKind.DOCUMENTATION and not self.expression:
            raise ValueError("die Regel braucht einen Ausdruck (`expression`)")
        if (
            self.kind in (RuleKind.VISIBLE, RuleKind.REQUIRED, RuleKind.COMPUTE)
            and not self.targets
        ):
            raise ValueError("die Regel braucht Ziele (`targets`)")
        if self.kind == RuleKind.COMPUTE and len(self.targets) != 1:
            raise ValueError("eine berechnende Regel hat genau ein Ziel")
        if self.kind == RuleKind.CHECK and self.message is None:
            raise ValueError("eine Prüfregel braucht eine Meldung (`message`)")
        return self


class PageDef(BaseModel):
    """One step of the form; the citizen sees one page at a time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=ELEMENT_ID)]
    title: Text
    elements: tuple[Element, ...]

    _title = field_validator("title", mode="before")(_text)


class FormDef(BaseModel):
    """A whole form version's content."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["rathaus-form/1"] = "rathaus-form/1"
    id: Annotated[str, Field(pattern=ELEMENT_ID)]
    version: str = "1"
    title: Text
    description: Text | None = None
    source: Literal["rathaus", "xdf2", "xdf3"] = "rathaus"
    fim: FimOrigin | None = None
    pages: tuple[PageDef, ...]
    rules: tuple[RuleDef, ...] = ()
    max_files: int | None = Field(
        default=None, ge=1, description="most files in one application; null: the installation's"
    )
    trust_level: Literal["niedrig", "substanziell", "hoch"] | None = Field(
        default=None,
        description="the BundID trust level an applicant must log in with; null: no login needed",
    )

    _title = field_validator("title", "description", mode="before")(_text)

    @model_validator(mode="after")
    def _unique_ids(self) -> FormDef:
        if not self.pages:
            raise ValueError("das Formular braucht mindestens eine Seite (`pages`)")
        seen: set[str] = set()
        for element in iter_elements(self):
            if element.id in seen:
                raise ValueError(f"die Kennung {element.id} kommt mehrfach vor")
            seen.add(element.id)
        unknown = {t for rule in self.rules for t in rule.targets} - seen
        if unknown:
            raise ValueError(
                f"Regeln verweisen auf unbekannte Elemente: {', '.join(sorted(unknown))}"
            )
        return self


def iter_elements(form: FormDef) -> list[FieldDef | GroupDef]:
    """Every element of the form, depth first, in page order."""
    found: list[FieldDef | GroupDef] = []

    def walk(elements: tuple[FieldDef | GroupDef, ...]) -> None:
        for element in elements:
            found.append(element)
            if isinstance(element, GroupDef):
                walk(element.children)

    for page in form.pages:
        walk(page.elements)
    return found


def unresolved_codelists(form: FormDef) -> list[FieldDef]:
    """Select fields whose code list is missing: they block publishing."""
    return [
        element
        for element in iter_elements(form)
        if isinstance(element, FieldDef) and element.type == DataType.SELECT and not element.choices
    ]


GroupDef.model_rebuild()
PageDef.model_rebuild()
FormDef.model_rebuild()
