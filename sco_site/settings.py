"""Settings from the environment (the README's configuration table). Development defaults are safe;
with DEBUG off the site refuses to start without a long random SECRET_KEY, ALLOWED_HOSTS and SITE_URL.
Security headers are sent in development too, so that whatever they would break shows at once."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from core.media import storage as media_storage
from sco_site.release import code_digest

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require(condition, message):
    if not condition:
        raise ImproperlyConfigured(message)


def env_number(name, default, *, minimum=0, kind=int):
    """A number from the environment, at least ``minimum``; a start-up error naming the variable otherwise."""
    text = os.environ.get(name, "").strip()
    try:
        value = kind(text) if text else default
    except ValueError:
        value = None
    require(value is not None and value >= minimum, f"{name} must be a number of at least {minimum}, not {text!r}.")
    return value


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production" if DEBUG else "")
# The rule of Django's own deploy check (security.W009), enforced at start-up; a missing key fails it too.
require(
    DEBUG or (len(SECRET_KEY) >= 50 and len(set(SECRET_KEY)) >= 5 and not SECRET_KEY.startswith("django-insecure-")),
    "SECRET_KEY must be at least 50 random characters (5 or more distinct) when DEBUG is off; "
    "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
require(DEBUG or ALLOWED_HOSTS, "ALLOWED_HOSTS must be set in the environment when DEBUG is off.")

# The one origin of every absolute URL the site makes, whatever Host a client sends (sco_site.origin).
SITE_URL = os.environ.get("SITE_URL", "").strip().removesuffix("/")
require(DEBUG or SITE_URL, "SITE_URL must be set in the environment when DEBUG is off (e.g. https://sco.example.org).")
if SITE_URL:
    _site = urlsplit(SITE_URL)
    require(
        _site.scheme in ("http", "https")
        and _site.hostname
        and "@" not in _site.netloc
        and f"{_site.scheme}://{_site.netloc}" == SITE_URL,
        f"SITE_URL must be a scheme and a host, such as https://sco.example.org, not {SITE_URL!r}.",
    )
    require(
        validate_host(split_domain_port(_site.netloc)[0], ALLOWED_HOSTS),
        f"SITE_URL's host must be one of ALLOWED_HOSTS ({', '.join(ALLOWED_HOSTS)}).",
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "axes",
    "reversion",
    "core",
    "articles",
    "countries",
    "events",
    "facts",
    "people",
    "sources",
    "home",
    "search",
    "fixture_sync",
    "opendata",
    "reports",
    "api",
]

MIDDLEWARE = [
    "sco_site.logs.RequestPathMiddleware",
    # Before host validation and the HTTPS redirect: a load balancer probes by IP over HTTP.
    "sco_site.health.HealthCheckMiddleware",
    # Before WhiteNoise, which answers static files itself: they carry these headers too.
    "sco_site.headers.SecurityHeadersMiddleware",
    # Before anything reads the host: an allowed Host then names SITE_URL's (the HTTPS redirect too).
    "sco_site.origin.SiteOriginMiddleware",
    # Before the layers an anonymous reader's page does not need again: answered from here, it carries
    # the headers they gave it when it was stored (an http:// request is another key: redirected below).
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.media.uploads.RequestSizeLimitMiddleware",
    "core.pagecache.AcceptEncodingMiddleware",  # its q-values, for WhiteNoise
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "sco_site.urls"
WSGI_APPLICATION = "sco_site.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=0 if DEBUG else 60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions and a busy timeout
    # make concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, shared by every worker and host, when REDIS_URL is set; each process's memory otherwise.
# Keys carry the release: a deployment never serves the previous code's pages. A failing Redis
# means pages served uncached, never an error (sco_site/cache.py).
RELEASE = os.environ.get("RELEASE") or code_digest(BASE_DIR)
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "sco_site.cache.FailSafeRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'sco')}:{RELEASE}",
    }

# Public pages cached whole for anonymous readers, keyed by the content version (core/pagecache.py); 0: off.
PAGE_CACHE_SECONDS = env_number("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_CONTROL = os.environ.get(
    "PAGE_CACHE_CONTROL", "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}Validator"}
    for name in ("UserAttributeSimilarity", "MinimumLength", "CommonPassword", "NumericPassword")
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set (core/media/storage.py).
STORAGES = {
    "default": media_storage.storage_settings(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = media_storage.media_url(STORAGES["default"]) or "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The files of /data/ (opendata/downloads.py).
DOWNLOADS_ROOT = Path(os.environ.get("DOWNLOADS_ROOT", BASE_DIR / "downloads"))

# A request body over MAX_REQUEST_BYTES is answered 413 before anything reads it (core.media.uploads):
# room for a 5 MB image and its form (Django spools a file over 2.5 MB to disk, not memory).
MAX_REQUEST_BYTES = env_number("MAX_REQUEST_BYTES", 6 * 1024 * 1024, minimum=1)

# Fetching sources (sources/fetch.py): private, loopback and link-local addresses are refused
# unless SOURCE_FETCH_ALLOW_PRIVATE is on, which only a development or test setup may do.
SOURCE_FETCH_ALLOW_PRIVATE = env_bool("SOURCE_FETCH_ALLOW_PRIVATE", False)
require(DEBUG or not SOURCE_FETCH_ALLOW_PRIVATE, "SOURCE_FETCH_ALLOW_PRIVATE must stay off when DEBUG is off.")
SOURCE_FETCH_TIMEOUT = (
    env_number("SOURCE_FETCH_CONNECT_TIMEOUT", 5, minimum=0.1, kind=float),
    env_number("SOURCE_FETCH_READ_TIMEOUT", 20, minimum=0.1, kind=float),
)
SOURCE_FETCH_MAX_BYTES = env_number("SOURCE_FETCH_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
SOURCE_FETCH_USER_AGENT = os.environ.get("SOURCE_FETCH_USER_AGENT", "SCO-Reference-source-check/1.0")
SOURCE_CHECK_WORKERS = env_number("SOURCE_CHECK_WORKERS", 16, minimum=1)  # check_sources: requests in flight
SOURCE_CHECK_PER_HOST = env_number("SOURCE_CHECK_PER_HOST", 2, minimum=1)  # ... and to one host

AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True

# TRUSTED_PROXY_COUNT proxies in front of gunicorn (deploy/Caddyfile) each append the address
# they were connected from to X-Forwarded-For: the client is that many entries from its right
# end, whatever a client wrote on the left. Without a proxy, the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_number("TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
# ipware counts the proxies listed after the client; the nearest proxy is REMOTE_ADDR.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
# Count from the right even when the client sent an X-Forwarded-For of its own (strict
# ipware would discard the whole header, and every such client would share one address).
IPWARE_STRICT = False
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"  # where an unsafe ?next= falls back to

# Security headers (Mozilla HTTP Observatory: A+; tests/sco_site/observatory.py scores them). Django's
# defaults send nosniff, X-Frame-Options DENY, and Referrer- and Cross-Origin-Opener-Policy same-origin.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Only our own scripts, styles, images and forms; nothing inline, the admin included.
# Images also from the media host when MEDIA_URL is absolute (object storage).
_media = urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": f"'self' {_media.scheme}://{_media.netloc}" if _media.netloc else "'self'",
    "connect-src": "'self'",  # the admin's autocomplete, the passage previews
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}

FIXTURES_DIR = Path(os.environ.get("FIXTURES_DIR", BASE_DIR / "fixtures"))
# reload_fixtures backs up before changing anything, keeping the newest FIXTURE_BACKUPS_KEPT (0: all).
FIXTURE_BACKUPS = True
FIXTURE_BACKUP_DIR = Path(os.environ.get("FIXTURE_BACKUP_DIR", BASE_DIR / "backups"))
FIXTURE_BACKUPS_KEPT = env_number("FIXTURE_BACKUPS_KEPT", 10)
# A reload records up to this many rows in their history (core.revisions): a synthetic set is not recorded.
FIXTURE_HISTORY_LIMIT = env_number("FIXTURE_HISTORY_LIMIT", 5000)
# The models the fixtures hold and each one's natural key; the load order follows their foreign keys.
FIXTURE_MODELS = {
    "core.topic": ("slug",),
    "articles.outlet": ("slug",),
    "countries.country": ("iso_code",),
    "events.event": ("slug",),
    "articles.article": ("slug",),
    "people.person": ("slug",),
    "facts.fact": ("slug",),
    "facts.citation": ("fact", "article", "quote"),
    "countries.countrystatus": ("country", "status"),
    "articles.outletalias": ("record", "name"),
    "countries.countryalias": ("record", "name"),
    "events.eventalias": ("record", "name"),
    "people.personalias": ("record", "name"),
    "core.formerslug": ("model", "slug"),
}
# Run inside a reload's transaction after its writes: any problem returned refuses the whole reload.
FIXTURE_CHECKS = [
    "facts.services.recheck_citation_quotes",
    "facts.services.check_supersede_cycles",
    "facts.services.check_self_disputes",
    "countries.models.check_status_overlaps",
    "core.models.stamp_publication_times",  # finds no problems: stamps the rows the reload published
]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Absolute URLs take the scheme of the request, which the redirect makes HTTPS.
    require(
        not SECURE_SSL_REDIRECT or SITE_URL.startswith("https://"),
        "SITE_URL must start with https:// when SECURE_SSL_REDIRECT is on.",
    )
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Preloading commits the whole domain (hstspreload.org): a decision, not a default.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
require(LOG_FORMAT in {"text", "json"}, "LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_path": {"()": "sco_site.logs.RequestPathFilter"},
        "disallowed_host": {"()": "sco_site.logs.DisallowedHostFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(request_path)s %(message)s"},
        "json": {"()": "sco_site.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_path"],
            "level": LOG_LEVEL,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},  # its own console handler would print each line twice
        "django.security.DisallowedHost": {"filters": ["disallowed_host"]},
        "axes": {"level": "WARNING"},  # failed logins and lockouts; its INFO lines are noise
    },
}
