"""Settings for SCO Reference.

Configuration comes from the environment; the README's configuration table lists every
variable. Development defaults are safe; production (DEBUG off) refuses to start without a
long random SECRET_KEY and ALLOWED_HOSTS, redirects to HTTPS, sends HSTS and marks cookies
Secure. Security headers (CSP and the rest) are sent in development too, so that whatever
they would break shows at once.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from sco_site.release import code_digest

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
# The rule of Django's own deploy check (security.W009), enforced at start-up.
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters (5 or more distinct) when DEBUG is off; "
        "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment when DEBUG is off.")

# The one origin of every absolute URL the site makes (canonical links, feeds, the sitemap, the
# API...): a client's Host header, once allowed, names nothing (sco_site.origin).
SITE_URL = os.environ.get("SITE_URL", "").strip().removesuffix("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set in the environment when DEBUG is off (e.g. https://sco.example.org)."
    )
if SITE_URL:
    _site = urlsplit(SITE_URL)
    if (
        _site.scheme not in ("http", "https")
        or not _site.hostname
        or "@" in _site.netloc
        or SITE_URL[len(_site.scheme) + 3 :] != _site.netloc
    ):
        raise ImproperlyConfigured(
            f"SITE_URL must be a scheme and a host, such as https://sco.example.org, not {SITE_URL!r}."
        )
    if not validate_host(split_domain_port(_site.netloc)[0], ALLOWED_HOSTS):
        raise ImproperlyConfigured(f"SITE_URL's host must be one of ALLOWED_HOSTS ({', '.join(ALLOWED_HOSTS)}).")

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
    "django.middleware.security.SecurityMiddleware",
    "core.media.uploads.RequestSizeLimitMiddleware",
    "core.pagecache.AcceptEncodingMiddleware",  # read once, with its q-values, for both
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the headers and redirects above (a cached page gets them too), before anything
    # that reads the session: an anonymous reader's page is answered from here.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sco_site.urls"

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

WSGI_APPLICATION = "sco_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if DEBUG else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions plus a
    # busy timeout make concurrent writers wait instead of failing with
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker and host when REDIS_URL is set (cached pages, derived counts);
# each process's own memory otherwise (development, one process). Its keys carry the release
# (sco_site/release.py): a deployment never serves the previous code's pages. Redis down, slow
# or full means pages served uncached, never an error (sco_site/cache.py).
RELEASE = os.environ.get("RELEASE") or code_digest(BASE_DIR)
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "sco_site.cache.FailSafeRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'sco')}:{RELEASE}",
    }

# Public pages, cached whole for anonymous readers and keyed by the content version and the
# canonical form of the request, so an edit shows at once (core/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# What browsers and CDNs are told about those pages (the ETag lets them revalidate cheaply).
PAGE_CACHE_CONTROL = os.environ.get(
    "PAGE_CACHE_CONTROL", "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # "default", where uploads go: see "# Media storage" below.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The files of /data/, built once per content version on each host (opendata/stored.py).
DOWNLOADS_ROOT = Path(os.environ.get("DOWNLOADS_ROOT", BASE_DIR / "downloads"))

# Uploads: a request body over MAX_REQUEST_BYTES is answered 413 before anything reads it
# (core.media.uploads): room for a 5 MB image (core.media.images) and the form around it. Other form
# fields may hold 2.5 MB; a file over 2.5 MB is spooled to a temporary file, not memory.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Media storage: an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set
# (core/media/storage.py, README), MEDIA_ROOT otherwise. MEDIA_URL then names the bucket,
# so the content security policy below lets its images in.
from core.media import storage as media_storage  # noqa: E402  (next to its only use)

STORAGES["default"] = media_storage.storage_settings(os.environ)
MEDIA_URL = media_storage.media_url(STORAGES["default"]) or MEDIA_URL

# django-axes: lock out after five failed admin logins for one username from one address.
# Fetching sources (sources/fetch.py): private, loopback and link-local addresses are refused
# unless SOURCE_FETCH_ALLOW_PRIVATE is on, which only a development or test setup may do.
SOURCE_FETCH_ALLOW_PRIVATE = env_bool("SOURCE_FETCH_ALLOW_PRIVATE", False)
if SOURCE_FETCH_ALLOW_PRIVATE and not DEBUG:
    raise ImproperlyConfigured("SOURCE_FETCH_ALLOW_PRIVATE must stay off when DEBUG is off.")
SOURCE_FETCH_TIMEOUT = (
    float(os.environ.get("SOURCE_FETCH_CONNECT_TIMEOUT", 5)),
    float(os.environ.get("SOURCE_FETCH_READ_TIMEOUT", 20)),
)
SOURCE_FETCH_MAX_BYTES = env_int("SOURCE_FETCH_MAX_BYTES", 20 * 1024 * 1024)
SOURCE_FETCH_USER_AGENT = os.environ.get("SOURCE_FETCH_USER_AGENT", "SCO-Reference-source-check/1.0")
# check_sources: requests in flight at once, and at once to one host.
SOURCE_CHECK_WORKERS = env_int("SOURCE_CHECK_WORKERS", 16)
SOURCE_CHECK_PER_HOST = env_int("SOURCE_CHECK_PER_HOST", 2)

AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True

# Behind the reverse proxy (deploy/Caddyfile). TRUSTED_PROXY_COUNT is how many proxies in
# front of gunicorn append the address they were connected from to X-Forwarded-For: the
# client is then that many entries from its right end, whatever a client wrote on the left.
# Without a proxy (0), the client is REMOTE_ADDR and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies listed after the client; the nearest proxy is REMOTE_ADDR.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
# Count from the right even when the client sent an X-Forwarded-For of its own (strict
# ipware would discard the whole header, and every such client would share one address).
IPWARE_STRICT = False
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# An unsafe ?next= after logging in falls back to the admin's index.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Security headers (Mozilla HTTP Observatory: A+; tests/sco_site/observatory.py scores them).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Only our own scripts, styles, images and forms; nothing inline, the admin included.
# Images also from the media host when MEDIA_URL is absolute (object storage).
_media_origin = urlsplit(str(MEDIA_URL))
CONTENT_SECURITY_POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": " ".join(
        ["'self'", *([f"{_media_origin.scheme}://{_media_origin.netloc}"] if _media_origin.netloc else [])]
    ),
    "connect-src": "'self'",  # the admin's autocomplete, the passage previews
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}

# Where reload_fixtures writes its backups before changing anything.
FIXTURES_DIR = Path(os.environ.get("FIXTURES_DIR", BASE_DIR / "fixtures"))
FIXTURE_BACKUPS = True
FIXTURE_BACKUP_DIR = Path(os.environ.get("FIXTURE_BACKUP_DIR", BASE_DIR / "backups"))
# The newest backups kept there (0: all); older ones are deleted after each new backup.
FIXTURE_BACKUPS_KEPT = env_int("FIXTURE_BACKUPS_KEPT", 10)
# A reload records the rows it writes in their history (core.revisions), up to this many:
# the curated content is far smaller; a synthetic content set loaded whole is not recorded.
FIXTURE_HISTORY_LIMIT = env_int("FIXTURE_HISTORY_LIMIT", 5000)
# The models the fixtures hold and the fields of each one's natural key; the fixture
# engine works out the load order from their foreign keys.
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
    "countries.countryalias": ("record", "name"),
    "events.eventalias": ("record", "name"),
    "people.personalias": ("record", "name"),
    "core.formerslug": ("model", "slug"),
}
# Run after a reload wrote its rows, inside its transaction: each returns a list of
# problems, and any problem refuses the whole reload.
FIXTURE_CHECKS = [
    "facts.services.recheck_citation_quotes",
    "facts.services.check_supersede_cycles",
    "facts.services.check_self_disputes",
    # Not a check (it finds no problems): stamps the rows the reload published.
    "core.models.stamp_publication_times",
]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Absolute URLs take the scheme of the request, which the redirect makes HTTPS.
    if SECURE_SSL_REDIRECT and not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured("SITE_URL must start with https:// when SECURE_SSL_REDIRECT is on.")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole domain (hstspreload.org): a decision, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Time, level, logger and request path on every line; as text or one JSON object a line.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
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
        # Replaces Django's own console handler, which would print each record a second time.
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django.security.DisallowedHost": {"filters": ["disallowed_host"]},
        # Failed logins and lockouts are warnings; its INFO lines (each login, each clean-up) are noise.
        "axes": {"level": "WARNING"},
    },
}
