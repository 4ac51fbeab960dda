"""Forms for signing up and for managing a project's members."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from designer.accounts.models import Membership, Role


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Used only to send you a password-reset link.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address already exists. "
                "Reset its password instead.",
                code="duplicate_email",
            )
        return email


class AddMemberForm(forms.Form):
    error_messages = {
        "unknown_user": "No user is called %(username)s.",
        "already_member": "%(username)s is already a member of this project.",
    }

    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)

    def __init__(self, *args, project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_username(self):
        username = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=username).first()
        params = {"username": username}
        if user is None:
            raise forms.ValidationError(
                self.error_messages["unknown_user"], code="unknown_user", params=params
            )
        if Membership.objects.filter(project=self.project, user=user).exists():
            raise forms.ValidationError(
                self.error_messages["already_member"],
                code="already_member",
                params=params,
            )
        return user


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
