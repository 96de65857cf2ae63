"""Pitch In settings: one module, read top to bottom, driven by the environment.

Production differs from a developer's machine only by environment variables (documented in
.env.example and README). django-environ raises ImproperlyConfigured on a malformed value
(``DEBUG=maybe``, ``CONN_MAX_AGE=ten``), so a typo fails loudly at start-up instead of
silently falling back to a default.
"""

from __future__ import annotations

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.logs import logging_config

env = environ.Env()
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, *, default: bool) -> bool:
    """Strict: django-environ would read DEBUG=maybe as False without a word."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")
    return raw in _TRUE


def env_number(name: str, *, default: float, cast: type[float] = int) -> float:
    """Strict too: a message naming the variable rather than int()'s bare ValueError."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        return cast(raw)
    except ValueError:
        kind = "a whole number" if cast is int else "a number"
        raise ImproperlyConfigured(f"{name}={raw!r} is not {kind}.") from None


def env_rate(name: str, *, default: str) -> str:
    """A rate limit in DRF's syntax, checked now: a typo would otherwise be a 500 on every request."""
    raw = env.str(name, default=default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: use e.g. 120/minute (second, minute, hour or day)."
        )
    return raw


BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the running app writes (SQLite database, broker queue, beat schedule, generated
# secret key) lives under var/, so a clone stays clean and `rm -rf var` resets a machine.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY in the environment "
            "(`make run` generates one under var/secret_key), or set DEBUG=true for local work."
        )
    SECRET_KEY = "insecure-development-only-key-never-use-in-production"  # noqa: S105
# Old keys stay valid for sessions, signed links and stored credentials during a rotation.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "template_partials.apps.SimpleAppConfig",  # configured explicitly in TEMPLATES below
    "accounts",
    "opportunities",
]

MIDDLEWARE = [
    # First, so every later log line of a request carries its id (config/logs.py).
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # django-template-partials: {% partialdef %} fragments, rendered as "page.html#name".
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pitchin.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat write to one file at once. WAL lets readers run
    # beside the writer; IMMEDIATE takes the write lock when a transaction starts, so two
    # writers queue on the busy timeout instead of one failing with "database is locked"
    # when it upgrades a read lock halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_number("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_number("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
# After logging in, people return to the page they came from (?next=); with none, to browsing.
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Redis: broker and cache ------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # A file cache is shared by the web, worker and beat processes of `make run`; locmem is not.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery -----------------------------------------------------------------------------------

# Worst case of any task: its hard time limit. Redis re-delivers an unacknowledged (acks_late)
# task after the visibility timeout, so the timeout must exceed the longest task plus its
# retry back-off, or a slow task would be run twice while still running (tests check this).
CELERY_TASK_SOFT_TIME_LIMIT = env_number("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env_number("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_RETRY_BACKOFF_MAX = 900
CELERY_REDIS_VISIBILITY_TIMEOUT = env_number("CELERY_REDIS_VISIBILITY_TIMEOUT", default=3600)

CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_REDIS_VISIBILITY_TIMEOUT}
else:
    # No server needed: kombu's filesystem transport passes messages through files under var/,
    # so `make run` has a real worker and beat on a machine with nothing but Python.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
if REDIS_URL:
    # One beat sends at a time even if two run (config/beat.py); its lock is renewed every tick.
    CELERY_BEAT_SCHEDULER = "config.beat.SingleBeatScheduler"
    CELERY_BEAT_MAX_LOOP_INTERVAL = 30
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
# Three queues, so a backlog of one kind cannot starve another: fetches (slow, network-bound, run
# on a threads pool in production), e-mail (must go out on time even while thousands of feeds are
# due) and default (beat's fan-out, expiry, heartbeats). `celery worker -Q fetch` etc. per machine;
# `make run` has one worker consuming all three (docs/deploy.md).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "opportunities.tasks.source_fetch": {"queue": "fetch"},
    "accounts.tasks.*": {"queue": "email"},
}
CELERY_QUEUES_ALL = ("fetch", "default", "email")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_INTERVAL_SECONDS = env_number("HEARTBEAT_INTERVAL_SECONDS", default=60)
# How often beat looks for due sources. A minute in production; the simulation shortens it.
SOURCES_DISPATCH_INTERVAL_SECONDS = env_number("SOURCES_DISPATCH_INTERVAL_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    # Every minute (crontab "* * * * *"): enqueue fetches for sources that are due.
    "sources-dispatch-due": {
        "task": "opportunities.tasks.sources_dispatch_due",
        "schedule": float(SOURCES_DISPATCH_INTERVAL_SECONDS),
    },
    # Every 15 minutes (crontab "*/15 * * * *"): listings past their deadline become expired.
    "opportunities-expire": {"task": "opportunities.tasks.opportunities_expire", "schedule": 15 * 60.0},
    # Every minute: proves beat and a worker are alive (the home page and, later, /readyz show it).
    "heartbeat": {
        "task": "opportunities.tasks.heartbeat_record",
        "schedule": float(HEARTBEAT_INTERVAL_SECONDS),
        "args": ("beat",),
    },
    # Hourly at :07 (crontab "7 * * * *"): digests of saved searches; each search gets at most
    # one per day or week, so running hourly only makes them timely.
    "accounts-digests": {"task": "accounts.tasks.digests_send", "schedule": crontab(minute=7)},
    # Hourly at :17: follow-up reminders for saved opportunities.
    "accounts-follow-ups": {
        "task": "accounts.tasks.follow_up_reminders_send",
        "schedule": crontab(minute=17),
    },
    # Hourly at :27: reminders to contacts who have not answered a verification request.
    "accounts-verification-reminders": {
        "task": "accounts.tasks.verification_reminders_send",
        "schedule": crontab(minute=27),
    },
}

# --- Feeds ------------------------------------------------------------------------------------

FEEDS_USER_AGENT = env.str(
    "FEEDS_USER_AGENT",
    default="PitchInBot/0.1 (+https://github.com/pitch-in/pitch-in; remote volunteering aggregator)",
)
FEEDS_HTTP_TIMEOUT = env_number("FEEDS_HTTP_TIMEOUT", default=20.0, cast=float)
FEEDS_MAX_BYTES = env_number("FEEDS_MAX_BYTES", default=15 * 1024 * 1024)
FEEDS_PER_HOST_CONCURRENCY = env_number("FEEDS_PER_HOST_CONCURRENCY", default=2)
FEEDS_MAX_INTERVAL_MINUTES = 24 * 60  # however long a feed asks us to wait, look again within a day
# host[:port] names that may resolve to private or loopback addresses: local simulations only.
FETCH_ALLOWED_PRIVATE_HOSTS = env.list("FETCH_ALLOWED_PRIVATE_HOSTS", default=[])
# Key for source credentials at rest (Fernet). Empty: derived from SECRET_KEY (and its fallbacks).
CREDENTIALS_KEY = env.str("CREDENTIALS_KEY", default="")

# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Tokens first: an unauthenticated request then gets 401 + WWW-Authenticate, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.DefaultPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api_throttles.AnonymousThrottle",
        "config.api_throttles.ClientThrottle",
    ],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "PAGE_SIZE": 20,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Courtesy limits (429 + Retry-After), per address when anonymous, per token or person otherwise.
# DRF's syntax: "<n>/<second|minute|hour|day>". Read at each request (config.api_throttles).
API_THROTTLE_RATES = {
    "anon": env_rate("API_THROTTLE_ANON", default="120/minute"),
    "user": env_rate("API_THROTTLE_USER", default="600/minute"),
}
# The change feed leaves out changes younger than this, so a transaction that commits a little
# after its rows' updated_at cannot slip behind a partner's cursor (see opportunities/api/changes.py).
CHANGE_FEED_SETTLE_SECONDS = env_number("CHANGE_FEED_SETTLE_SECONDS", default=10)
SPECTACULAR_SETTINGS = {
    "TITLE": "Pitch In API",
    "DESCRIPTION": (
        "Remote volunteering opportunities, aggregated from public feeds, deduplicated and tagged by "
        "cause; and, for a signed-in person, their saved listings, searches, volunteer hours and goals.\n\n"
        "* Public reads need no credentials. Personal endpoints (`/me/…`) take a personal API token "
        "(`Authorization: Bearer pi_…`) or the site's session.\n"
        "* Lists are cursor-paged: follow `next`/`previous`; `page_size` up to 100.\n"
        "* Errors are RFC 9457 problem details (`application/problem+json`).\n"
        "* GET answers carry `ETag` and `Last-Modified`; send `If-None-Match` for a 304.\n"
        "* Mirror the catalogue with the change feed `/changes/opportunities/` (OpenActive RPDE style).\n"
        "* Requests are rate-limited per token or address; a 429 carries `Retry-After`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status`: name each enum, or spectacular guesses and warns.
    "ENUM_NAME_OVERRIDES": {"OpportunityStatusEnum": "opportunities.models.Status"},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_problem_responses",
    ],
}

# --- Static files, i18n -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at every start-up when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let browsers cache static files forever; run collectstatic before serving.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security (all env-driven: production turns these on, see .env.example) ---------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- E-mail and logging ---------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes (tests count real workers' e-mails there).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Pitch In <noreply@localhost>")

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# json: one object per line with request_id / task_id (production); plain: for a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="json").strip().lower()
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or plain.")
LOGGING = logging_config(level=LOG_LEVEL, json=LOG_FORMAT == "json")

# --- Operations ---------------------------------------------------------------------------------

# /metrics answers a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, or a staff login.
# Empty: staff only.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Accounts ---------------------------------------------------------------------------------

# Login throttling (accounts/services/account.py): this many failed logins for one username, or
# from one address, within the window lock further attempts out for LOGIN_LOCKOUT_MINUTES.
LOGIN_FAILURES_PER_USERNAME = env_number("LOGIN_FAILURES_PER_USERNAME", default=5)
LOGIN_FAILURES_PER_IP = env_number("LOGIN_FAILURES_PER_IP", default=20)
LOGIN_FAILURE_WINDOW_MINUTES = env_number("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
LOGIN_LOCKOUT_MINUTES = env_number("LOGIN_LOCKOUT_MINUTES", default=15)
# Behind a reverse proxy every request comes from the proxy's address: count by the last
# X-Forwarded-For entry instead (the one our own proxy appended; earlier ones are client-written).
LOGIN_TRUST_X_FORWARDED_FOR = env_bool("LOGIN_TRUST_X_FORWARDED_FOR", default=False)
# --- end Accounts ---
