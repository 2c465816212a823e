"""A real Celery worker process on Redis, pointed at the test database and the Odoo test server."""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A returnflow worker -P solo -B` in its own process, with a queue of its own."""

    def __init__(self, odoo_settings: dict, log_dir: Path, **extra_env):
        self.queue = f"rf-test-{uuid.uuid4().hex[:10]}"
        self.log_dir = log_dir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "returnflow.test_settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "OUTBOX_SWEEP_SECONDS": "1",
            "OUTBOX_LEASE_SECONDS": "3",
            "OUTBOX_BACKOFF_BASE_SECONDS": "1",
            **{f"ODOO_{key}": str(value) for key, value in odoo_settings.items()},
            **extra_env,
        }
        self.proc = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(self.log_dir / f"worker-{self.starts}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "returnflow", "worker", "-P", "solo", "-B", "-Q", self.queue,
             "--loglevel=INFO", "-s", str(self.log_dir / f"beat-{self.starts}"), "--without-mingle",
             "--without-gossip"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            # Its own process group: the embedded beat is a child process that must die with it.
            start_new_session=True)
        return self

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self):
        """SIGKILL to the worker and its beat: no chance to finish, acknowledge or clean up, as when a
        machine dies."""
        if self.proc:
            self._signal_group(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            self._signal_group(signal.SIGKILL)  # whatever is left of the group, e.g. the beat child

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.log_dir.glob("worker-*.log")))


def send_tasks_to(worker: Worker):
    """Make this (pytest) process enqueue on the worker's Redis queue instead of running tasks inline.

    Celery caches the connection pool and the queues (app.amqp, with the default queue) on first use, and
    an earlier test in this process may have made another app current: back to ours, with both dropped,
    so what is sent next goes to the broker and queue configured now."""
    import importlib

    import integrations.tasks
    from returnflow.celery import app

    app.set_current()
    app.conf.update(task_always_eager=False, broker_url=REDIS_URL, task_default_queue=worker.queue,
                    broker_transport_options={"visibility_timeout": 5})
    app.close()
    app.__dict__.pop("amqp", None)
    if "integrations.tasks.odoo_posting_send" not in app.tasks:
        importlib.reload(integrations.tasks)  # its shared tasks register again, on the app now current


def run_tasks_inline():
    from returnflow.celery import app

    app.conf.update(task_always_eager=True)
    app.close()
    app.__dict__.pop("amqp", None)


def wait_for(predicate, timeout=40.0, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection.close()  # see the worker's commits, and survive a terminated connection
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
