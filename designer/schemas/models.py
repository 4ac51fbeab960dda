"""Database models of a designed Convex schema.

A field's validator is stored as a JSON tree (``Validator.to_data()``), so a
validator nested to any depth costs no extra queries to load.
"""

from __future__ import annotations

from django.db import models

from designer.schemas.schema import DEFAULT_SCHEMA_PATH


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Project(TimeStamped):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    schema_path = models.CharField(max_length=300, default=DEFAULT_SCHEMA_PATH)
    schema_validation = models.BooleanField(
        default=True, help_text="The `schemaValidation` option of defineSchema."
    )
    strict_table_name_types = models.BooleanField(
        default=True, help_text="The `strictTableNameTypes` option of defineSchema."
    )
    # Bumped on every saved change; an edit made against an older revision
    # is rejected instead of overwriting the newer one.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Table(TimeStamped):
    DOCUMENT_KINDS = [
        ("object", "Object"),
        ("union", "Union of objects"),
        ("any", "Any"),
    ]

    project = models.ForeignKey(Project, models.CASCADE, related_name="tables")
    name = models.CharField(max_length=64)
    description = models.TextField(blank=True)
    group = models.CharField(max_length=100, blank=True)
    document_kind = models.CharField(
        max_length=10, choices=DOCUMENT_KINDS, default="object"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="unique_table_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Field(TimeStamped):
    table = models.ForeignKey(Table, models.CASCADE, related_name="fields")
    name = models.CharField(max_length=64)
    validator = models.JSONField(
        help_text="The validator tree, as Validator.to_data()."
    )
    optional = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    unique = models.BooleanField(
        default=False,
        help_text="Values must be unique: needs an index led by the field.",
    )
    variant = models.PositiveIntegerField(
        default=0, help_text="Member of a union table the field belongs to."
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "variant", "name"], name="unique_field_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table.name}.{self.name}"


class IndexBase(TimeStamped):
    name = models.CharField(max_length=64)
    staged = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Index(IndexBase):
    table = models.ForeignKey(Table, models.CASCADE, related_name="indexes")
    fields = models.JSONField(default=list, help_text="Ordered field paths.")

    class Meta(IndexBase.Meta):
        verbose_name_plural = "indexes"
        constraints = [
            models.UniqueConstraint(fields=["table", "name"], name="unique_index_name")
        ]


class SearchIndex(IndexBase):
    table = models.ForeignKey(Table, models.CASCADE, related_name="search_indexes")
    search_field = models.CharField(max_length=300)
    filter_fields = models.JSONField(default=list)

    class Meta(IndexBase.Meta):
        verbose_name_plural = "search indexes"
        constraints = [
            models.UniqueConstraint(
                fields=["table", "name"], name="unique_search_index_name"
            )
        ]


class VectorIndex(IndexBase):
    table = models.ForeignKey(Table, models.CASCADE, related_name="vector_indexes")
    vector_field = models.CharField(max_length=300)
    dimensions = models.PositiveIntegerField()
    filter_fields = models.JSONField(default=list)

    class Meta(IndexBase.Meta):
        verbose_name_plural = "vector indexes"
        constraints = [
            models.UniqueConstraint(
                fields=["table", "name"], name="unique_vector_index_name"
            )
        ]


class RuleSetting(models.Model):
    SEVERITIES = [
        ("", "Default"),
        ("error", "Error"),
        ("warning", "Warning"),
        ("info", "Info"),
    ]

    project = models.ForeignKey(Project, models.CASCADE, related_name="rule_settings")
    code = models.CharField(max_length=20)
    enabled = models.BooleanField(default=True)
    severity = models.CharField(max_length=10, choices=SEVERITIES, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"], name="unique_rule_setting"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Suppression(TimeStamped):
    project = models.ForeignKey(Project, models.CASCADE, related_name="suppressions")
    code = models.CharField(max_length=20)
    location = models.CharField(
        max_length=300, help_text="Location key of the element, as in findings."
    )
    reason = models.TextField()

    class Meta:
        ordering = ["code", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code", "location"], name="unique_suppression"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} at {self.location}"
