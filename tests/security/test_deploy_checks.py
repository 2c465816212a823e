"""`check --deploy` says so when rate limits would be counted per web process."""
from django.core.checks import run_checks


def _ids(**kwargs):
    return {message.id for message in run_checks(include_deployment_checks=True, tags=["security"])}


def test_no_shared_cache_with_debug_off_is_a_deploy_warning(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "returnflow.W001" in _ids()


def test_a_redis_cache_is_fine(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/1"}}
    assert "returnflow.W001" not in _ids()


def test_development_mode_does_not_nag(settings):
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "returnflow.W001" not in _ids()
