import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.settings")

app = Celery("returnflow")
# Every Celery setting comes from Django settings prefixed CELERY_, themselves read from the environment.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task counts and durations for Prometheus (and CELERY_METRICS_PORT to serve them from the worker).
from . import celery_metrics  # noqa: E402,F401
