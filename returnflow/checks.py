"""System checks for production: settings that work on one process but quietly fail on several."""
from django.conf import settings
from django.core.checks import Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register("security", deploy=True)
def shared_cache_for_rate_limits(app_configs=None, **kwargs):
    """The portal's lookup limits count in the default cache (and axes reads it too): with a
    process-local cache every web worker counts on its own, so N workers allow N times the attempts."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [Warning(
        "Rate limits are counted per web process: the default cache is process-local.",
        hint="Set CACHE_URL (e.g. redis://127.0.0.1:6379/1) so that every web process shares the "
             "portal lookup counters.",
        id="returnflow.W001",
    )]
