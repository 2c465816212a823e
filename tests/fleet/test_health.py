"""/healthz and /readyz: ready only when the database (migrated), broker, cache and storage answer.

Outages are simulated without touching the machine's shared services: closed ports for PostgreSQL and
Redis, and a private moto server that the test stops.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.fleet.conftest import ACCESS_KEY, REGION, SECRET_KEY, MotoServer, free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture
def fleet_like(settings, s3_media):
    """Settings as on a fleet node: Redis broker and cache, S3 storage."""
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CACHES = redis_cache(REDIS_URL)
    return settings


def readyz():
    response = Client().get("/readyz")
    return response.status_code, response.json()


def test_healthz_answers_without_the_database():
    # No django_db mark: any database access in the view would raise here.
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_everything_answers(fleet_like):
    status, body = readyz()
    assert status == 200, body
    assert body["failed"] == [] and set(body["checks"]) == {"database", "migrations", "broker", "cache", "storage"}


@pytest.mark.django_db
def test_not_ready_when_redis_is_down(fleet_like):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    fleet_like.CELERY_BROKER_URL = closed
    fleet_like.CACHES = redis_cache(closed)
    status, body = readyz()
    assert status == 503
    assert body["failed"] == ["broker", "cache"]
    assert "Connection" in body["checks"]["cache"]["error"] or "refused" in body["checks"]["cache"]["error"]


@pytest.mark.django_db
def test_not_ready_when_storage_is_down(settings, tmp_path):
    from returnflow.storage_config import s3_storages

    server = MotoServer(tmp_path).start()  # its own server: stopping it disturbs no other test
    try:
        server.client().create_bucket(Bucket="media")
        settings.STORAGES = {**s3_storages(bucket="media", endpoint_url=server.endpoint, region=REGION,
                                           access_key=ACCESS_KEY, secret_key=SECRET_KEY),
                             "staticfiles": settings.STORAGES["staticfiles"]}
        assert readyz()[0] == 200
        server.stop()
        status, body = readyz()
        assert status == 503 and body["failed"] == ["storage"]
        assert body["checks"]["storage"]["ms"] < 15000
    finally:
        server.stop()


def test_not_ready_when_postgresql_is_unreachable(tmp_path):
    """A fresh process whose DATABASE_URL points at a closed port (the shared PostgreSQL keeps running)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "returnflow.test_settings", "MEDIA_ROOT": str(tmp_path),
           "DATABASE_URL": f"postgres://returnflow:returnflow@127.0.0.1:{free_port()}/returnflow",
           "DATABASE_OWNER_URL": "", "CACHE_URL": "", "CELERY_BROKER_URL": "memory://", "LOG_LEVEL": "CRITICAL"}
    script = ("import django, json; django.setup(); from django.test import Client; "
              "r = Client().get('/readyz'); h = Client().get('/healthz'); "
              "print(json.dumps([r.status_code, r.json(), h.status_code]))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    status, body, health = json.loads(out.stdout.strip().splitlines()[-1])
    assert status == 503 and body["failed"] == ["database", "migrations"], body
    assert "refused" in body["checks"]["database"]["error"].lower() or "connect" in body["checks"]["database"]["error"]
    assert health == 200  # alive, just not ready: an orchestrator must not restart it for this


def test_probes_skip_the_https_redirect_and_host_check(settings):
    """A kubelet probes plain HTTP by the pod's IP: a 301 to HTTPS would count as success, a 400 as failure."""
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/healthz", HTTP_HOST="10.42.0.17:8000")
    assert response.status_code == 200
    assert Client().get("/portal/", HTTP_HOST="10.42.0.17:8000").status_code == 400  # everything else checks


@pytest.mark.django_db
def test_readyz_names_failures_but_hides_their_details_from_strangers(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    body = Client().get("/readyz", REMOTE_ADDR="10.42.0.1").json()
    assert body["failed"] == ["broker"] and "error" not in body["checks"]["broker"]
