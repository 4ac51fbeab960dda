from __future__ import annotations

from django.urls import path

from designer.accounts import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("projects/<slug:slug>/members/", views.members, name="project-members"),
    path("projects/<slug:slug>/members/add/", views.add_member, name="member-add"),
    path(
        "projects/<slug:slug>/members/<int:member_id>/role/",
        views.change_role,
        name="member-role",
    ),
    path(
        "projects/<slug:slug>/members/<int:member_id>/remove/",
        views.remove_member,
        name="member-remove",
    ),
]
