from __future__ import annotations

from django.urls import path, register_converter

from designer.editor.views import editing, projects, rules, typebuilder


class ProjectSlugConverter:
    """A project slug that is not one of the fixed paths under /projects/."""

    # The look-ahead keeps /projects/new/ and /projects/import/ for their own
    # views, whichever order the URL patterns are included in.
    regex = r"(?!(?:new|import)/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProjectSlugConverter, "project")

P = "projects/<project:slug>/"
T = P + "tables/<int:table_id>/"

urlpatterns = [
    path("", projects.project_list, name="project-list"),
    path("rules/", rules.rule_catalogue, name="rule-catalogue"),
    path("projects/new/", projects.project_create, name="project-create"),
    path(P, editing.workspace, name="workspace"),
    path(P + "settings/", projects.project_settings, name="project-settings"),
    path(P + "settings/rules/", projects.rule_settings, name="rule-settings"),
    path(
        P + "settings/suppressions/remove/",
        projects.suppression_remove,
        name="suppression-remove",
    ),
    path(P + "delete/", projects.project_delete, name="project-delete"),
    path(P + "export/<str:format>/", projects.export_download, name="export-download"),
    path(P + "validate/", editing.validate, name="validate"),
    path(P + "findings/", editing.findings_panel, name="findings"),
    path(P + "findings/fix/", editing.finding_fix, name="finding-fix"),
    path(P + "findings/suppress/", editing.finding_suppress, name="finding-suppress"),
    path(P + "undo/", editing.undo, name="undo"),
    path(P + "tables/add/", editing.table_add, name="table-add"),
    path(P + "type-builder/", typebuilder.type_builder, name="type-builder"),
    path(
        P + "type-builder/node/",
        typebuilder.type_builder_node,
        name="type-builder-node",
    ),
    path(
        P + "type-builder/add/", typebuilder.type_builder_add, name="type-builder-add"
    ),
    path(
        P + "type-builder/text/",
        typebuilder.type_builder_text,
        name="type-builder-text",
    ),
    path(T, editing.table_edit, name="table-edit"),
    path(T + "update/", editing.table_update, name="table-update"),
    path(T + "delete/", editing.table_delete, name="table-delete"),
    path(T + "fields/add/", editing.field_add, name="field-add"),
    path(
        T + "fields/<int:field_id>/update/", editing.field_update, name="field-update"
    ),
    path(
        T + "fields/<int:field_id>/delete/", editing.field_delete, name="field-delete"
    ),
    path(T + "fields/<int:field_id>/move/", editing.field_move, name="field-move"),
    path(T + "indexes/add/", editing.index_add, name="index-add"),
    path(T + "indexes/delete/", editing.index_delete, name="index-delete"),
    path(T + "search-indexes/add/", editing.search_index_add, name="search-index-add"),
    path(T + "vector-indexes/add/", editing.vector_index_add, name="vector-index-add"),
]
