"""The outbox sweeper inside the web process, for the embedded mode only.

With CELERY_BROKER_URL=memory:// (the default of `make run`) tasks run eagerly in the request
that commits them, and there is neither a delayed task nor a beat: a posting that failed
transiently logs "retry in 8 s" and then waits until someone runs `outbox_replay`. Here a daemon
thread in the web process runs the existing sweeper (`odoo_outbox_drain`) every
OUTBOX_SWEEP_SECONDS, which in this mode delivers every due posting there and then.

Started only by `runserver` (its serving child) and the usual WSGI/ASGI servers (WEB_SERVERS);
never under tests, for other management commands (migrate, shell, outbox_replay...), in scripts,
or with a real broker (workers + beat do it there). OUTBOX_INPROCESS_SWEEPER=0/1 overrides.
"""
import logging
import os
import sys
import threading

from django.conf import settings

log = logging.getLogger(__name__)
# Programs that serve the web app (anything else, e.g. a script or celery, does not sweep).
WEB_SERVERS = {"gunicorn", "uwsgi", "daphne", "uvicorn", "hypercorn", "waitress-serve", "mod_wsgi-express"}
_lock = threading.Lock()
_sweeper = None


def is_embedded_mode() -> bool:
    return settings.CELERY_BROKER_URL == "memory://" and bool(settings.CELERY_TASK_ALWAYS_EAGER)


def should_start(argv=None, environ=None, *, under_tests=None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    under_tests = "pytest" in sys.modules if under_tests is None else under_tests
    override = environ.get("OUTBOX_INPROCESS_SWEEPER")
    if override is not None:
        return override.strip().lower() in ("1", "true", "yes", "on") and is_embedded_mode()
    if not is_embedded_mode() or under_tests:
        return False
    program = os.path.basename(argv[0]) if argv else ""
    if program in ("manage.py", "django-admin") or program.endswith("manage.py"):
        command = argv[1] if len(argv) > 1 else ""
        # runserver's autoreloader imports the project twice; only its child (RUN_MAIN) serves.
        return command == "runserver" and (environ.get("RUN_MAIN") == "true" or "--noreload" in argv)
    return program in WEB_SERVERS


def sweep_once() -> int:
    """One pass of the sweeper; never raises (the thread must outlive any one failure)."""
    from django.db import close_old_connections

    from .tasks import odoo_outbox_drain

    close_old_connections()
    try:
        return odoo_outbox_drain()
    except Exception:  # noqa: BLE001 - logged, next pass tries again
        log.exception("In-process outbox sweep failed")
        return 0
    finally:
        close_old_connections()


class InProcessSweeper(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="outbox-sweeper", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.interval):
            sweep_once()

    def stop(self):
        self.stopped.set()


def sweep_interval() -> float:
    schedule = settings.CELERY_BEAT_SCHEDULE.get("outbox-drain", {}).get("schedule", 60)
    return float(getattr(schedule, "total_seconds", lambda: schedule)())


def start_sweeper(interval: float | None = None) -> InProcessSweeper:
    """Start the thread once per process (idempotent); answers it."""
    global _sweeper
    with _lock:
        if _sweeper is None or not _sweeper.is_alive():
            _sweeper = InProcessSweeper(interval or sweep_interval())
            _sweeper.start()
            log.info("Embedded mode: outbox sweeper runs in this process every %.0f s", _sweeper.interval)
        return _sweeper


def start_if_embedded():
    """Called from IntegrationsConfig.ready()."""
    if should_start():
        start_sweeper()


def stop_sweeper():
    global _sweeper
    with _lock:
        if _sweeper is not None:
            _sweeper.stop()
            _sweeper.join(timeout=5)
            _sweeper = None
