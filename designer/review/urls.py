from __future__ import annotations

from django.urls import path

from designer.review.views import history, reviews, sharing, versions

project = "projects/<slug:slug>/"

urlpatterns = [
    path(f"{project}versions/", versions.version_list, name="version-list"),
    path(
        f"{project}versions/<int:number>/",
        versions.version_detail,
        name="version-detail",
    ),
    path(
        f"{project}versions/<int:number>/diff/",
        versions.version_diff,
        name="version-diff",
    ),
    path(
        f"{project}versions/<int:number>/restore/",
        versions.version_restore,
        name="version-restore",
    ),
    path(
        f"{project}versions/<int:number>/share/",
        sharing.share_create,
        name="share-create",
    ),
    path(
        f"{project}share-links/<int:link_id>/revoke/",
        sharing.share_revoke,
        name="share-revoke",
    ),
    path(f"{project}reviews/", reviews.review_list, name="review-list"),
    path(
        f"{project}reviews/<int:review_id>/",
        reviews.review_detail,
        name="review-detail",
    ),
    path(
        f"{project}reviews/<int:review_id>/decide/",
        reviews.review_decide,
        name="review-decide",
    ),
    path(
        f"{project}reviews/<int:review_id>/revise/",
        reviews.review_revise,
        name="review-revise",
    ),
    path(f"{project}comments/", reviews.comments, name="comment-list"),
    path(f"{project}history/", history.history, name="project-history"),
    path("share/<str:token>/", sharing.share_view, name="share-view"),
    path("share/<str:token>/schema.ts", sharing.share_schema, name="share-schema"),
    path("share/<str:token>/diagram.svg", sharing.share_diagram, name="share-diagram"),
]
