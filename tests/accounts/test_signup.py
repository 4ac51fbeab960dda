from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def test_it_creates_an_account_and_logs_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "zoë",
            "email": "zoe@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("project-list")
    user = User.objects.get(username="zoë")
    assert user.email == "zoe@example.com"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_rejects_mismatched_passwords(client, caplog):
    response = client.post(
        reverse("signup"),
        {
            "username": "zoe",
            "email": "zoe@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )

    assert response.status_code == 422
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.filter(username="zoe").exists()


def test_it_rejects_a_taken_email(client, caplog):
    User.objects.create_user("first", "zoe@example.com")

    response = client.post(
        reverse("signup"),
        {
            "username": "second",
            "email": "ZOE@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 422
    assert "An account with this e-mail address already exists" in (
        response.content.decode()
    )


def test_signup_page_renders_form(client):
    response = client.get(reverse("signup"))

    assert response.status_code == 200
    assert 'name="password2"' in response.content.decode()


def test_password_reset_sends_a_working_link(client):
    user = User.objects.create_user("zoe", "zoe@example.com", "old password 123")

    response = client.post(reverse("password_reset"), {"email": "zoe@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zoe@example.com"]
    assert message.subject == "Reset your Convex Schema Designer password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_for_unknown_address_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []
