"""WSGI entry point, as used by gunicorn: ``gunicorn designer.wsgi``."""

from __future__ import annotations

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")

application = get_wsgi_application()

# Django imports the URLconf, and with it every view module, on the first
# request. Importing it here makes a new worker's first request as fast as
# the others.
import_module(settings.ROOT_URLCONF)
