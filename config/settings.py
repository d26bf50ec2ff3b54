"""PaperShelf settings: one file, read from the environment.

Every variable is listed with a comment in ``.env.example``. A SQLite file is the default
database; ``DATABASE_URL`` selects another (``postgres://...`` or ``sqlite:///path``).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_str(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset, as in ``.env.example``."""
    return os.environ.get(name) or default


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random string "
            "(or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "reviews",
]

MIDDLEWARE = [
    # First: a body larger than any form may send is refused before anything reads it.
    "config.middleware.RequestSizeLimitMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: a SQLite file unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalog's queries are short: PostgreSQL's JIT compiler costs more than it saves
    # (about 300 ms of a 465 ms search at 100,000 papers, see docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Lockout of repeated failed logins (django-axes): one account from one address after a few
# failures, so that nobody can lock out a bystander; and a whole address only after many more,
# so that one lab behind one NAT is not locked out by one person (accounts/lockout.py).
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env_str("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = float(env_str("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The client address: REMOTE_ADDR, or behind DJANGO_PROXY_COUNT trusted proxies the address the
# outermost one saw. Each proxy appends to X-Forwarded-For what it received from, so the client
# is the PROXY_COUNT-th entry from the right and anything to its left may be forged; in
# django-ipware's terms the header then holds the client and PROXY_COUNT - 1 proxies.
PROXY_COUNT = int(env_str("DJANGO_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_ORDER = "left-most"

# Internationalisation: Korean and English, following the browser.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

# Static and uploaded files.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Review slides and their thumbnails: outside MEDIA_ROOT, never served as static files, only
# through views that check who may see the review.
PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT") or BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "slides": {
        "BACKEND": "reviews.slides.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Slides on S3-compatible object storage (several web servers and workers share them): private
# objects, still served only through the views that check permission.
SLIDES_S3_BUCKET = env_str("SLIDES_S3_BUCKET")
if SLIDES_S3_BUCKET:
    STORAGES["slides"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SLIDES_S3_BUCKET,
            "endpoint_url": env_str("SLIDES_S3_ENDPOINT_URL") or None,
            "region_name": env_str("SLIDES_S3_REGION", "us-east-1"),
            "access_key": env_str("SLIDES_S3_ACCESS_KEY") or None,
            "secret_key": env_str("SLIDES_S3_SECRET_KEY") or None,
            "location": env_str("SLIDES_S3_PREFIX"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "addressing_style": "path",
        },
    }

# Cache: Redis when REDIS_URL is set (shared by every web server and worker), else this
# process's memory.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "papershelf",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work (Django's Tasks API, the django-tasks backport): in the request on the
# embedded default; TASKS_BACKEND=database in production, run by `manage.py db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r}: use one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# LibreOffice converts PPTX and PPT slides to PDF (Debian's libreoffice-impress), within a time
# limit; without it such slides stay download-only.
LIBREOFFICE_COMMAND = env_str("LIBREOFFICE_COMMAND", "soffice")
SLIDES_CONVERSION_TIMEOUT = int(env_str("SLIDES_CONVERSION_TIMEOUT", "180"))
SLIDES_CONVERSION_MEMORY = int(env_str("SLIDES_CONVERSION_MEMORY_MB", "2048")) * 1024 * 1024

# Slides uploaded with reviews.
SLIDES_MAX_UPLOAD_SIZE = int(env_str("SLIDES_MAX_UPLOAD_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Any request body: the slides limit plus room for the form around them; larger ones get 413
# before anything parses them (config/middleware.py).
REQUEST_BODY_MAX_SIZE = SLIDES_MAX_UPLOAD_SIZE + 1024 * 1024

# Mail: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PaperShelf <noreply@localhost>")

# Outside services used to fill paper metadata.
ARXIV_API_URL = env_str("ARXIV_API_URL", "https://export.arxiv.org/api/query")
CROSSREF_API_URL = env_str("CROSSREF_API_URL", "https://api.crossref.org/works/")
METADATA_TIMEOUT = float(env_str("METADATA_TIMEOUT", "10"))

# HTTPS behind a TLS proxy: DJANGO_SECURE_PROXY=1 trusts the proxy's X-Forwarded-Proto,
# redirects plain HTTP to HTTPS, sends HSTS and marks every cookie secure.
SECURE_PROXY = env_bool("DJANGO_SECURE_PROXY")
if SECURE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers may probe over plain HTTP
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
# Preloading HSTS is a commitment a group makes for its whole domain (DJANGO_HSTS_PRELOAD=1),
# not a default: the deploy check's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SECURE_PROXY or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts and styles only from our own static files, no
# inline code; plugins only where a view allows them (the review page's slides viewer).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Reviews may show figures from the web; everything else is ours.
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [SELF],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# The read-only JSON API (/api/) and its OpenAPI schema (/api/schema/).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # public and read-only: what a visitor sees
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PaperShelf API",
    "DESCRIPTION": "Read-only access to the public catalog: papers, topics, venues, presenters, "
    "public reviews and collections.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "VenueKindEnum": "reviews.models.Venue.Kind",
        "CollectionKindEnum": "reviews.models.Collection.Kind",
    },
}

# Invitations to join the group (there is no open sign-up).
INVITATION_VALID_DAYS = int(env_str("INVITATION_VALID_DAYS", "7"))
