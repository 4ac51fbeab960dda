"""Forms of the versions, reviews, comments and share-link pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from designer.review.models import Comment, Verdict, Version
from designer.schemas.schema import Schema


class VersionForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: Before billing.")
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReviewForm(forms.Form):
    error_messages = {
        "base_not_older": "Changes since must be a version older than v%(number)s.",
    }

    version = forms.ModelChoiceField(
        queryset=Version.objects.none(), label="Version to review"
    )
    base = forms.ModelChoiceField(
        queryset=Version.objects.none(),
        required=False,
        label="Changes since",
        empty_label="The version before it",
        help_text="The reviewer sees what changed from this version.",
    )
    reviewers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reviewer."},
    )
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, project, requester, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        versions = Version.objects.filter(project=project)
        self.fields["version"].queryset = versions
        self.fields["base"].queryset = versions
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(memberships__project=project)
            .exclude(pk=requester.pk)
            .order_by("username")
        )

    def clean(self) -> dict:
        data = super().clean()
        version, base = data.get("version"), data.get("base")
        if version is None:
            return data
        if base is None:
            data["base"] = previous_version(version)
        elif base.number >= version.number:
            self.add_error(
                "base",
                forms.ValidationError(
                    self.error_messages["base_not_older"],
                    code="base_not_older",
                    params={"number": version.number},
                ),
            )
        return data


class ReviseForm(forms.Form):
    """Move a review on to a newer version of the project."""

    error_messages = {
        "not_newer": "Choose a version newer than v%(number)s, the one under review.",
    }

    version = forms.ModelChoiceField(
        queryset=Version.objects.none(), label="Newer version"
    )

    def __init__(self, *args, review, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["version"].queryset = Version.objects.filter(
            project=review.project_id, number__gt=review.version.number
        )
        self.fields["version"].error_messages["invalid_choice"] = self.error_messages[
            "not_newer"
        ] % {"number": review.version.number}


def previous_version(version: Version) -> Version | None:
    """Return the newest version of the project older than ``version``."""
    return (
        Version.objects.filter(project=version.project_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


class VerdictForm(forms.Form):
    decision = forms.ChoiceField(choices=Verdict.Decision.choices)


class CommentForm(forms.Form):
    error_messages = {
        "unknown_target": "%(target)s is not a table, field or index of this schema.",
        "foreign_parent": "The comment you replied to is not in this project.",
    }

    target = forms.CharField(
        required=False,
        max_length=300,
        label="About",
        help_text="A table (users), a field (users.email) or an index "
        "(users#by_email); empty for the whole project.",
    )
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project, schema: Schema, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.schema = schema

    def clean_target(self) -> str:
        target = self.cleaned_data["target"].strip()
        if target and not target_exists(self.schema, target):
            raise forms.ValidationError(
                self.error_messages["unknown_target"],
                code="unknown_target",
                params={"target": target},
            )
        return target

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = Comment.objects.filter(project=self.project, pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                self.error_messages["foreign_parent"], code="foreign_parent"
            )
        # Replies hang off the first comment, so threads stay one level deep.
        return parent.parent or parent


class ShareForm(forms.Form):
    expires_in_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        help_text="Days until the link stops working; empty for never.",
    )


def target_exists(schema: Schema, target: str) -> bool:
    """Return whether a Location key names a table, field path or index."""
    table_name, hash_, index = target.partition("#")
    if hash_:
        table = schema.table(table_name)
        return table is not None and index in table.all_index_names()
    table_name, _, path = target.partition(".")
    table = schema.table(table_name)
    if table is None:
        return False
    return not path or bool(table.resolve_path(path))
