"""Returnflow settings: everything that differs between machines comes from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS). `make run` opts into the
embedded development mode explicitly (DJANGO_DEBUG=1, SQLite, in-process Celery, local media).
"""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .db_roles import derived_owner_url
from .env import envbool, envdecimal, envint, envlist, envstr
from .logs import logging_config
from .storage_config import media_storages

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-mode"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "returnflow",
    "returns",
    "inspection",
    "refunds",
    "exchanges",
    "integrations",
    "portal",
    "support",
    "api",
    "odoo_testserver",
    "intelligence",
]

MIDDLEWARE = [
    # First, so it times and counts every answer (returnflow/metrics.py).
    "returnflow.metrics.MetricsMiddleware",
    # /healthz, /readyz, /metrics answered here, before HTTPS redirects and host checks (returnflow/health.py).
    "returnflow.health.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "returnflow.middleware.BrowserPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "returnflow.middleware.RequestIdMiddleware",
    "returnflow.logs.RequestIdLogMiddleware",
    "returnflow.middleware.ApiErrorsAsJsonMiddleware",
    "returnflow.middleware.BodySizeLimitMiddleware",
    # Before anything reads the session or the database: a shed request has changed nothing.
    "returnflow.load_shedding.LoadSheddingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "returnflow.urls"

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
                "django.template.context_processors.i18n",
                "returnflow.limits.limits",
            ],
        },
    },
]

WSGI_APPLICATION = "returnflow.wsgi.application"

# The embedded default is SQLite so that `make run` needs nothing installed; tests and
# production set DATABASE_URL to PostgreSQL.
# Two PostgreSQL roles (README, "Database roles"): the app connects as DATABASE_URL's role, which reads
# and writes rows but owns no table; migrations run as DATABASE_OWNER_URL's role (default: the same URL
# with the user `<user>_owner`). manage.py switches to the owner for `migrate` with
# RETURNFLOW_DATABASE_ROLE=owner; the migrations grant the app role what it may do.
DATABASE_APP_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASE_OWNER_URL = envstr("DATABASE_OWNER_URL") or derived_owner_url(DATABASE_APP_URL)
DATABASE_APP_USER = dj_database_url.parse(DATABASE_APP_URL).get("USER") or ""
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_OWNER_URL if envstr("RETURNFLOW_DATABASE_ROLE") == "owner" else DATABASE_APP_URL,
        # Persistent connections: a new PostgreSQL connection per request cost 12-14 % of the
        # lifecycle rate (issue 11); the health check replaces one that a restart has cut.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins (pages and admin) by user name and, separately, by address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
