from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def lookup(mapping, key):
    """Return ``mapping[key]`` or None, for keys a template cannot spell."""
    return mapping.get(key) if mapping else None


@register.filter
def form_messages(form) -> list[str]:
    """Return every error message of a bound form, the form-wide ones first."""
    if form is None or not form.is_bound:
        return []
    messages = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name != "__all__":
            messages.extend(errors)
    return messages


# Single backticks (Markdown) in messages, double ones (reST) in rule docstrings.
_TICKS = re.compile(r"``([^`]+)``|`([^`\n]+)`")


@register.filter
def ticks(text: str) -> str:
    """Escape ``text`` and show its `backticked` parts as code."""
    escaped = str(escape(text))
    return mark_safe(_TICKS.sub(lambda m: f"<code>{m[1] or m[2]}</code>", escaped))
