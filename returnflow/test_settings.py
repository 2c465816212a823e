"""Settings for the test suite: production settings on PostgreSQL, with test-only speed-ups."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-in-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DATABASE_URL", "postgres://returnflow:returnflow@127.0.0.1:5432/returnflow")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: E402,F403

if not DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    raise RuntimeError("The test suite runs on PostgreSQL; set DATABASE_URL to a postgres:// URL.")

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hashing passwords with PBKDF2 costs ~0.3 s per login; the suite logs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/tmp/returnflow-test-media"))  # noqa: F405
SESSION_COOKIE_SECURE = False
# The live servers of the browser tests answer a whole page's assets at once on a busy machine; shedding
# has its own tests (tests/security/test_load_shedding.py) and `make overload`.
LOAD_SHEDDING = {**LOAD_SHEDDING, "MAX_INFLIGHT": 0}  # noqa: F405
CSRF_COOKIE_SECURE = False
# The live server of browser tests serves static files through WhiteNoise, straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "/tmp/returnflow-test-static"))  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
