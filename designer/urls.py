from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("designer.accounts.urls")),
    path("", include("designer.review.urls")),
    path("", include("designer.ops.urls")),
    # Before the editor, whose projects/<slug>/ would otherwise take "import".
    path("", include("designer.imports.urls")),
    path("", include("designer.editor.urls")),
    path("", include("designer.diagrams.urls")),
]
