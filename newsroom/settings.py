"""The newsroom's one settings module, configured only by environment variables.

With no environment at all it runs as a development site: SQLite and uploads
under ``var/``, a generated secret key kept in ``var/secret_key``, DEBUG off
unless ``DJANGO_DEBUG=1``. Every variable is listed in README.md.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.origin import origin_problem
from newsroom.storage import file_storage, image_origin

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Production is declared, not guessed: it turns on every HTTPS-only protection.
PRODUCTION = env_bool("DJANGO_PRODUCTION")


def _secret_key():
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        # Django's own bar (check --deploy warns below it); production refuses to start.
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5):
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY is too weak for production ({len(key)} characters): it "
                "needs at least 50 random characters. Make one with: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_PRODUCTION=1.")
    # Development: generate once and keep it, so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The address readers use ("https://news.example.org"). With it, article pages are rendered
# for it in background jobs whenever they change, before a reader asks (articles.pages_ahead);
# without it each article's next reader renders its page.
NEWSROOM_SITE_ORIGIN = os.environ.get("NEWSROOM_SITE_ORIGIN", "").strip().rstrip("/")
if NEWSROOM_SITE_ORIGIN and (_problem := origin_problem(NEWSROOM_SITE_ORIGIN, ALLOWED_HOSTS)):
    raise ImproperlyConfigured(f"NEWSROOM_SITE_ORIGIN {_problem}.")

INSTALLED_APPS = [
    # The admin, with the editorial dashboard as its landing page (articles/dashboard.py).
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "reversion",
    "csp",
    "newsroom.apps.LoginAttemptsConfig",  # django-axes, named in Russian
    "articles",
    "people",
    "media",
    "jobs",
]

MIDDLEWARE = [
    # Anonymous readers' pages from the cache, first, so that a hit runs nothing else: a
    # stored page keeps the headers the middleware after this one gave it (security,
    # CSP, X-Frame-Options, Content-Language, Vary), and a 304 the security ones. Pages
    # are stored by scheme, so an http request still meets the HTTPS redirect. A request
    # with a session cookie goes on to the session and authentication middleware
    # (articles/caching.py).
    "articles.caching.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise: static files get them too.
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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

ROOT_URLCONF = "newsroom.urls"

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
                "articles.context_processors.site_navigation",
            ],
            # Model names in the right case in the admin's templates (newsroom/nouns.py).
            "libraries": {"admin_russian": "newsroom.admin_filters"},
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if PRODUCTION and not DATABASE_URL and not env_bool("NEWSROOM_ALLOW_SQLITE"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DJANGO_PRODUCTION=1: without it the site would run on "
        f"the development SQLite file {VAR_DIR / 'newsroom.sqlite3'}. Set "
        "NEWSROOM_ALLOW_SQLITE=1 to run production on that file on purpose."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once (the dev server, an import).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not Django's in-memory default: the browser tests' live server
    # then gives each request thread its own connection instead of sharing the test's
    # one, which hung under parallel requests from Chromium.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_newsroom.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCTION:
    # whitenoise warns at every start when the collected-files folder is missing.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploaded files live outside the code: never in the `media` Python package.
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/uploads/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "uploads"))

# Photos and their renditions: local files under MEDIA_ROOT, or an S3-compatible bucket
# when NEWSROOM_S3_BUCKET is set (newsroom/storage.py reads the NEWSROOM_S3_* variables).
# The code asks the storage only (open, save, exists, delete, url), never for a local path.
STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production the app serves its own static files and uploads, so
# `runserver` shows a complete site without DEBUG; in production a web server
# (or a CDN) serves uploads and whitenoise serves the collected static files.
WHITENOISE_USE_FINDERS = not PRODUCTION
SERVE_UPLOADS = env_bool("DJANGO_SERVE_UPLOADS", not PRODUCTION)

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # While Redis is unreachable the site runs uncached, logging the outage once
    # (newsroom/cache.py); small timeouts bound what a hanging Redis costs a request.
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                "RETRY_SECONDS": float(os.environ.get("REDIS_RETRY_SECONDS", "2")),
            },
        }
    }
else:
    # Local memory is per process: with several, a change reaches the others' cached pages
    # only when they expire. Production must say it runs one process, or accept that.
    # WEB_CONCURRENCY counts this server's processes only: several app servers need Redis.
    WEB_CONCURRENCY = os.environ.get("WEB_CONCURRENCY", "").strip()
    if PRODUCTION and WEB_CONCURRENCY != "1" and not env_bool("NEWSROOM_ALLOW_LOCAL_CACHE"):
        raise ImproperlyConfigured(
            "REDIS_URL must be set when DJANGO_PRODUCTION=1 and the site may run in more than "
            f"one process (WEB_CONCURRENCY is {WEB_CONCURRENCY or 'not set'}): each process "
            "would keep its own cache, and a change made through one would reach the others' "
            "pages only when they expire. Set REDIS_URL; or WEB_CONCURRENCY=1 for a single "
            "process on a single app server (several servers always need REDIS_URL); or "
            "NEWSROOM_ALLOW_LOCAL_CACHE=1 to accept per-process caches."
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions stay in the database, never the cache: editors stay logged in while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGIN_URL = "admin:login"

TAGGIT_CASE_INSENSITIVE = True

# Public list pages show this many items per page.
NEWSROOM_PAGE_SIZE = int(os.environ.get("NEWSROOM_PAGE_SIZE", "20"))
# How long a signed share link to an unpublished article works (articles/preview.py).
NEWSROOM_SHARE_LINK_DAYS = int(os.environ.get("NEWSROOM_SHARE_LINK_DAYS", "7"))
# The largest photo upload accepted, in pixels: more than any camera, far less than a
# decompression bomb's canvas (media/validation.py).
NEWSROOM_MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", "50000000"))
# How long the file of a deleted photo is kept so that the admin's history can recover
# it; then `remove_deleted_photo_files` removes it (media/retention.py).
NEWSROOM_PHOTO_RECOVERY_DAYS = int(os.environ.get("NEWSROOM_PHOTO_RECOVERY_DAYS", "30"))
# The public page cache (articles/caching.py): on/off, how long an entry lives, and the
# max-age readers' browsers may keep a page without asking again.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# How many megabytes of pages each process keeps a copy of (articles.caching.LocalPages).
NEWSROOM_PAGE_CACHE_LOCAL_MB = int(os.environ.get("NEWSROOM_PAGE_CACHE_LOCAL_MB", "64"))
NEWSROOM_HTTP_MAX_AGE = int(os.environ.get("NEWSROOM_HTTP_MAX_AGE", "60"))
# From which of a process's views of a page (in one site generation) the page is stored in
# the page cache: the first views of the long tail's archive pages cost no request to the
# cache and fill it with nothing (articles.caching.FirstViews). 1 stores every page.
NEWSROOM_PAGE_CACHE_MIN_VIEWS = int(os.environ.get("NEWSROOM_PAGE_CACHE_MIN_VIEWS", "2"))
if NEWSROOM_PAGE_CACHE_MIN_VIEWS < 1:
    raise ImproperlyConfigured("NEWSROOM_PAGE_CACHE_MIN_VIEWS must be 1 or more.")
# Cached parts of pages (list fragments, counts, section blocks, menu), also per generation.
NEWSROOM_FRAGMENT_CACHE = env_bool("NEWSROOM_FRAGMENT_CACHE", True)
if STORAGES["default"].get("OPTIONS", {}).get("querystring_auth"):
    # A page keeps the signed addresses it was rendered with while it is cached, and a
    # reader's browser keeps the page max-age longer: they must still work by then.
    _page_lifetime = NEWSROOM_PAGE_CACHE_SECONDS + NEWSROOM_HTTP_MAX_AGE
    _expiry = STORAGES["default"]["OPTIONS"]["querystring_expire"]
    if _expiry < 2 * _page_lifetime:
        raise ImproperlyConfigured(
            f"NEWSROOM_S3_URL_EXPIRY_SECONDS ({_expiry}) must be at "
            f"least twice what a cached page lives, {_page_lifetime} s "
            "(NEWSROOM_PAGE_CACHE_SECONDS + NEWSROOM_HTTP_MAX_AGE): pages would show "
            "images whose signed addresses have expired."
        )

# HTTPS and cookie protections: on in production (`check --deploy` is clean there).
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Security headers and the admin login ---------------------------------------------
# Content-Security-Policy (django-csp; newsroom/security.py picks the admin's policy for
# pages under /admin/). Readers' pages run no script: the JSON-LD <script> blocks are
# data, which the browser never runs, so 'none' does not touch them. No inline styles
# either: every style is in a stylesheet.
_MEDIA_ORIGIN = image_origin(STORAGES["default"], MEDIA_URL)  # a CDN, the S3 bucket
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_MEDIA_ORIGIN])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin runs Django's admin scripts and static/admin-extra/*.js, all files from this
# site: no inline script or style, no eval.
NEWSROOM_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "script-src": [SELF]}
}
# Permissions-Policy (django-permissions-policy): no page needs these powers.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# The login lockout (django-axes): after NEWSROOM_LOGIN_FAILURE_LIMIT failed logins from
# one address, or for one user name, the next attempts are refused for
# NEWSROOM_LOGIN_COOLOFF_MINUTES even with the right password. Either alone: an address
# trying many names, or many addresses trying one name, is stopped. The price is that
# anyone can lock a name out for that while; `manage.py axes_reset_username NAME` lifts it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Lockouts are lifted with the axes_reset commands (README, "Security"); axes' own admin
# pages speak English and would show editors raw access logs, so they stay off.
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "newsroom.security.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# Reverse proxies in front of the site; the lockout counts by the address the outermost
# one saw. Production is behind one (SECURE_PROXY_SSL_HEADER); without this every reader
# would share the proxy's address, and five failures would lock everyone out.
NEWSROOM_TRUSTED_PROXIES = int(
    os.environ.get("NEWSROOM_TRUSTED_PROXIES", "1" if PRODUCTION else "0")
)

# --- Background jobs (jobs/, run by Celery) ---------------------------------------------
# With NEWSROOM_BROKER_URL (Redis or RabbitMQ) jobs go to the broker and a worker runs
# them: `celery -A newsroom worker`. Without it (the embedded default) a job runs in the
# process that queued it, right after that process's transaction commits, synchronously:
# a web request that queues a job then waits for it. Production must say which it means.
NEWSROOM_BROKER_URL = os.environ.get("NEWSROOM_BROKER_URL", "")
NEWSROOM_JOBS_IN_PROCESS = env_bool("NEWSROOM_JOBS_IN_PROCESS")
if PRODUCTION and not NEWSROOM_BROKER_URL and not NEWSROOM_JOBS_IN_PROCESS:
    raise ImproperlyConfigured(
        "NEWSROOM_BROKER_URL must be set when DJANGO_PRODUCTION=1 (e.g. "
        "redis://127.0.0.1:6379/1), with a worker running `celery -A newsroom worker`: "
        "without a broker, background jobs (renditions, imports) would run inside web "
        "requests. Set NEWSROOM_JOBS_IN_PROCESS=1 to run them in process on purpose."
    )
# Attempts a job gets before it is marked failed, and the wait before the second one
# (doubling after each failure: 10, 20, 40, 80 s).
NEWSROOM_JOB_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_JOB_MAX_ATTEMPTS", "5"))
NEWSROOM_JOB_RETRY_SECONDS = float(os.environ.get("NEWSROOM_JOB_RETRY_SECONDS", "10"))
# How long a finished job stays listed in the admin; `delete_old_jobs` deletes it then.
NEWSROOM_JOB_RETENTION_DAYS = int(os.environ.get("NEWSROOM_JOB_RETENTION_DAYS", "30"))
# While a worker runs a job it writes the job's heartbeat this often; three missed beats
# mean the worker was lost, and another delivery of the job may run it again.
NEWSROOM_JOB_HEARTBEAT_SECONDS = float(os.environ.get("NEWSROOM_JOB_HEARTBEAT_SECONDS", "10"))
# How long a web process keeps trying to hand a job to an unreachable broker.
NEWSROOM_JOB_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_URL = NEWSROOM_BROKER_URL or "memory://"  # memory: never used, see jobs/queue.py
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("NEWSROOM_JOB_QUEUE", "newsroom-jobs")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker takes one job at a time per process: a waiting job is never held by a busy one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # the Job row is the result; no result backend
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Redis has no acknowledgements of its own: a job taken by a worker that died is given to
# another after this many seconds (RabbitMQ gives it back at once). A job running longer
# is given out again too, but not run twice: its heartbeat says it is running.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("NEWSROOM_JOB_VISIBILITY_TIMEOUT", "600")),
    "unacked_restore_throttle": 1,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
