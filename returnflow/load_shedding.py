"""Load shedding: past what a web process can work on at once, a request waits a moment for a slot and is
then refused with 503 and Retry-After, instead of joining a queue that grows until every answer is late.

Why in the app: gunicorn's gthread workers accept every connection they can hold and run requests as
threads come free, so under twice the sustainable load the wait grows without bound, every client
times out, and the work done for them is wasted. A bounded number of requests in flight per process
(WEB_MAX_INFLIGHT, about what the cores and the database can progress at once), a short queue
(WEB_MAX_QUEUE waiting at most WEB_QUEUE_MS) and an immediate refusal beyond it keeps the accepted requests fast; the rest are told, at once and cheaply, when to
come back. The refusal happens before the session, the user or the database are touched, so a shed
request has changed nothing and is always safe to retry (`make overload`, bench/overload.py, proves it).

/healthz, /readyz and /metrics are answered by ProbeMiddleware before this one, so a busy node is never
mistaken for a dead one. WEB_MAX_INFLIGHT=0 switches shedding off (the test settings do).
"""
import json
import re
import threading

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import Counter

SHED = Counter("returnflow_http_requests_shed_total", "Requests refused with 503 because the process was full")
# Requests that start new work (a new return). Under overload they are refused first: they may only wait
# while the queue is less than half full, so the returns already accepted keep moving through their steps
# instead of every accepted return being slowed down by new ones.
NEW_WORK = re.compile(r"^/(api/returns/|api/imports/.*|portal/orders/[^/]+/review/|support/new-return/)$")


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        limits = settings.LOAD_SHEDDING
        self.limit = limits["MAX_INFLIGHT"]
        self.wait = limits["QUEUE_SECONDS"]
        self.retry_after = limits["RETRY_AFTER_SECONDS"]
        self.max_queue = limits["MAX_QUEUE"]
        self.slots = threading.BoundedSemaphore(self.limit) if self.limit > 0 else None
        self.waiting = 0
        self.waiting_lock = threading.Lock()

    def __call__(self, request):
        if self.slots is None:
            return self.get_response(request)
        new_work = request.method == "POST" and NEW_WORK.match(request.path_info) is not None
        if not self.slots.acquire(blocking=False) and not self._wait_for_slot(new_work):
            SHED.inc()
            return self.refusal(request)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()

    def _wait_for_slot(self, new_work: bool) -> bool:
        """A few may wait, briefly; past MAX_QUEUE waiting the answer is immediate. Without that bound, the
        threads would all be waiting and new requests would queue in gunicorn, out of this module's reach."""
        with self.waiting_lock:
            if self.waiting >= (self.max_queue // 2 if new_work else self.max_queue):
                return False
            self.waiting += 1
        try:
            return self.slots.acquire(timeout=self.wait)
        finally:
            with self.waiting_lock:
                self.waiting -= 1

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