# Either one over the limit locks: a guesser trying one account, or one address trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "returnflow.lockout.lockout_response"
# The same client address as the portal's rate limits (honours TRUSTED_PROXY_HOPS).
AXES_CLIENT_IP_CALLABLE = "returnflow.lockout.axes_client_ip"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The portal and the customer e-mails speak these (locale/<code>/LC_MESSAGES); each name in its own language
# for the switcher. Staff screens stay English where no translation exists.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The operator's zone (e.g. Europe/Berlin): documents people read, such as the evidence pack, show times
# in it and name it. Stored times stay UTC (USE_TZ).
TIME_ZONE = envstr("TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# "default" (renditions, documents) and "private_originals" (photo originals): local disk, or S3 buckets
# with MEDIA_STORAGE=s3 (returnflow/storage.py; README, "Deployment").
STORAGES = {
    **media_storages(),
    "staticfiles": {
        "BACKEND": envstr(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# A shared cache (e.g. redis://127.0.0.1:6379/1) makes the portal's rate limits count across all
# web processes; without it each process counts on its own (fine for `make run`).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": envstr("CACHE_URL")}
    if envstr("CACHE_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR only).
TRUSTED_PROXY_HOPS = envint("TRUSTED_PROXY_HOPS", 0)

# Uploads above this stay on disk instead of in memory; photo validation streams them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# ...and on disk only up to the photo limit: the rest of an oversized photo is dropped as it arrives.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "returnflow.uploads.PhotoSizeCappedUploadHandler",
]
# The most a body without files (JSON, forms) may weigh; BodySizeLimitMiddleware refuses more with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000

# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files, no inline
# script, no plugins, no framing. /api/docs/ (Swagger UI) gets inline styles from BrowserPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Photo previews on the tablet and the portal are blob: URLs of the chosen files.
        "img-src": ["'self'", "data:", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Security headers: on unless the development mode is explicitly asked for.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Returns <returns@example.com>")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)

# Celery: the broker URL decides. "memory://" means the embedded mode of `make run`, where
# tasks run in-process right after the transaction commits.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = envbool("CELERY_TASK_EAGER_PROPAGATES", False)
# A worker killed mid-task leaves the message unacknowledged, so the broker redelivers it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The sweeper re-enqueues postings whose message was lost (broker restart, worker killed).
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "integrations.tasks.odoo_outbox_drain",
                     "schedule": float(envint("OUTBOX_SWEEP_SECONDS", 60))},
    # Console replies whose queueing was lost (broker down at commit) are sent again.
    "replies-resend": {"task": "support.tasks.resend_queued", "schedule": 300.0},
}
# Any number of beats may run: only the holder of a Redis lock sends scheduled tasks (returnflow/beat.py).
CELERY_BEAT_SCHEDULER = envstr("CELERY_BEAT_SCHEDULER", "returnflow.beat.FleetLockScheduler")
# With Redis, a message taken by a worker that died is handed out again after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["returnflow.permission_cache.IsAuthenticatedWithPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # drf-spectacular's AutoSchema, plus each operation's 4xx responses in the JSON error shape.
    "DEFAULT_SCHEMA_CLASS": "api.docs.ErrorDocumentingAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "returnflow.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "returnflow.api_errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Returnflow API",
    "DESCRIPTION": "Returns (RMA) lifecycle: requests, authorization, receipt, inspection, "
    "disposition and refunds. Errors are JSON objects {error: {code, message, details}}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.docs.one_of_without_discriminator_as_any_of",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReturnStatusEnum": "returns.choices.ReturnStatus",
        "PostingStateEnum": "integrations.models.PostingState",
        # Several API resources have a `kind`; each keeps its own enum name.
        "PostingKindEnum": "integrations.models.PostingKind",
        "PhotoKindEnum": "inspection.models.PhotoKind",
        "HoldKindEnum": "inspection.models.HoldKind",
        "DiscrepancyKindEnum": "inspection.models.DiscrepancyKind",
        "CarrierClaimKindEnum": "returns.models.CarrierClaimKind",
        "CarrierClaimOutcomeEnum": "returns.models.CarrierClaimOutcome",
    },
}

# LOG_FORMAT=json: one JSON object per line with the request id (returnflow/logs.py); text otherwise.
LOGGING = logging_config(envstr("LOG_FORMAT", "text"), envstr("LOG_LEVEL", "INFO"))
# /metrics answers loopback without a proxy, or this bearer token (returnflow/metrics.py).
METRICS_TOKEN = envstr("METRICS_TOKEN")
# Load shedding per web process (returnflow/load_shedding.py): at most MAX_INFLIGHT requests worked on at
# once; up to MAX_QUEUE more wait up to QUEUE_SECONDS for a slot; the rest get 503 with Retry-After at once.
# Give gunicorn more threads than both (GUNICORN_THREADS, 16 by default) so that the waiting happens here,
# where it is bounded, not in gunicorn's own queue. WEB_MAX_INFLIGHT=0 turns it off.
LOAD_SHEDDING = {
    "MAX_INFLIGHT": envint("WEB_MAX_INFLIGHT", 4),
    "MAX_QUEUE": envint("WEB_MAX_QUEUE", 8),
    "QUEUE_SECONDS": envint("WEB_QUEUE_MS", 500) / 1000,
    "RETRY_AFTER_SECONDS": envint("WEB_RETRY_AFTER_SECONDS", 2),
}

# Business settings.
RETURNFLOW = {
    # The currency of demo orders and of amounts shown when an order has none.
    "DEFAULT_CURRENCY": envstr("RETURNFLOW_DEFAULT_CURRENCY", "EUR"),
    # Refunds above this (order currency) need a second person with the finance role.
    "TWO_PERSON_REFUND_THRESHOLD": envdecimal("RETURNFLOW_TWO_PERSON_REFUND_THRESHOLD", "500"),
    # Authorized returns whose parcel never shipped expire after this many days.
    "AUTHORIZATION_EXPIRY_DAYS": envint("RETURNFLOW_AUTHORIZATION_EXPIRY_DAYS", 30),
    # Queue age (hours) after which support queues turn amber, then red.
    "SLA_WARN_HOURS": envint("RETURNFLOW_SLA_WARN_HOURS", 24),
    "SLA_BREACH_HOURS": envint("RETURNFLOW_SLA_BREACH_HOURS", 48),
    # Signed status links sent to customers stay valid this long.
    "STATUS_LINK_MAX_AGE_DAYS": envint("RETURNFLOW_STATUS_LINK_MAX_AGE_DAYS", 60),
    # Scheme and host that links in customer e-mails point to (e-mails are sent by tasks, without a request).
    "PUBLIC_URL": envstr("RETURNFLOW_PUBLIC_URL", "http://127.0.0.1:8000"),
    # Decimal, as sizes are written for people (returnflow/limits.py): 15 000 000 bytes is "15 MB".
    "PHOTO_MAX_BYTES": envint("RETURNFLOW_PHOTO_MAX_BYTES", 15_000_000),
    # The most one multipart request may carry (several photos); keep nginx client_max_body_size equal.
    "REQUEST_MAX_BYTES": envint("RETURNFLOW_REQUEST_MAX_BYTES", 50_000_000),
    "PHOTO_MAX_PIXELS": envint("RETURNFLOW_PHOTO_MAX_PIXELS", 40_000_000),
    # Tote and bin labels the tablet accepts as a location (never a product code); "" = the built-in
    # pattern of inspection/totes.py.
    "TOTE_PATTERN": envstr("RETURNFLOW_TOTE_PATTERN", ""),
    # Whether the customer's own photos of a fault count as inspection evidence (shown as such).
    "CUSTOMER_PHOTOS_COUNT_AS_EVIDENCE": envbool("RETURNFLOW_CUSTOMER_PHOTOS_COUNT_AS_EVIDENCE", False),
}

# The tablet's label printer ("host[:port]", raw TCP, port 9100 by default; empty: labels are downloaded)
# and where each disposition's units go ("restock=STOCK:BIN-S-01:green,…" as disposition=AREA:BIN:COLOUR,
# over inspection/lpn.py's defaults).
RETURNFLOW_LABEL_PRINTER = envstr("RETURNFLOW_LABEL_PRINTER", "")
RETURNFLOW_SORT_LOCATIONS = {
    disposition.strip(): tuple(part.strip() for part in place.split(":"))
    for disposition, _, place in (item.partition("=") for item in envlist("RETURNFLOW_SORT_LOCATIONS"))
    if disposition.strip() and place.count(":") == 2
}

# Odoo (the ERP). Empty ODOO_URL means "not configured": postings wait in the outbox.
ODOO = {
    "URL": envstr("ODOO_URL"),
    "DB": envstr("ODOO_DB"),
    "USER": envstr("ODOO_USER"),
    "API_KEY": envstr("ODOO_API_KEY"),
    "PROTOCOL": envstr("ODOO_PROTOCOL", "xmlrpc"),
    "CONNECT_TIMEOUT": envint("ODOO_CONNECT_TIMEOUT", 5),
    "READ_TIMEOUT": envint("ODOO_READ_TIMEOUT", 30),
    # Set by `make run`: the configured "Odoo" is the in-memory demo sandbox, and pages say so.
    "SANDBOX": envbool("ODOO_SANDBOX", False),
}
# Where things go in Odoo. Ids may be given; otherwise they are found by name under the
# warehouse (ODOO_WAREHOUSE_CODE, default the company's first warehouse) and cached.
ODOO_MAPPING = {
    "WAREHOUSE_CODE": envstr("ODOO_WAREHOUSE_CODE"),
    "RETURNS_LOCATION": envstr("ODOO_RETURNS_LOCATION", "Returns"),
    "REFURBISH_LOCATION": envstr("ODOO_REFURBISH_LOCATION", "Refurbish"),
    "VENDOR_RETURNS_LOCATION": envstr("ODOO_VENDOR_RETURNS_LOCATION", "Vendor returns"),
    "QUARANTINE_LOCATION": envstr("ODOO_QUARANTINE_LOCATION", "Quarantine"),
    "REFUND_JOURNAL_ID": envint("ODOO_REFUND_JOURNAL_ID", 0),
    # Journal of outbound refund payments (bank refunds); 0: the register-payment wizard's default.
    "REFUND_PAYMENT_JOURNAL_ID": envint("ODOO_REFUND_PAYMENT_JOURNAL_ID", 0),
    # Optional products for the restocking-fee and shipping lines of credit notes; without
    # them those lines carry only a label and the journal's default account.
    "FEE_PRODUCT_ID": envint("ODOO_FEE_PRODUCT_ID", 0),
    "SHIPPING_PRODUCT_ID": envint("ODOO_SHIPPING_PRODUCT_ID", 0),
}
# Order snapshots read from Odoo are refreshed when older than this on lookup.
ODOO_ORDER_MAX_AGE_SECONDS = envint("ODOO_ORDER_MAX_AGE_SECONDS", 900)
# A posting claimed by a worker that died is retried after this lease expires.
OUTBOX_LEASE_SECONDS = envint("OUTBOX_LEASE_SECONDS", 300)
OUTBOX_BACKOFF_BASE_SECONDS = envint("OUTBOX_BACKOFF_BASE_SECONDS", 10)
OUTBOX_MAX_BACKOFF_SECONDS = envint("OUTBOX_MAX_BACKOFF_SECONDS", 3600)
RETURNFLOW_SYSTEM_USERNAME = "returnflow-system"
