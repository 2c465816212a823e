"""Prometheus metrics (prometheus_client): requests, database, Celery tasks, and the returns domain.

- Requests and their database queries are counted by `MetricsMiddleware` (labels: method, Django's view
  name, status: bounded, never the raw path).
- Celery tasks are counted by signal handlers in the worker; `CELERY_METRICS_PORT` makes each worker
  serve its own /metrics on 127.0.0.1 (`celery_metrics.py`).
- The domain's gauges (returns by state, outbox backlog and age of the oldest unsent posting, postings
  failed, photos waiting for renditions, broker queue length) are computed when scraped, with a few
  indexed aggregate queries, so every web node reports the same fleet-wide numbers.

With several processes per node (gunicorn workers, Celery prefork) set PROMETHEUS_MULTIPROC_DIR to an
empty folder per node: counters are then summed across the processes (prometheus_client's multiprocess
mode). /metrics is not public: loopback without a proxy in between, or `Authorization: Bearer
<METRICS_TOKEN>`.
"""
import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter("returnflow_http_requests_total", "HTTP requests answered", ["method", "view", "status"])
REQUEST_SECONDS = Histogram("returnflow_http_request_duration_seconds", "Time to answer an HTTP request",
                            ["method", "view"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
DB_QUERIES = Counter("returnflow_db_queries_total", "Database queries run while answering requests", ["view"])
DB_ERRORS = Counter("returnflow_db_errors_total", "Database queries that raised", ["view"])
DB_SECONDS = Histogram("returnflow_db_query_duration_seconds", "Time of one database query",
                       buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5))
TASKS = Counter("returnflow_celery_tasks_total", "Celery tasks finished, by outcome", ["task", "outcome"])
TASK_SECONDS = Histogram("returnflow_celery_task_duration_seconds", "Time a Celery task ran", ["task"],
                         buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300))


class MetricsMiddleware:
    """Counts each request, its duration and the database queries it ran."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        counts = {"queries": 0, "errors": 0}

        def count_query(execute, sql, params, many, context):
            query_started = time.perf_counter()
            counts["queries"] += 1
            try:
                return execute(sql, params, many, context)
            except Exception:
                counts["errors"] += 1
                raise
            finally:
                DB_SECONDS.observe(time.perf_counter() - query_started)

        with connection.execute_wrapper(count_query):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = getattr(request, "probe_name", None) or ((match.view_name or "unnamed") if match else "unmatched")
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(request.method, view).observe(time.perf_counter() - started)
        if counts["queries"]:
            DB_QUERIES.labels(view).inc(counts["queries"])
        if counts["errors"]:
            DB_ERRORS.labels(view).inc(counts["errors"])
        return response


class DomainCollector:
    """Gauges read from the database at scrape time (cheap aggregates over indexed columns)."""

    def collect(self):
        # A scrape while the database is away still answers (with the process's own metrics) and says so.
        try:
            metrics = list(self._domain())
        except Exception:  # noqa: BLE001 - any database error; /readyz names it
            metrics = []
        yield GaugeMetricFamily("returnflow_domain_metrics_up", "1 when the domain gauges could be read",
                                value=1 if metrics else 0)
        yield from metrics

    def _domain(self):
        from inspection.models import Photo, PhotoStatus
        from integrations.models import OdooPosting, PostingState
        from returns.models import ReturnRequest
        from django.db.models import Count, Min

        by_state = GaugeMetricFamily("returnflow_returns", "Returns by lifecycle state", labels=["state"])
        for row in ReturnRequest.objects.order_by().values("state").annotate(n=Count("id")):
            by_state.add_metric([row["state"]], row["n"])
        yield by_state

        postings = dict(OdooPosting.objects.order_by().values_list("state").annotate(n=Count("id")))
        backlog = GaugeMetricFamily("returnflow_outbox_backlog", "Odoo postings not yet sent, by state",
                                    labels=["state"])
        for state in (PostingState.PENDING, PostingState.SENDING, PostingState.FAILED):
            backlog.add_metric([state], postings.get(state, 0))
        yield backlog
        yield GaugeMetricFamily("returnflow_outbox_failed", "Odoo postings stopped as failed (need a person)",
                                value=postings.get(PostingState.FAILED, 0))
        oldest = (OdooPosting.objects.exclude(state=PostingState.SENT).order_by()
                  .aggregate(oldest=Min("created_at"))["oldest"])
        yield GaugeMetricFamily("returnflow_outbox_oldest_unsent_age_seconds",
                                "Age of the oldest Odoo posting not yet sent (0 when none waits)",
                                value=(timezone.now() - oldest).total_seconds() if oldest else 0)
        yield GaugeMetricFamily("returnflow_photos_waiting_renditions", "Photos whose renditions are not made yet",
                                value=Photo.objects.filter(status=PhotoStatus.PROCESSING).count())
        queue = _broker_queue_length()
        if queue is not None:
            yield GaugeMetricFamily("returnflow_celery_queue_length", "Messages waiting in the Celery queue",
                                    value=queue)


def _broker_queue_length():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        return client.llen(settings.CELERY_TASK_DEFAULT_QUEUE)
    except redis.RedisError:
        return None


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(DomainCollector())
        return registry
    registry = CollectorRegistry()
    registry.register(_Default())
    registry.register(DomainCollector())
    return registry


class _Default:
    """The process's own metrics (default registry) next to the domain's, in one answer."""

    def collect(self):
        yield from REGISTRY.collect()


def scrape_allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "") or os.environ.get("METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    # Loopback only when no proxy relayed the request: behind a local load balancer every client looks local.
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
def metrics_view(request):
    if not scrape_allowed(request):
        return HttpResponseForbidden("metrics: loopback or a bearer token only\n", content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
