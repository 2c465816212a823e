"""Load shedding (returnflow/load_shedding.py): past the in-flight limit a request waits briefly, then gets
503 + Retry-After without reaching the view; the limit frees itself; probes are never shed.

The behaviour under real overload (gunicorn, twice the sustainable rate) is `make overload`."""
import json
import threading

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from returnflow.load_shedding import LoadSheddingMiddleware

LIMITS = {"MAX_INFLIGHT": 1, "MAX_QUEUE": 4, "QUEUE_SECONDS": 0.05, "RETRY_AFTER_SECONDS": 3}


class SlowView:
    """Holds its caller until released; counts how often it was reached."""

    def __init__(self):
        self.entered, self.release, self.calls = threading.Event(), threading.Event(), 0

    def __call__(self, request):
        self.calls += 1
        self.entered.set()
        self.release.wait(5)
        return HttpResponse("done")


def _occupy(middleware, path="/api/returns/"):
    holder = threading.Thread(target=middleware, args=(RequestFactory().get(path),))
    holder.start()
    return holder


@override_settings(LOAD_SHEDDING=LIMITS)
def test_a_request_past_the_limit_is_shed_with_retry_after_and_never_reaches_the_view():
    view = SlowView()
    middleware = LoadSheddingMiddleware(view)
    holder = _occupy(middleware)
    assert view.entered.wait(5)

    api = middleware(RequestFactory().post("/api/returns/", data="{}", content_type="application/json"))
    page = middleware(RequestFactory().get("/support/"))

    assert view.calls == 1  # neither shed request ran the view: nothing was changed
    assert api.status_code == page.status_code == 503
    assert api["Retry-After"] == page["Retry-After"] == "3"
    assert json.loads(api.content)["error"] == {
        "code": "overloaded", "message": "The service is busy. Nothing was changed; please try again in 3 seconds.",
        "details": {"retry_after_seconds": 3}}
    assert page["Content-Type"].startswith("text/html") and b"try again in 3 seconds" in page.content
    view.release.set()
    holder.join(5)


@override_settings(LOAD_SHEDDING=LIMITS)
def test_the_slot_is_given_back_when_the_view_finishes_or_raises():
    view = SlowView()
    middleware = LoadSheddingMiddleware(view)
    view.release.set()
    assert middleware(RequestFactory().get("/api/returns/")).status_code == 200
    assert middleware(RequestFactory().get("/api/returns/")).status_code == 200

    def failing(request):
        raise RuntimeError("boom")

    crashing = LoadSheddingMiddleware(failing)
    for _ in range(2):  # a leaked slot would shed the second call
        try:
            crashing(RequestFactory().get("/api/returns/"))
        except RuntimeError:
            pass
    crashing.get_response = view
    assert crashing(RequestFactory().get("/api/returns/")).status_code == 200


@override_settings(LOAD_SHEDDING={**LIMITS, "QUEUE_SECONDS": 2})
def test_a_request_that_finds_a_slot_within_the_wait_is_served():
    view = SlowView()
    middleware = LoadSheddingMiddleware(view)
    holder = _occupy(middleware)
    assert view.entered.wait(5)
    threading.Timer(0.2, view.release.set).start()
    assert middleware(RequestFactory().get("/api/returns/")).status_code == 200
    holder.join(5)


@override_settings(LOAD_SHEDDING={**LIMITS, "QUEUE_SECONDS": 5, "MAX_QUEUE": 1})
def test_past_the_queue_bound_the_refusal_is_immediate():
    import time

    view = SlowView()
    middleware = LoadSheddingMiddleware(view)
    holder = _occupy(middleware)
    assert view.entered.wait(5)
    waiter = threading.Thread(target=middleware, args=(RequestFactory().get("/api/returns/"),))
    waiter.start()
    deadline = time.monotonic() + 5
    while middleware.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    response = middleware(RequestFactory().get("/api/returns/"))
    assert response.status_code == 503
    assert time.monotonic() - started < 1  # not the 5 s wait: the queue was full
    view.release.set()
    holder.join(5)
    waiter.join(5)
    assert view.calls == 2  # the one that waited was served


@override_settings(LOAD_SHEDDING={**LIMITS, "QUEUE_SECONDS": 5, "MAX_QUEUE": 2})
def test_new_work_is_refused_first_while_a_step_of_accepted_work_may_still_wait():
    import time

    view = SlowView()
    middleware = LoadSheddingMiddleware(view)
    holder = _occupy(middleware)
    assert view.entered.wait(5)
    step = threading.Thread(target=middleware, args=(RequestFactory().post("/api/returns/RMA-2026-000001/receive/"),))
    step.start()  # one of two queue places taken: a step may still wait, a new return may not
    deadline = time.monotonic() + 5
    while middleware.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    create = middleware(RequestFactory().post("/api/returns/", data="{}", content_type="application/json"))
    portal = middleware(RequestFactory().post("/portal/orders/S10002/review/"))
    assert create.status_code == portal.status_code == 503
    assert time.monotonic() - started < 1
    view.release.set()
    holder.join(5)
    step.join(5)
    assert view.calls == 2  # the waiting step was served


@override_settings(LOAD_SHEDDING={**LIMITS, "MAX_INFLIGHT": 0})
def test_zero_switches_shedding_off():
    view = SlowView()
    view.release.set()
    middleware = LoadSheddingMiddleware(view)
    assert all(middleware(RequestFactory().get("/")).status_code == 200 for _ in range(3))


def test_probes_are_answered_before_shedding_and_shedding_comes_before_any_database_work():
    order = settings.MIDDLEWARE
    shedding = order.index("returnflow.load_shedding.LoadSheddingMiddleware")
    assert order.index("returnflow.health.ProbeMiddleware") < shedding
    assert shedding < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert shedding < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")
