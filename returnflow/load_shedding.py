"""Load shedding: past what a web process can work on at once, a request waits a moment for a slot and is
then refused with 503 and Retry-After, instead of joining a queue that grows until every answer is late.

Why in the app: gunicorn's gthread workers accept every connection they can hold and run requests as
threads come free, so under twice the sustainable load the wait grows without bound, every client
times out, and the work done for them is wasted. A bounded number of requests in flight per process
(WEB_MAX_INFLIGHT, about what the cores and the database can progress at once) with a short wait
(WEB_QUEUE_SECONDS) keeps the accepted requests fast; the rest are told, at once and cheaply, when to
come back. The refusal happens before the session, the user or the database are touched, so a shed
request has changed nothing and is always safe to retry (`make overload`, bench/overload.py, proves it).

/healthz, /readyz and /metrics are answered by ProbeMiddleware before this one, so a busy node is never
mistaken for a dead one. WEB_MAX_INFLIGHT=0 switches shedding off (the test settings do).
"""
import json
import threading

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import Counter

SHED = Counter("returnflow_http_requests_shed_total", "Requests refused with 503 because the process was full")


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        limits = settings.LOAD_SHEDDING
        self.limit = limits["MAX_INFLIGHT"]
        self.wait = limits["QUEUE_SECONDS"]
        self.retry_after = limits["RETRY_AFTER_SECONDS"]
        self.slots = threading.BoundedSemaphore(self.limit) if self.limit > 0 else None

    def __call__(self, request):
        if self.slots is None:
            return self.get_response(request)
        if not self.slots.acquire(timeout=self.wait):
            SHED.inc()
            return self.refusal(request)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()

    def refusal(self, request) -> HttpResponse:
        # Built by hand, not through templates or the API's renderer: the cheaper a refusal, the more
        # of the process is left for the requests it accepted.
        message = f"The service is busy. Nothing was changed; please try again in {self.retry_after} seconds."
        if request.path_info.startswith("/api/"):
            body = json.dumps({"error": {"code": "overloaded", "message": message,
                                         "details": {"retry_after_seconds": self.retry_after}}})
            response = HttpResponse(body, status=503, content_type="application/json")
        else:
            body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy</title>'
                    f'<meta name="viewport" content="width=device-width"></head>'
                    f"<body><h1>Busy</h1><p>{message}</p></body></html>")
            response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(self.retry_after)
        response["Cache-Control"] = "no-store"
        response["X-Request-ID"] = getattr(request, "request_id", "")
        return response
