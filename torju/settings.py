"""Torju settings, all from the environment (see docs/operations.md).

Safe defaults: DEBUG off, HTTPS-only cookies, no secret defaults outside
demo mode (TORJU_DEMO_MODE=1, which `make run` sets).
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.utils.translation import gettext_lazy as _

from torju.env import env_bool, env_int, env_list, secret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_list("TORJU_DATA_DIR", [str(BASE_DIR / "var")])[0])

DEMO_MODE = env_bool("TORJU_DEMO_MODE")
DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = secret(
    "DJANGO_SECRET_KEY",
    demo_mode=DEMO_MODE,
    demo_file=DATA_DIR / "demo-secret-key",
    generate=lambda: secrets.token_urlsafe(50),
)
# Fernet keys, comma-separated; the first encrypts, all decrypt (key rotation).
FIELD_ENCRYPTION_KEYS = env_list("TORJU_FIELD_ENCRYPTION_KEY") or [
    secret(
        "TORJU_FIELD_ENCRYPTION_KEY",
        demo_mode=DEMO_MODE,
        demo_file=DATA_DIR / "demo-field-encryption-key",
        generate=lambda: Fernet.generate_key().decode(),
    )
]

# Key of the keyed hashes (HMAC-SHA256) that find duplicates of encrypted
# identifiers, e.g. the personal identity code, without decrypting them.
IDENTIFIER_HASH_KEY = secret(
    "TORJU_IDENTIFIER_HASH_KEY",
    demo_mode=DEMO_MODE,
    demo_file=DATA_DIR / "demo-identifier-hash-key",
    generate=lambda: secrets.token_urlsafe(32),
)

# Direct identifiers of former clients are erased this many years after their last case closed
# (manage.py apply_retention, run daily; docs/decisions/0006-register-retention.md).
REGISTER_RETENTION_YEARS = env_int("TORJU_REGISTER_RETENTION_YEARS", 5)
# Days from receipt within which an application to the assistance system should be decided: the backlog counts
# those past it (docs/decisions/0108).
DECISION_TARGET_DAYS = env_int("TORJU_DECISION_TARGET_DAYS", 90)

# Disclosure control of published statistics: counts under this threshold are merged or suppressed
# (spec/annual-statistics.md, "Public form").
STATISTICS_DISCLOSURE_K = env_int("TORJU_STATISTICS_DISCLOSURE_K", 5)
# The statistics pages show a year's stored figures, with their time, for up to this many seconds after the
# register has changed, instead of computing them again on every view (docs/decisions/0039).
STATISTICS_REFRESH_SECONDS = env_int("TORJU_STATISTICS_REFRESH_SECONDS", 300)
# Connections one computation of the statistics may use at once on PostgreSQL, each reading the same snapshot
# (torju.statistics.computation.queries.side_by_side): the machine's cores; 1 runs its queries one after another.
STATISTICS_QUERY_CONNECTIONS = env_int("TORJU_STATISTICS_QUERY_CONNECTIONS", 2)
# k of the k-anonymity of the CTDC-ready microdata (torju.international.ctdc), as CTDC anonymises its dataset.
CTDC_K = env_int("TORJU_CTDC_K", 11)
# The largest file a meeting or a status report takes as an attachment (PDF, DOCX, XLSX, ODT).
PROGRAMME_ATTACHMENT_MAX_BYTES = env_int("TORJU_ATTACHMENT_MAX_MEGABYTES", 20) * 1024 * 1024

# The helpline (docs/helpline.md): free text is erased after this many years; an office has this many
# days to take a referral up before it expires.
HELPLINE_RETENTION_YEARS = env_int("TORJU_HELPLINE_RETENTION_YEARS", 2)
HELPLINE_REFERRAL_DUE_DAYS = env_int("TORJU_HELPLINE_REFERRAL_DUE_DAYS", 14)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO_MODE or DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its admin/base_site.html (demo banner, language switch) overrides the admin's own.
    "torju.web",
    "torju.accounts.admin_config.TorjuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rest_framework",
    # API tokens of service accounts (decision 0075), in Torju's token model (KNOX_TOKEN_MODEL).
    "knox",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "torju.accounts",
    "torju.audit",
    "torju.codes",
    "torju.documents",
    "torju.programme",
    "torju.register",
    "torju.helpline",
    "torju.legalpath",
    "torju.statistics",
    "torju.situation",
    "torju.international",
    "torju.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the static files, before everything else: nothing personal stays in a browser's cache.
    "torju.web.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "torju.web.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "torju.web.middleware.LanguageMiddleware",
    "torju.accounts.middleware.SecondFactorMiddleware",
    "torju.accounts.middleware.ReadOnlyRolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A service's refusal over a rate limit (torju.throttling.ThrottledError) answers 429, as the throttled pages.
    "torju.web.middleware.ThrottledMiddleware",
]

ROOT_URLCONF = "torju.urls"
FORM_RENDERER = "torju.form_fields.FormRenderer"
WSGI_APPLICATION = "torju.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "torju.web.context_processors.torju",
            ],
        },
    },
]

# Connections kept between requests (docs/operations.md: 60 without PgBouncer, 0 behind it) are checked before a
# request reuses one, so that a database restarted or failed over in between costs no request an error.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0)
DATABASES = {
    "default": dj_database_url.parse(
        env_list("DATABASE_URL", [f"sqlite:///{DATA_DIR / 'torju.sqlite3'}"])[0],
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=DATABASE_CONN_MAX_AGE > 0,
    )
}
# A PostgreSQL streaming replica of the primary, for the heavy reads: the register's exports and the statistics'
# computation (torju/db_router.py; docs/operations.md, "Growth past one machine"). Tests mirror the primary.
REPLICA_DATABASE_URL = env_list("TORJU_REPLICA_DATABASE_URL", [""])[0]
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=DATABASE_CONN_MAX_AGE > 0
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["torju.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        # A transaction that read first and writes later fails at once with "database is locked" (the busy
        # timeout does not apply) when another process wrote in between; taking the write lock at BEGIN makes
        # it wait its turn instead (docs/decisions/0123). An in-memory database has one process: left as is.
        DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# With two database roles (docs/operations.md, "Database"): the application's role, which `migrate`
# (run as the owner) grants what it needs, and no more: only INSERT and SELECT on the audit trail.
DATABASE_APPLICATION_ROLE = env_list("TORJU_DATABASE_APPLICATION_ROLE", [""])[0]

# The audit trail refuses UPDATE, DELETE and TRUNCATE (torju.audit, migration 0004). Only where the
# whole database is disposable may `flush` erase it: the demo (a demo reset) and the test settings.
# Nothing in the environment turns this on outside demo mode.
AUDIT_TRAIL_ERASABLE = DEMO_MODE

# The cache every process and server shares: per-user throttles count in it (torju.throttling).
# The database's own (table torju_cache, created by `migrate`) unless a Redis is named.
REDIS_URL = env_list("TORJU_REDIS_URL", [""])[0]
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "torju"}
        if REDIS_URL
        else {
            "BACKEND": "torju.shared_cache.DatabaseCache",
            "LOCATION": "torju_cache",
            # Culling starts at the alphabetically first keys: keep it for real overflow only.
            "OPTIONS": {"MAX_ENTRIES": 500_000},
        }
    )
}
# Per-user rate limits, "N/unit" (second, minute, hour, day), comma-separated (docs/operations.md, "Throttles").
THROTTLE_RATES = {
    # Person searches and duplicate checks of identity codes: every answer that tells whether a person is registered.
    "person_search": env_list("TORJU_THROTTLE_PERSON_SEARCH", ["10/minute", "200/day"]),
    # Register records a user asked for that answer "not found": audited up to this rate, then one flagged event.
    "not_found_probe": env_list("TORJU_THROTTLE_NOT_FOUND_PROBE", ["30/minute", "300/day"]),
    # Every request made with a service account's API token, per service account.
    "api_token": env_list("TORJU_THROTTLE_API_TOKEN", ["120/minute", "20000/day"]),
}
# Service accounts' API tokens (decision 0075): django-rest-knox with Torju's token model (torju.accounts.models).
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model, not a secret)
# knox's own migrations would create its unused AuthToken table, whose key to the users then stops Django's flush
# (TRUNCATE) on PostgreSQL: the app is left unmigrated, and a swapped model gets no table.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"AUTH_HEADER_PREFIX": "Bearer", "AUTO_REFRESH": False}
# The longest a token may live; its issuer chooses up to this.
API_TOKEN_MAX_DAYS = env_int("TORJU_API_TOKEN_MAX_DAYS", 365)

# Form posts up to this size are read; a text over its field's maximum but under this comes back
# with the field's error, larger posts get a page saying this limit (torju/form_fields.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("TORJU_REQUEST_MAX_MEGABYTES", 10) * 1024 * 1024

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, except that a service account never signs in with a password (decision 0075).
    "torju.accounts.backends.PersonBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (torju/accounts/sign_in.py): after 5 failures for one user name from one
# client address the pair is locked for 15 minutes; a user name failing 10 times within an hour,
# from any addresses, is slowed to one attempt a minute (never locked: an attacker could lock anyone).
AXES_FAILURE_LIMIT = env_int("TORJU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TORJU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# How many proxies of our own append to X-Forwarded-For (torju.actor.client_address).
TRUSTED_PROXY_COUNT = env_int("TORJU_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "torju.accounts.sign_in.axes_client_address"
AXES_VERBOSE = False
LOGIN_USER_FAILURE_LIMIT = env_int("TORJU_LOGIN_USER_FAILURE_LIMIT", 10)
LOGIN_USER_WINDOW_MINUTES = env_int("TORJU_LOGIN_USER_WINDOW_MINUTES", 60)
LOGIN_USER_DELAY_SECONDS = env_int("TORJU_LOGIN_USER_DELAY_SECONDS", 60)

OTP_TOTP_ISSUER = "Torju"
# The secret shown when an authenticator app is linked is this session's only, for this long.
TOTP_ENROLMENT_MINUTES = env_int("TORJU_TOTP_ENROLMENT_MINUTES", 10)
# The admin never shows a user's TOTP secret or its QR code: only the user enrols their app.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions end after 30 minutes without a request (at most; torju.web.middleware.SessionRefreshMiddleware saves a
# session in use again once a minute, not on every request: decision 0126).
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_COOKIES = env_bool("TORJU_SECURE_COOKIES", not (DEBUG or DEMO_MODE))
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
CSRF_FAILURE_VIEW = "torju.web.views.csrf_failure"

SECURE_SSL_REDIRECT = env_bool("TORJU_SSL_REDIRECT", SECURE_COOKIES)
SECURE_HSTS_SECONDS = env_int("TORJU_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TORJU_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic gathers the static files that whitenoise serves (a release's own folder, if wanted).
STATIC_ROOT = Path(env_list("TORJU_STATIC_ROOT", [str(BASE_DIR / "staticfiles")])[0])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The demo's mail goes to files in the data directory (nothing printed to the terminal); the console or
# another backend only when DJANGO_EMAIL_BACKEND asks for it.
EMAIL_BACKEND = env_list(
    "DJANGO_EMAIL_BACKEND", [f"django.core.mail.backends.{'filebased' if DEMO_MODE else 'smtp'}.EmailBackend"]
)[0]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_list("DJANGO_EMAIL_HOST", ["localhost"])[0]
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_list("DJANGO_DEFAULT_FROM_EMAIL", ["torju@localhost"])[0]

TASKS = {"default": {"BACKEND": env_list("TORJU_TASKS_BACKEND", ["django_tasks_db.DatabaseBackend"])[0]}}

# Register imports read untrusted files (docs/operations.md, "Limits of imports"): the longest line read, the
# largest file unpacked from a .zip and its highest compression ratio, and the errors kept (the rest counted).
IMPORT_MAX_LINE_CHARACTERS = env_int("TORJU_IMPORT_MAX_LINE_CHARACTERS", 1024 * 1024)
IMPORT_MAX_UNPACKED_MEGABYTES = env_int("TORJU_IMPORT_MAX_UNPACKED_MEGABYTES", 4096)
IMPORT_MAX_COMPRESSION_RATIO = env_int("TORJU_IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_ERRORS = env_int("TORJU_IMPORT_MAX_ERRORS", 1000)
# A running job renews its lease every JOB_HEARTBEAT_SECONDS; any worker fails a job whose lease ran out
# (its worker died): torju/leases.py.
JOB_LEASE_SECONDS = env_int("TORJU_JOB_LEASE_SECONDS", 120)
JOB_HEARTBEAT_SECONDS = env_int("TORJU_JOB_HEARTBEAT_SECONDS", 20)

REST_FRAMEWORK = {
    # A service account's token first: its challenge (WWW-Authenticate: Bearer) makes an anonymous call 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "torju.accounts.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["torju.accounts.permissions.AccessRulePermission"],
    # Views with a `throttle_scope` count against the same per-user counters as the pages.
    # A token's every request counts against its service account's API_TOKEN budget.
    "DEFAULT_THROTTLE_CLASSES": ["torju.throttling.ScopedThrottle", "torju.accounts.api_tokens.ApiTokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "torju.api_exceptions.handle_api_exception",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Torju API",
    "DESCRIPTION": "The REST API of Torju. Every endpoint applies the same permissions as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["torju.accounts.permissions.AccessRulePermission"],
    # The API speaks JSON: its schema documents JSON bodies (a file upload says multipart itself), which
    # generated clients (openapi-python-client) read as one body each.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Every operation documents the refusals it can give: 401, 403 and 404 (torju/accounts/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "torju.accounts.api_schema.document_refusals",
    ],
    # Several "status" fields have choices of their own; the measures' progress statuses get a name of theirs.
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "torju.programme.models.Status",
        "ConsultationStatusEnum": "torju.helpline.models.CaseStatus",
        "ReferralStatusEnum": "torju.helpline.models.ReferralStatus",
        "ReferralKindEnum": "torju.helpline.models.ReferralKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_list("TORJU_LOG_LEVEL", ["WARNING"])[0]},
}
