"""/metrics (Prometheus): protected, with request, database, task and domain metrics; JSON logs with the
request id; the fleet-wide beat lock."""
import io
import json
import logging
import os
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import create_return

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def scrape(**extra):
    return Client().get("/metrics", REMOTE_ADDR=extra.pop("addr", "127.0.0.1"), **extra)


def sample(text: str, name: str, labels: str = "") -> float:
    prefix = f"{name}{{{labels}}} " if labels else f"{name} "
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.split()[-1])
    raise AssertionError(f"{prefix!r} not in the scrape")


@pytest.mark.django_db
def test_metrics_are_not_public(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert scrape().status_code == 200
    assert scrape(addr="10.1.2.3").status_code == 403
    # Behind a local load balancer every client looks like loopback: a relayed request needs the token.
    assert scrape(HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert scrape(addr="10.1.2.3", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert scrape(addr="10.1.2.3", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


@pytest.mark.django_db
def test_domain_gauges_requests_and_database(alice, alice_order, ivan):
    from inspection.models import Photo
    from integrations.models import OdooPosting, PostingState
    from tests.factories import add_inspection_photo

    ret = create_return(alice_order, alice.user)
    add_inspection_photo(ret.lines.first(), ivan)  # no worker ran: waits for its renditions
    OdooPosting.objects.create(request=ret, kind="receipt", reference=f"{ret.rma_number}/receipt",
                               created_at=timezone.now() - timedelta(minutes=10))
    OdooPosting.objects.create(request=ret, kind="credit_note", reference=f"{ret.rma_number}/credit_note",
                               state=PostingState.FAILED)
    Client().get("/healthz")
    text = scrape().content.decode()
    assert sample(text, "returnflow_returns", f'state="{ret.state}"') == 1
    assert sample(text, "returnflow_outbox_backlog", 'state="pending"') == 1
    assert sample(text, "returnflow_outbox_backlog", 'state="failed"') == 1
    assert sample(text, "returnflow_outbox_failed") == 1
    assert 590 < sample(text, "returnflow_outbox_oldest_unsent_age_seconds") < 3600
    waiting = Photo.objects.filter(status="processing").count()
    assert sample(text, "returnflow_photos_waiting_renditions") == waiting == 1
    assert sample(text, "returnflow_domain_metrics_up") == 1
    assert sample(text, "returnflow_http_requests_total", 'method="GET",status="200",view="healthz"') >= 1
    assert "returnflow_http_request_duration_seconds_bucket" in text
    assert "returnflow_db_query_duration_seconds_count" in text


@pytest.mark.django_db
def test_celery_tasks_are_counted():
    from integrations.tasks import odoo_outbox_drain
    from returnflow.metrics import TASKS

    before = TASKS.labels("integrations.tasks.odoo_outbox_drain", "success")._value.get()
    odoo_outbox_drain.apply()
    assert TASKS.labels("integrations.tasks.odoo_outbox_drain", "success")._value.get() == before + 1
    assert "returnflow_celery_tasks_total" in scrape().content.decode()


@pytest.mark.django_db
def test_json_logs_carry_the_request_id(settings):
    from returnflow.logs import logging_config

    config = logging_config("json", "INFO")
    formatter_config = dict(config["formatters"]["json"])
    formatter_class = formatter_config.pop("()")
    module, _, name = formatter_class.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(__import__("returnflow.logs", fromlist=["RequestIdFilter"]).RequestIdFilter())
    logger = logging.getLogger("returnflow.health")
    logger.addHandler(handler)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a failing check logs a warning
    try:
        Client().get("/readyz", HTTP_X_REQUEST_ID="req-42abc")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines and all(line["request_id"] == "req-42abc" for line in lines)
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "returnflow.health" and "time" in lines[0]


def test_only_one_beat_holds_the_fleet_lock():
    from returnflow.beat import BeatLock

    key = f"returnflow:test-beat-lock:{uuid.uuid4().hex}"
    first, second = BeatLock(REDIS_URL, ttl_seconds=1, key=key), BeatLock(REDIS_URL, ttl_seconds=1, key=key)
    try:
        assert first.acquire_or_renew() and not second.acquire_or_renew()
        assert first.acquire_or_renew()  # the holder renews
        second.release()  # a beat never releases another's lock
        assert first.holder() == first.token
        first.release()
        assert second.acquire_or_renew() and not first.acquire_or_renew()
        import time

        time.sleep(1.3)  # the holder died without releasing: the lease runs out, another beat takes over
        assert first.acquire_or_renew() and first.holder() == first.token
    finally:
        first.client.delete(key)


def test_two_beats_but_only_the_lock_holder_sends_the_schedule(tmp_path, monkeypatch, settings):
    """Two beat schedulers of one fleet (same broker and queue): the second sends nothing until the first
    goes away, then takes over."""
    from returnflow.beat import FleetLockScheduler
    from returnflow.celery import app

    queue = f"beat-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    monkeypatch.setenv("BEAT_LOCK_TTL_SECONDS", "2")
    sent = {"first": 0, "second": 0}

    def scheduler(name):
        beat = FleetLockScheduler(app=app, schedule_filename=str(tmp_path / name), lazy=True)
        beat.setup_schedule()
        beat.apply_entry = lambda entry, producer=None: sent.__setitem__(name, sent[name] + 1)
        for entry in beat.schedule.values():  # everything due now
            entry.last_run_at = timezone.now() - timedelta(days=1)
        return beat

    first, second = scheduler("first"), scheduler("second")
    try:
        first.tick()
        second.tick()
        assert first.lock.held and not second.lock.held
        assert sent["first"] >= 1 and sent["second"] == 0
        first.close()  # the holder stops (or dies: the lease runs out after BEAT_LOCK_TTL_SECONDS)
        second.tick()
        assert second.lock.held and sent["second"] >= 1
    finally:
        second.lock.client.delete(second.lock.key)
