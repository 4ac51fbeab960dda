"""System checks for the tools the designer runs outside Python."""

from __future__ import annotations

import shutil

from django.core.checks import Warning, register


@register()
def check_graphviz_installed(app_configs, **kwargs):
    if shutil.which("dot"):
        return []
    return [
        Warning(
            "Graphviz's `dot` program was not found on PATH, so ER diagrams "
            "cannot be rendered.",
            hint="Install Graphviz (on Debian: `apt-get install graphviz`).",
            id="designer.W001",
        )
    ]
