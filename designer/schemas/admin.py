from __future__ import annotations

from django.contrib import admin

from designer.schemas import models


class TableInline(admin.TabularInline):
    model = models.Table
    fields = ["name", "group", "document_kind", "position"]
    extra = 0
    show_change_link = True


class FieldInline(admin.TabularInline):
    model = models.Field
    fields = ["name", "validator", "optional", "unique", "variant", "position"]
    extra = 0


class IndexInline(admin.TabularInline):
    model = models.Index
    fields = ["name", "fields", "staged"]
    extra = 0


class SearchIndexInline(admin.TabularInline):
    model = models.SearchIndex
    fields = ["name", "search_field", "filter_fields", "staged"]
    extra = 0


class VectorIndexInline(admin.TabularInline):
    model = models.VectorIndex
    fields = ["name", "vector_field", "dimensions", "filter_fields", "staged"]
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_path", "revision", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TableInline]


@admin.register(models.Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "group", "document_kind"]
    list_filter = ["project"]
    search_fields = ["name"]
    inlines = [FieldInline, IndexInline, SearchIndexInline, VectorIndexInline]


@admin.register(models.Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "table", "optional", "unique"]
    search_fields = ["name", "table__name"]


admin.site.register(models.Index)
admin.site.register(models.SearchIndex)
admin.site.register(models.VectorIndex)


@admin.register(models.RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    list_display = ["code", "project", "enabled", "severity"]


@admin.register(models.Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["code", "location", "project", "reason"]
