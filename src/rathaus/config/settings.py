"""Settings for Rathaus, read from the environment (see docs/operations.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rathaus.common.crypto import DEVELOPMENT_KEY_ENTRY, key_ring_parse
from rathaus.config.env import env_bool, env_int, env_list, env_map, env_path, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
RATHAUS_HOME = env_path("RATHAUS_HOME", BASE_DIR / "var")
RATHAUS_DATA_DIR = env_path("RATHAUS_DATA_DIR", (BASE_DIR.parent / "shared" / "data").resolve())
RATHAUS_ENV = env_str("RATHAUS_ENV", "development")
NODE_MODULES = env_path("RATHAUS_NODE_MODULES", BASE_DIR / "node_modules")

DEVELOPMENT_SECRET_KEY = "rathaus-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("RATHAUS_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if RATHAUS_ENV == "production" and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "RATHAUS_SECRET_KEY fehlt: in Produktion ist der Entwicklungsschlüssel verboten. / "
        "RATHAUS_SECRET_KEY is missing: the development key is refused in production."
    )
DEBUG = env_bool("RATHAUS_DEBUG", default=False)
ALLOWED_HOSTS = env_list("RATHAUS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("RATHAUS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin on the staff site: password plus TOTP code, scoped to memberships
    "rathaus.authorities.admin_app.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rathaus.audit",
    "rathaus.territory",
    "rathaus.authorities",
    "rathaus.catalog",
    "rathaus.forms",
    "rathaus.submissions",
    "rathaus.identity",
    "rathaus.mailbox",
    "rathaus.casework",
    "rathaus.api",
    # django-ninja: its Swagger UI assets are served from our static files (CSP: self only)
    "ninja",
    "rathaus.ui",
    "rathaus.commands",
    "csp",
]

# The header middlewares come before the size limit so that its 413 page carries them too.
MIDDLEWARE = [
    "rathaus.config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rathaus.config.request_size.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session's login passed a TOTP code
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # last, as django-axes asks: turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rathaus.config.urls"
WSGI_APPLICATION = "rathaus.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rathaus.ui.context_processors.site",
                "rathaus.identity.organisations.context_processors.acting",
                "rathaus.ui.context_processors.mailbox",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    default_url = f"sqlite:///{RATHAUS_HOME / 'rathaus.sqlite3'}"
    url = env_str("DATABASE_URL", default_url)
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL ist ungültig / DATABASE_URL is invalid: {error}"
        ) from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # parameters travel apart from the statement, so psycopg prepares a statement a
        # connection runs often and PostgreSQL parses and plans it once (ADR 0022)
        options = config.setdefault("OPTIONS", {})
        assert isinstance(options, dict)
        options["server_side_binding"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the worker write while pages read; IMMEDIATE avoids lock upgrades.
        # Connections are kept (CONN_MAX_AGE as above), as on PostgreSQL: a new SQLite
        # connection reads the schema and prepares every statement again, which cost the
        # submit half its server time (benchmarks/submit_benchmark.py, ADR 0022).
        # Django's backend, with writers that queue on a lock file instead of polling
        # (ADR 0023); the test database stays in memory, as Django's backend has it by
        # default (pytest-django recognises that default by the engine's name alone)
        config["ENGINE"] = "rathaus.common.sqlite"
        config["TEST"] = {"NAME": ":memory:"}
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = RATHAUS_HOME / "static"
STATICFILES_DIRS: list[tuple[str, Path]] = []
if (NODE_MODULES / "@kern-ux" / "native" / "dist").is_dir():
    STATICFILES_DIRS.append(("kern", NODE_MODULES / "@kern-ux" / "native" / "dist"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # citizens' uploads, sealed (AES-GCM) before they are written; S3-compatible object
    # storage works the same way by naming its backend here
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": RATHAUS_HOME / "attachments", "directory_permissions_mode": 0o700},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
# A form session ends after this much inactivity; every request extends it, and form pages
# warn before the end with a button to extend (WCAG 2.2.1).
SESSION_COOKIE_AGE = env_int("RATHAUS_SESSION_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = env_bool("RATHAUS_SECURE_COOKIES", default=RATHAUS_ENV == "production")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie (every form carries the token in a hidden field) nor the
# language choice.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Security headers (ADR 0009, docs/operations.md "Security headers").
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS only where the site says it is served over HTTPS; a laptop demo on http stays usable.
# Django sends it on HTTPS requests only (behind a proxy: see docs/operations.md).
SECURE_HSTS_SECONDS = (
    env_int("RATHAUS_HSTS_SECONDS", 31_536_000)
    if RATHAUS_ENV == "production" or SESSION_COOKIE_SECURE
    else 0
)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured("RATHAUS_HSTS_SECONDS muss 0 oder größer sein / must be 0 or more.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RATHAUS_HSTS_INCLUDE_SUBDOMAINS", default=False)
# No inline script or style anywhere (templates link static files); KERN draws its icons as
# SVG data URIs in its CSS, hence data: for images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page of ours uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGIN_URL = "admin:login"

# Staff login (ADR 0015). django-axes' backend comes first so that a locked-out
# username+address pair is refused before its password is even checked; the citizens' BundID
# login names ModelBackend itself.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# this many failed staff logins (wrong password or wrong code) for one username from one
# address lock that pair out for this many minutes
RATHAUS_LOGIN_FAILURE_LIMIT = env_int("RATHAUS_LOGIN_FAILURE_LIMIT", 5)
RATHAUS_LOGIN_LOCKOUT_MINUTES = env_int("RATHAUS_LOGIN_LOCKOUT_MINUTES", 15)
if RATHAUS_LOGIN_FAILURE_LIMIT < 1 or RATHAUS_LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured(
        "RATHAUS_LOGIN_FAILURE_LIMIT und RATHAUS_LOGIN_LOCKOUT_MINUTES müssen 1 oder größer "
        "sein / must be 1 or more."
    )
AXES_FAILURE_LIMIT = RATHAUS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=RATHAUS_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# the lock runs from the last counted failure; tries while locked do not extend it
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# only the staff site counts and logs logins; citizens log in through BundID
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "rathaus.authorities.lockout.StaffLoginHandler"
AXES_LOCKOUT_CALLABLE = "rathaus.authorities.lockout.lockout_response"
# the password is always masked in axes' records and logs, the one-time code too; username
# and address stay readable for whoever unlocks an account (a security log, see operations)
AXES_SENSITIVE_PARAMETERS = ["otp_token"]
AXES_VERBOSE = False
# the name authenticator apps show next to the account
OTP_TOTP_ISSUER = env_str("RATHAUS_OTP_ISSUER", "Rathaus")
# the TOTP admin never shows a device's secret once it is saved
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# Search: queries longer than this are cut before analysis (a search box is no essay).
RATHAUS_SEARCH_MAX_QUERY = env_int("RATHAUS_SEARCH_MAX_QUERY", 200)

# Encryption at rest: "keyid:base64url-32-bytes" entries, the first wraps new data keys, the
# others only open older records until `rathaus keys rotate` has re-wrapped them (ADR 0005).
RATHAUS_ENCRYPTION_KEYS = env_list("RATHAUS_ENCRYPTION_KEYS", []) or [DEVELOPMENT_KEY_ENTRY]
# Parsed first so that a malformed key stops the start, not the first save.
if key_ring_parse(RATHAUS_ENCRYPTION_KEYS).has_development_key and RATHAUS_ENV == "production":
    raise ImproperlyConfigured(
        "RATHAUS_ENCRYPTION_KEYS fehlt: in Produktion sind eigene Schlüssel Pflicht. / "
        "RATHAUS_ENCRYPTION_KEYS is missing: production needs its own keys (docs/operations.md)."
    )

# The back office's applicant search hashes name words with this key (blind index); empty:
# derived from RATHAUS_SECRET_KEY. Changing it makes existing cases unfindable by name.
RATHAUS_SEARCH_INDEX_KEY = env_str("RATHAUS_SEARCH_INDEX_KEY", "")

# Drafts: deleted this many days after the last save; e-mailed resume links last this long.
RATHAUS_DRAFT_RETENTION_DAYS = env_int("RATHAUS_DRAFT_RETENTION_DAYS", 30)
RATHAUS_DRAFT_LINK_HOURS = env_int("RATHAUS_DRAFT_LINK_HOURS", 72)
# retention: Fachdaten of applications handed to another system are kept this long after
# delivery; those worked on in Rathaus itself this long after the case was closed
RATHAUS_RETENTION_AFTER_DELIVERY_DAYS = env_int("RATHAUS_RETENTION_AFTER_DELIVERY_DAYS", 30)
RATHAUS_RETENTION_AFTER_CLOSING_DAYS = env_int("RATHAUS_RETENTION_AFTER_CLOSING_DAYS", 365)
# mounts the bare insert view that benchmarks/submit_benchmark.py compares with
RATHAUS_BENCHMARK_VIEWS = env_bool("RATHAUS_BENCHMARK_VIEWS", default=False)
# how long a delivery is retried before it is marked failed for an administrator
RATHAUS_DELIVERY_RETRY_HOURS = env_int("RATHAUS_DELIVERY_RETRY_HOURS", 48)
# how long one attempt may hold a delivery; a worker that died frees it after this
RATHAUS_DELIVERY_LEASE_SECONDS = env_int("RATHAUS_DELIVERY_LEASE_SECONDS", 300)
# how often workers look for deliveries lost in a crash, and how late one may be
RATHAUS_DELIVERY_SWEEP_SECONDS = env_int("RATHAUS_DELIVERY_SWEEP_SECONDS", 60)
# the delivery channels this installation offers (plugins: docs/how-to/channel.md)
RATHAUS_DELIVERY_CHANNELS = env_list(
    "RATHAUS_DELIVERY_CHANNELS",
    [
        "rathaus.submissions.channels.inbox.channel.InboxChannel",
        "rathaus.submissions.channels.email.channel.EmailChannel",
        "rathaus.submissions.channels.webhook.channel.WebhookChannel",
        "rathaus.submissions.channels.fitconnect.channel.FitConnectChannel",
    ],
)

# Uploads in application forms: defaults that a form's file field may narrow or widen.
RATHAUS_UPLOAD_MAX_MB = env_int("RATHAUS_UPLOAD_MAX_MB", 10)
RATHAUS_UPLOAD_MAX_FILES = env_int("RATHAUS_UPLOAD_MAX_FILES", 10)
RATHAUS_UPLOAD_TYPES = env_list("RATHAUS_UPLOAD_TYPES", ["pdf", "jpeg", "png"])
# an allowed archive is refused when it unpacks to more than this, or by more than this ratio
RATHAUS_ARCHIVE_MAX_UNPACKED_MB = env_int("RATHAUS_ARCHIVE_MAX_UNPACKED_MB", 100)
RATHAUS_ARCHIVE_MAX_RATIO = env_int("RATHAUS_ARCHIVE_MAX_RATIO", 50)
# Virus scan by clamd: a socket path, or a host (and port). None set: uploads are accepted
# and recorded as "not scanned" (a laptop demo). Set but unreachable: uploads are refused.
RATHAUS_CLAMD_SOCKET = env_str("RATHAUS_CLAMD_SOCKET", "")
RATHAUS_CLAMD_HOST = env_str("RATHAUS_CLAMD_HOST", "")
RATHAUS_CLAMD_PORT = env_int("RATHAUS_CLAMD_PORT", 3310)
RATHAUS_CLAMD_TIMEOUT = env_int("RATHAUS_CLAMD_TIMEOUT", 30)
# Form pages install their own upload handler (limits per field, files kept in memory up to
# the limit, never as clear text on disk); these cover every other multipart request.
# the largest request body taken at all (413 page above it): one page's files and fields
RATHAUS_REQUEST_MAX_MB = env_int("RATHAUS_REQUEST_MAX_MB", 50)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The address citizens reach this installation at (SAML entity id and ACS are built from it).
RATHAUS_PUBLIC_URL = env_str("RATHAUS_PUBLIC_URL", "http://localhost:8000")
# BundID login (ADR 0010): the IdP's metadata as URL or file path; empty = login unavailable.
RATHAUS_SAML_IDP_METADATA = env_str("RATHAUS_SAML_IDP_METADATA", "")
# the SP's signing key and certificate (PEM); generated self-signed outside production only
RATHAUS_SAML_SP_KEY = env_path("RATHAUS_SAML_SP_KEY", RATHAUS_HOME / "saml" / "sp-key.pem")
RATHAUS_SAML_SP_CERT = env_path("RATHAUS_SAML_SP_CERT", RATHAUS_HOME / "saml" / "sp-cert.pem")
# empty: <RATHAUS_PUBLIC_URL>/anmelden/saml/metadata/
RATHAUS_SAML_SP_ENTITY_ID = env_str("RATHAUS_SAML_SP_ENTITY_ID", "")
# the trust level every login asks for at least (niedrig, substanziell, hoch)
RATHAUS_SAML_MIN_TRUST_LEVEL = env_str("RATHAUS_SAML_MIN_TRUST_LEVEL", "niedrig")
# clock difference to the IdP tolerated in NotBefore/NotOnOrAfter
RATHAUS_SAML_CLOCK_SKEW_SECONDS = env_int("RATHAUS_SAML_CLOCK_SKEW_SECONDS", 60)
# an e-mailed invitation to join an organisation can be accepted this many days (once)
RATHAUS_INVITATION_DAYS = env_int("RATHAUS_INVITATION_DAYS", 14)

# Which protocol /anmelden/ speaks: SAML straight to BundID, or OIDC to a Keycloak (or another
# OpenID provider) that brokers BundID (ADR 0011).
RATHAUS_LOGIN_PROTOCOL = env_str("RATHAUS_LOGIN_PROTOCOL", "saml").strip().lower()
if RATHAUS_LOGIN_PROTOCOL not in ("saml", "oidc"):
    raise ImproperlyConfigured(
        f"RATHAUS_LOGIN_PROTOCOL={RATHAUS_LOGIN_PROTOCOL!r}: erwartet wird saml oder oidc / "
        "expected saml or oidc."
    )
# the provider's issuer; its /.well-known/openid-configuration is read from there
RATHAUS_OIDC_ISSUER = env_str("RATHAUS_OIDC_ISSUER", "").rstrip("/")
RATHAUS_OIDC_CLIENT_ID = env_str("RATHAUS_OIDC_CLIENT_ID", "")
RATHAUS_OIDC_CLIENT_SECRET = env_str("RATHAUS_OIDC_CLIENT_SECRET", "")
RATHAUS_OIDC_SCOPES = env_list("RATHAUS_OIDC_SCOPES", ["openid", "profile", "email", "address"])
# the claim carrying the trust level, and the operator's own values for it (value=niveau,…);
# STORK-QAA-Level-1…4 and the eIDAS LoA URIs are always understood
RATHAUS_OIDC_TRUST_CLAIM = env_str("RATHAUS_OIDC_TRUST_CLAIM", "acr")
RATHAUS_OIDC_TRUST_VALUES = env_map("RATHAUS_OIDC_TRUST_VALUES", {})
# the claim carrying BundID's bPK2; a login without it is refused
RATHAUS_OIDC_BPK2_CLAIM = env_str("RATHAUS_OIDC_BPK2_CLAIM", "bpk2")
# clock difference to the provider tolerated in the ID token's exp and iat
RATHAUS_OIDC_CLOCK_SKEW_SECONDS = env_int("RATHAUS_OIDC_CLOCK_SKEW_SECONDS", 60)

# The electronic seal on decisions (ADR 0016): per authority (slug or id) its PKCS#12 file and,
# for an encrypted one, a file holding the passphrase; key=path pairs separated by commas.
RATHAUS_SEAL_CERTIFICATES = env_map("RATHAUS_SEAL_CERTIFICATES", {})
RATHAUS_SEAL_PASSPHRASE_FILES = env_map("RATHAUS_SEAL_PASSPHRASE_FILES", {})

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the demo uses it)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(RATHAUS_HOME / "mails"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rathaus <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rathaus.config.request_id.RequestIdFilter"}},
    "formatters": {
        "keyvalue": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s "
            "request_id=%(request_id)s message=%(message)r"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "keyvalue",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("RATHAUS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # PDF rendering reports every font subset at INFO; receipts are not worth that noise
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
