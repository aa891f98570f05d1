"""Settings for every environment; environments differ only by variables.

Read ../shared/spec/api.md (Configuration) for the contract of each variable.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from cryptography.fernet import Fernet
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from .env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_url,
    new_secret_key,
    secret_from_env_or_file,
    storage_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", VAR_DIR / "secret_key", new_secret_key)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
# Addresses of our own reverse proxies: only from them is X-Forwarded-For
# believed (accounts.middleware.TrustedProxyMiddleware). Empty: never.
TRUSTED_PROXIES = [a.strip() for a in env_str("TRUSTED_PROXIES", "").split(",") if a.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://localhost,http://127.0.0.1")

FIELD_ENCRYPTION_KEY = secret_from_env_or_file(
    "FIELD_ENCRYPTION_KEY",
    VAR_DIR / "field_encryption_key",
    lambda: Fernet.generate_key().decode(),
)
try:
    Fernet(FIELD_ENCRYPTION_KEY)
except ValueError:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY must be 32 url-safe base64-encoded bytes (a Fernet key)."
    ) from None

# Petitioners' personal data is anonymised this many years after their last
# matter concluded (petitions.retention); statistics are kept.
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 5)

# Audit rows are kept this many years (at least one: the database refuses less).
AUDIT_RETENTION_YEARS = env_int("AUDIT_RETENTION_YEARS", 3)

# The key of the audit log's HMAC chain (audit.services), kept out of the database.
# Empty: derived from FIELD_ENCRYPTION_KEY (see docs/decisions.md).
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY", "")

# The role the app runs as when migrations run as the owner (docker-compose):
# after each migrate it keeps only INSERT and SELECT on the audit tables.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "")

# How deadlines are counted: calendar days (the regulation) or working days.
DEADLINE_POLICY = env_choice("DEADLINE_POLICY", "calendar", ("calendar", "working"))

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
    "rest_framework.authtoken",
    "django_filters",
    "axes",
    "django_otp",
    "accounts.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in words
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "audit",
    "workdays",
    "idempotency",
    "accounts",
    "alerts",
    "petitions",
    "screening",
    "backlog",
    "stability",
    "supervision",
    "meetings",
    "dashboards",
    "bench",
]

MIDDLEWARE = [
    # First: everything below reads the real client address from REMOTE_ADDR.
    "accounts.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything parses the query or the body (issue 16).
    "core.guards.HostileRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (issue 19, item 9: the city dashboard is 67 KB). After WhiteNoise,
    # which serves its own pre-compressed static files. BREACH: Django masks the CSRF
    # token anew in every response and GZipMiddleware pads each response with random
    # bytes (Heal the BREACH, Django 4.2+); docs/decisions.md, "Page weight".
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "audit.middleware.AuditMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    # Persistent connections: a bare view serves ~2.5x more requests with them
    # (performance.md); health checks drop a connection the server has closed.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # No JIT: it compiles every query costed above jit_above_cost, which at 2,000,000
        # petitions is a township's list count, and spent 30-150 ms compiling a query
        # that ran in 150 (docs/decisions.md, "No JIT").
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

# --- Cache and Celery ---------------------------------------------------------

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    # Resilient: a Redis outage means uncached pages, not 500s (core.cache); short
    # timeouts so a dead host costs a request half a second, not a minute.
    CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Without Redis, tasks run in the process that enqueues them, and `celery beat`
    # (started by `make run`) runs the periodic jobs itself: see docs/decisions.md.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

# Exports with more rows than this run as a Celery task on EXPORT_QUEUE (dashboards.exports).
EXPORT_ASYNC_THRESHOLD = 20_000
EXPORT_QUEUE = "celery"
EXPORT_KEEP_DAYS = 7  # the purge_exports job removes older export files
# Backlog uploads larger than this are imported by the worker (backlog.run_import), with
# these time limits (seconds); smaller ones in the request. 256 KB is about 5,000 rows.
BACKLOG_IMPORT_ASYNC_BYTES = env_int("BACKLOG_IMPORT_ASYNC_BYTES", 256 * 1024)
BACKLOG_IMPORT_SOFT_TIME_LIMIT = env_int("BACKLOG_IMPORT_SOFT_TIME_LIMIT", 5 * 60)
BACKLOG_IMPORT_TIME_LIMIT = env_int("BACKLOG_IMPORT_TIME_LIMIT", 6 * 60)

# Publishing fails within about a second when the broker is down; the caller
# records pending work in the database and beat re-queues it (core.tasks).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Overdue and due-soon steps of every kind, just after midnight local time.
    "flag_overdue": {"task": "core.run_job", "schedule": crontab(hour=0, minute=30),
                     "args": ["flag_overdue"]},
    # Screening reports not filed by the due date (the job checks the date itself).
    "flag_missing_reports": {"task": "core.run_job", "schedule": crontab(hour=0, minute=45),
                             "args": ["flag_missing_reports"]},
    # Reminders and the daily digest: working hours only, so 09:00 on weekdays.
    "send_reminders": {"task": "core.run_job", "schedule": crontab(hour=9, minute=0,
                                                                     day_of_week="1-5"),
                       "args": ["send_reminders"]},
    # Personal data past its retention period, on the first of each month.
    "purge_personal_data": {"task": "core.run_job",
                            "schedule": crontab(hour=3, minute=0, day_of_month=1),
                            "args": ["purge_personal_data"]},
    # Large-export workbooks older than EXPORT_KEEP_DAYS.
    "purge_exports": {"task": "core.run_job", "schedule": crontab(hour=3, minute=30),
                      "args": ["purge_exports"]},
    # Exports a broker outage left pending are re-queued; those a lost worker left
    # "running" past the time limit are failed with a message to their owner.
    "recover_exports": {"task": "core.run_job", "schedule": crontab(minute="*/5"),
                        "args": ["recover_exports"]},
    # The audit chain verified and anchored (signed checkpoint); admins alerted on a break.
    "verify_audit_log": {"task": "core.run_job", "schedule": crontab(hour=1, minute=15),
                         "args": ["verify_audit_log"]},
    # Audit rows past their retention, on the second of each month.
    "purge_audit_log": {"task": "core.run_job",
                        "schedule": crontab(hour=3, minute=30, day_of_month=2),
                        "args": ["purge_audit_log"]},
    # The unit assessment after the night's flags are raised.
    "recompute_assessment": {"task": "core.run_job", "schedule": crontab(hour=2, minute=0),
                             "args": ["recompute_assessment"]},
}

# --- Auth -------------------------------------------------------------------

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "accounts.lockout.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ComplexityValidator"},
]
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
# Personal API tokens live as long as a browser session at most (accounts.tokens).
API_TOKEN_HOURS = 12

# Lockout: 5 failures per username lock that username, for 5 minutes the first
# time and longer each time that day, up to 30 (accounts.lockout). Keyed by
# username, not IP, because a whole township office shares one address; the
# address has its own, more generous limit, and a burst alerts the admins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_ADDRESS_WINDOW_SECONDS = 15 * 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Deliberate (trust issue): lock by username only, never by the shared office IP.
# models.W040: the rollups' covering index (dashboards, issue 21) includes columns on
# PostgreSQL; SQLite (the demo) builds it without them, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Two-factor (TOTP, django-otp): required for these roles, optional for others.
# "none" turns the requirement off (the local demo does, so its logins work
# without an authenticator app).
_otp_roles = env_str("OTP_REQUIRED_ROLES", "admin,supervisor")
OTP_REQUIRED_ROLES = tuple(
    role.strip() for role in _otp_roles.split(",") if role.strip() and _otp_roles != "none")
_unknown_roles = set(OTP_REQUIRED_ROLES) - {"clerk", "leader", "city_officer", "supervisor",
                                             "admin"}
if _unknown_roles:
    raise ImproperlyConfigured(f"OTP_REQUIRED_ROLES names unknown roles: {sorted(_unknown_roles)}")
OTP_TOTP_ISSUER = "Xinfang"

# Idle timeout 30 minutes (renewed on each request); absolute lifetime 12 hours.
SESSION_COOKIE_AGE = 30 * 60
# The expiry is renewed by SessionPolicyMiddleware at most once a minute, not
# on every request: saving the session costs three queries per page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"  # a page, not Django's English one

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "zh-hans", ("zh-hans", "en"))
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ---------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The files users upload and download (evidence, import uploads and error reports,
# large exports, the audit checkpoints' copy) go through the "files" storage (core.files):
# under MEDIA_ROOT by default; in an S3-compatible bucket when STORAGE_URL is set, so that
# every web and worker machine reads what another wrote (issue 21; README, decisions.md).
# The URL may hold credentials: it is not kept as a setting.
_files_storage = storage_from_url("STORAGE_URL", env_str("STORAGE_URL"))
STORAGES = {
    "default": _files_storage,
    "files": _files_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads live outside the web root and are served only through scoped views.
MEDIA_ROOT = VAR_DIR / "uploads"
# Files being written (an export, an upload past 2.5 MB) before they go to the storage:
# always local, 0600, and on the same file system as MEDIA_ROOT (a rename, not a copy).
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
# Uploads hold personal data: readable by the app's user only (issue 16).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
WHITENOISE_USE_FINDERS = DEBUG

# --- Request bounds (issue 16) ------------------------------------------------

# A JSON API body larger than this is refused (413) before it is parsed.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 512 * 1024)

# --- API --------------------------------------------------------------------

# django-filter's empty option in the list filters: a word, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call gets 401 with WWW-Authenticate.
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The API speaks JSON (api.md); the one upload (backlog import) sets its own parser.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "信访工作管理系统 API",
    "DESCRIPTION": "Petition case management: petitions, screening, backlog, stability, supervision.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models name their choices Status or Level: give each enum its own name.
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "petitions.models.Petition.Status",
        "PetitionLevelEnum": "petitions.models.Petition.Level",
        "BacklogCaseStatusEnum": "backlog.models.BacklogCase.Status",
        "ScreeningReportStatusEnum": "screening.models.ScreeningReport.Status",
        "RiskMatterStatusEnum": "stability.models.RiskMatter.Status",
        "OrderLevelEnum": "supervision.models.SupervisionOrder.Level",
        "OrderStatusEnum": "supervision.models.SupervisionOrder.Status",
        "RiskLevelEnum": "core.choices.RiskLevel",
        "CategoryEnum": "core.choices.Category",
        "PetitionSourceEnum": "petitions.models.Petition.Source",
        "RiskMatterSourceEnum": "stability.models.RiskMatter.Source",
        "OrderTargetTypeEnum": "supervision.models.SupervisionOrder.TargetType",
        "MeetingItemTargetTypeEnum": "meetings.models.MeetingItem.TargetType",
    },
}

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS proxy in production (docker-compose sets HTTPS=true); the demo
# and the tests serve plain HTTP on localhost.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy (django-csp): scripts only from our own static files
# or inline blocks carrying the per-request nonce; no inline event handlers, no
# eval, nothing from another origin (offices run on closed networks anyway).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Bootstrap components and a few templates set style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
