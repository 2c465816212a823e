import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.settings")

app = Celery("returnflow")
# Every Celery setting comes from Django settings prefixed CELERY_, themselves read from the environment.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
