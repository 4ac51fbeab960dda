from __future__ import annotations

from django.urls import path

from designer.imports import views

urlpatterns = [
    path("projects/import/", views.import_project, name="project-import"),
]
