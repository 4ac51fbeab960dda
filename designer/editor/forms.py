"""Forms of the editor: they reject what Convex would reject at deploy.

Softer problems (a singular table name, a missing index) are left to the rule
catalogue, whose findings the editor shows next to the same inputs.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from designer.editor.typesyntax import TypeSyntaxError, parse_type
from designer.schemas.identifiers import (
    RESERVED_INDEX_NAMES,
    SYSTEM_TABLES,
    identifier_problem,
)
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Id, Object, Validator

START_CHOICES = [
    ("blank", "Blank: no tables yet"),
    ("better_auth", "Better Auth starter: user, session, account, verification, jwks"),
    ("demo", "Copy of the demo project"),
]
MIN_DIMENSIONS = 2
MAX_DIMENSIONS = 4096


def name_problem(name: str, element_label: str) -> str:
    """Return why Convex rejects ``name`` for a table, field or index, or ""."""
    problem = identifier_problem(name)
    if problem:
        return f"{element_label} {name!r} {problem}."
    if name.startswith("_"):
        return f"{element_label} {name!r} starts with an underscore, which Convex reserves."
    return ""


class RevisionForm(forms.Form):
    """The project revision the page was rendered with, to detect lost updates."""

    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ElementForm(RevisionForm):
    """A form about one element of ``table`` in ``schema``; ``element`` when editing."""

    def __init__(self, *args, schema: Schema, table: Table | None, element=None, **kw):
        super().__init__(*args, **kw)
        self.schema = schema
        self.table = table
        self.element = element
        # Live validation lists messages without their inputs, so each message
        # names its input.
        for name, field in self.fields.items():
            words = name.replace("_", " ")
            verb = "are" if words.endswith("s") else "is"
            field.error_messages["required"] = (
                f"The {words} of the {self.element_label.lower()} {verb} missing."
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        problem = name_problem(name, self.element_label)
        if problem:
            raise ValidationError(problem, code="invalid_name")
        if self.name_taken(name):
            raise ValidationError(
                f"{self.element_label} {name!r} already exists{self.where}; pick another name.",
                code="duplicate_name",
            )
        return name

    @property
    def where(self) -> str:
        return f" in table {self.table.name!r}" if self.table else ""


class ProjectCreateForm(forms.Form):
    name = forms.CharField(max_length=200)
    start = forms.ChoiceField(
        choices=START_CHOICES, initial="blank", widget=forms.RadioSelect
    )


class ProjectSettingsForm(RevisionForm):
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    schema_path = forms.CharField(
        max_length=300, help_text="Where schema.ts lives in your app, from its root."
    )
    schema_validation = forms.BooleanField(
        required=False,
        help_text="Convex checks every document against the schema (recommended).",
    )
    strict_table_name_types = forms.BooleanField(
        required=False,
        help_text="TypeScript rejects table names that are not in the schema.",
    )

    def clean_schema_path(self) -> str:
        path = self.cleaned_data["schema_path"].strip()
        if path.startswith("/") or ".." in path.split("/") or not path.endswith(".ts"):
            raise ValidationError(
                "The schema path must be a relative path ending in .ts, such as "
                "convex/schema.ts.",
                code="invalid_path",
            )
        return path


class TableForm(ElementForm):
    element_label = "Table"
    name = forms.CharField(max_length=64, strip=False)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    group = forms.CharField(max_length=100, required=False)
    document_kind = forms.ChoiceField(
        choices=[
            ("object", "Object: one set of fields"),
            ("union", "Union: several kinds of document"),
            ("any", "Any: no schema for documents"),
        ],
        initial="object",
        required=False,
    )

    def name_taken(self, name: str) -> bool:
        other = self.schema.table(name)
        return other is not None and other is not self.element

    @property
    def where(self) -> str:
        return " in this project"


class FieldForm(ElementForm):
    element_label = "Field"
    # Declared before the name, because the duplicate check of the name needs it.
    variant = forms.IntegerField(min_value=0, max_value=99, required=False, initial=0)
    name = forms.CharField(max_length=64, strip=False)
    type = forms.CharField(max_length=20_000, initial="v.string()")
    optional = forms.BooleanField(required=False)
    unique = forms.BooleanField(required=False)
    description = forms.CharField(required=False, max_length=2000)

    def name_taken(self, name: str) -> bool:
        variant = self.cleaned_data.get("variant") or 0
        return any(
            f.name == name and f.variant == variant and f is not self.element
            for f in self.table.fields
        )

    def clean_type(self) -> tuple[Validator, bool]:
        try:
            validator, optional = parse_type(self.cleaned_data["type"])
        except TypeSyntaxError as error:
            raise ValidationError(str(error), code="invalid_type") from None
        problem = member_name_problem(validator) or reference_problem(
            validator, self.schema
        )
        if problem:
            raise ValidationError(problem, code="invalid_type")
        return validator, optional

    def validator(self) -> Validator:
        return self.cleaned_data["type"][0]

    def is_optional(self) -> bool:
        return self.cleaned_data["optional"] or self.cleaned_data["type"][1]


def member_name_problem(validator: Validator) -> str:
    """Return why a nested object member name is rejected, or ""."""
    for path, node in validator.walk():
        if not isinstance(node, Object):
            continue
        for member in node.members:
            problem = identifier_problem(member.name)
            if problem:
                return f"Member {member.name!r}{_at(path)} {problem}."
            if member.name[0] in "_$":
                return (
                    f"Member {member.name!r}{_at(path)} starts with {member.name[0]!r}, "
                    "which Convex does not allow in object keys."
                )
    return ""


def reference_problem(validator: Validator, schema: Schema) -> str:
    """Return why a v.id in ``validator`` points nowhere, or ""."""
    known = schema.table_names() | set(SYSTEM_TABLES)
    for _, node in validator.walk():
        if isinstance(node, Id) and node.table not in known:
            tables = ", ".join(sorted(schema.table_names())) or "none yet"
            return (
                f"v.id({node.table!r}) refers to a table that does not exist; "
                f"add it first or pick one of: {tables}."
            )
    return ""


def _at(path: str) -> str:
    return f" (in {path})" if path else ""


class IndexForm(ElementForm):
    element_label = "Index"
    name = forms.CharField(max_length=64, strip=False)
    fields = forms.CharField(
        max_length=2000, help_text="Field paths in order, separated by commas."
    )

    def name_taken(self, name: str) -> bool:
        return name in self.table.all_index_names()

    def clean_name(self) -> str:
        name = super().clean_name()
        if name in RESERVED_INDEX_NAMES:
            raise ValidationError(
                f"Index name {name!r} is reserved; Convex adds it to every table.",
                code="reserved_name",
            )
        return name

    def clean_fields(self) -> list[str]:
        paths = split_paths(self.cleaned_data["fields"])
        if not paths:
            raise ValidationError("Pick at least one field.", code="no_fields")
        return check_paths(paths, self.table)


def split_paths(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def check_paths(paths: list[str], table: Table) -> list[str]:
    """Return ``paths`` if each is a distinct field path of ``table``."""
    for path in paths:
        if paths.count(path) > 1:
            raise ValidationError(f"Field {path!r} is listed twice.", code="duplicate")
        if not table.resolve_path(path):
            raise ValidationError(
                f"Table {table.name!r} has no field {path!r}.", code="unknown_field"
            )
    return paths


class SearchIndexForm(IndexForm):
    element_label = "Search index"
    fields = None
    search_field = forms.CharField(max_length=300)
    filter_fields = forms.CharField(max_length=2000, required=False)

    def clean_search_field(self) -> str:
        return check_paths([self.cleaned_data["search_field"].strip()], self.table)[0]

    def clean_filter_fields(self) -> list[str]:
        return check_paths(split_paths(self.cleaned_data["filter_fields"]), self.table)


class VectorIndexForm(IndexForm):
    element_label = "Vector index"
    fields = None
    vector_field = forms.CharField(max_length=300)
    dimensions = forms.IntegerField(
        min_value=MIN_DIMENSIONS, max_value=MAX_DIMENSIONS, initial=1536
    )
    filter_fields = forms.CharField(max_length=2000, required=False)

    def clean_vector_field(self) -> str:
        return check_paths([self.cleaned_data["vector_field"].strip()], self.table)[0]

    def clean_filter_fields(self) -> list[str]:
        return check_paths(split_paths(self.cleaned_data["filter_fields"]), self.table)


class SuppressForm(RevisionForm):
    code = forms.CharField(max_length=20)
    location = forms.CharField(max_length=300)
    reason = forms.CharField(
        max_length=1000,
        error_messages={"required": "Give a reason, so reviewers know why it is fine."},
    )
