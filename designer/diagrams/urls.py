from __future__ import annotations

from django.urls import path

from designer.diagrams import views

urlpatterns = [
    path("projects/<slug:slug>/diagram/", views.diagram, name="diagram"),
    path(
        "projects/<slug:slug>/diagram.<str:fmt>",
        views.diagram_download,
        name="diagram-download",
    ),
]
