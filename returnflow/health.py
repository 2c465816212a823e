"""Health endpoints for load balancers and orchestrators.

`/healthz`: the process is alive and answers (no database, no network): a liveness probe restarts a
process only when it is truly stuck, never because PostgreSQL is briefly away.
`/readyz`: this process can do its work: database reachable and every migration applied, broker, cache and
storage reachable. 503 names the failing checks, so a load balancer takes the node out of rotation and
an operator sees why. Each check has a short timeout; no check writes anything but one cache key.
"""
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 2
# Once every migration was seen applied it stays so for this process's code: skip the graph walk after that.
_migrations_seen_applied = False


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results = {}
    for name, check in CHECKS:
        started = time.monotonic()
        try:
            check()
            results[name] = {"ok": True}
        except Exception as exc:  # any failure of a dependency is a "not ready", never a 500
            logger.warning("readyz: %s failed: %s", name, exc)
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        results[name]["ms"] = round((time.monotonic() - started) * 1000)
    failed = [name for name, result in results.items() if not result["ok"]]
    from .metrics import scrape_allowed

    if not scrape_allowed(request):  # error texts name hosts and ports: only for loopback or the metrics token
        for result in results.values():
            result.pop("error", None)
    return JsonResponse({"status": "fail" if failed else "ok", "failed": failed, "checks": results},
                        status=503 if failed else 200)


def check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_migrations():
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in pending[:5])
        raise RuntimeError(f"{len(pending)} migration(s) not applied: {names}")
    _migrations_seen_applied = True


def check_broker():
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory://"):
        return  # the embedded mode runs tasks in-process
    from kombu import Connection

    with Connection(url, connect_timeout=CHECK_TIMEOUT_SECONDS,
                    transport_options={"socket_timeout": CHECK_TIMEOUT_SECONDS,
                                       "socket_connect_timeout": CHECK_TIMEOUT_SECONDS}) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT_SECONDS)
        if url.startswith(("redis://", "rediss://")):
            conn.default_channel.client.ping()


def check_cache():
    from django.core.cache import cache

    key = "readyz:probe"
    cache.set(key, "1", timeout=30)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just written")


def check_storage():
    from django.core.files.storage import default_storage

    from .storage import is_object_storage, originals_storage

    for storage in (default_storage, originals_storage):
        if is_object_storage(storage):
            # HeadBucket: reachable, credentials valid, bucket exists; reads no object.
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        else:
            storage.exists("readyz-probe")  # a local folder: only its path is resolved


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics before anything else runs: no HTTPS redirect (a kubelet probes
    plain HTTP and counts a 301 as success), no ALLOWED_HOSTS check (Prometheus and probes use the pod's IP),
    no session or login-lockout work. Nothing here builds a URL from the Host header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .metrics import metrics_view

        view = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}.get(request.path_info)
        if view is None:
            return self.get_response(request)
        from .logs import RequestIdLogMiddleware
        from .middleware import RequestIdMiddleware

        request.probe_name = request.path_info.strip("/")
        # Still tagged with a request id, and its log lines carry it, like every other answer.
        return RequestIdMiddleware(RequestIdLogMiddleware(view))(request)


CHECKS = [("database", check_database), ("migrations", check_migrations), ("broker", check_broker),
          ("cache", check_cache), ("storage", check_storage)]
