"""Settings for Convex Schema Designer, read from the environment.

The defaults are the embedded development set-up: SQLite, a local-memory
cache and DEBUG off (``scripts/serve`` turns it on). ``DESIGNER_ENV=production``
selects the production set-up. Start-up then fails with ImproperlyConfigured
unless SECRET_KEY and ALLOWED_HOSTS are set and DEBUG is off, and secure
cookies, HSTS and the HTTPS redirect are on. The README's "Production"
section lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    """Return the environment flag ``name``, raising on words that are not yes or no."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value. Use 1 or 0."
        )
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_environment_name() -> str:
    name = os.environ.get("DESIGNER_ENV", "development").strip().lower()
    if name not in {"development", "production"}:
        raise ImproperlyConfigured(
            f"DESIGNER_ENV={name!r} is not known. Use development or production."
        )
    return name


def read_secret_key(production: bool) -> str:
    """Return SECRET_KEY, which production requires to be long and not the dev key."""
    key = os.environ.get("SECRET_KEY", "")
    if not production:
        # An insecure key is only acceptable for local development and tests.
        return key or DEVELOPMENT_SECRET_KEY
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing. Production (DESIGNER_ENV=production) needs "
            "a random key of at least 50 characters, shared by all app servers."
        )
    if len(key) < 50 or key == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production. Use a random key of at "
            "least 50 characters."
        )
    return key


def read_allowed_hosts(production: bool) -> list[str]:
    hosts = env_list("ALLOWED_HOSTS", [])
    if hosts:
        return hosts
    if production:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is missing. Production (DESIGNER_ENV=production) "
            "needs the comma-separated host names the site is served under."
        )
    return ["127.0.0.1", "localhost", "[::1]"]


PRODUCTION = read_environment_name() == "production"
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG is on with DESIGNER_ENV=production. Unset DEBUG or set it to 0."
    )
SECRET_KEY = read_secret_key(PRODUCTION)
ALLOWED_HOSTS = read_allowed_hosts(PRODUCTION)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "designer.schemas",
    "designer.accounts",
    "designer.ops",
    "designer.editor",
    "designer.review",
    "designer.imports",
]

MIDDLEWARE = [
    # First, so the logged duration and status cover every other layer.
    "designer.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After auth and htmx: redirects a visitor who is not logged in from a
    # project view to the login page.
    "designer.accounts.access.LoginRedirectMiddleware",
]

ROOT_URLCONF = "designer.urls"
WSGI_APPLICATION = "designer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# WAL lets readers run beside the one writer, and IMMEDIATE takes the write
# lock at BEGIN, so concurrent writers wait up to ``timeout`` seconds for it
# instead of failing with "database is locked" half-way through.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def read_database() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        default_path = BASE_DIR / "var" / "designer.sqlite3"
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(default_path)),
        }
    else:
        try:
            database = dj_database_url.parse(
                url,
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
                conn_health_checks=True,
            )
        except ValueError as error:
            raise ImproperlyConfigured(f"DATABASE_URL is invalid: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


def read_cache() -> dict:
    """Return the default cache: Redis when REDIS_URL or CACHE_URL is set."""
    name = "REDIS_URL" if os.environ.get("REDIS_URL") else "CACHE_URL"
    url = os.environ.get(name, "")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"{name}={url.split('@')[-1]!r} is not a redis://, rediss:// or "
            "unix:// URL."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "designer"),
        # A Redis server that stops responding makes cache calls fail after
        # 2 seconds instead of blocking a worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


DATABASES = {"default": read_database()}
CACHES = {"default": read_cache()}
# Sessions are stored in the database (Django's default), so a login made
# on one app server is valid on all of them.

# ER diagrams: dot is stopped after this many seconds, and its output is
# cached (keyed by a hash of the DOT source) for DIAGRAM_CACHE_SECONDS.
DIAGRAM_TIMEOUT_SECONDS = env_int("DIAGRAM_TIMEOUT_SECONDS", 10)
DIAGRAM_CACHE_SECONDS = env_int("DIAGRAM_CACHE_SECONDS", 7 * 24 * 3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "project-list"
LOGOUT_REDIRECT_URL = "login"

# Password-reset mail goes to the console unless a real backend is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "designer@localhost")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise serves static files from every app server. Production serves
# the hashed, compressed copies that ``collectstatic`` writes to STATIC_ROOT;
# elsewhere files come straight from the source folders, so tests and
# ``runserver`` need no ``collectstatic``.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Behind a load balancer that terminates TLS, set SECURE_PROXY_SSL_HEADER to
# the header it sends (usually X-Forwarded-Proto), so Django treats the
# request as HTTPS. Set it only when the balancer always sets or overwrites
# that header, because otherwise a client could claim HTTPS itself.
if proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + proxy_header.upper().replace("-", "_"),
        "https",
    )

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancer health checks usually speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Logs are JSON objects, one per line. The request log goes to stdout, and
# warnings and errors (including the tracebacks of 500 responses) to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "designer.ops.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "designer.ops.logs.StdoutHandler", "formatter": "json"},
        "stderr": {"class": "designer.ops.logs.StderrHandler", "formatter": "json"},
    },
    "loggers": {
        "designer.requests": {
            "handlers": ["stdout"],
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {
        "handlers": ["stderr"],
        "level": os.environ.get("LOG_LEVEL", "WARNING").upper(),
    },
}
