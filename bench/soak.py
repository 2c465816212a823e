"""`make soak`: a few thousand postings through real Celery workers into the Odoo test server, with faults.

What it does, bounded by SOAK_TIMEOUT_SECONDS (default 585, under the issue's 10 minutes):

- its own PostgreSQL (initdb in a temporary folder, its own port; tests/disruptive/private_postgres.py),
  migrated as the owner role and used as the app role, so restarting it disturbs nobody;
- the Odoo test server in this process (XML-RPC, as Odoo 18), with every call slowed by
  SOAK_ODOO_LATENCY (0.01 s a call) and the run's orders mirrored into it;
- SOAK_RETURNS returns (default 200) each taken to refund release in this process, which writes 6
  postings per return into the outbox: receipt, disposition, inspection evidence, credit note, refund
  payment, breakdown PDF;
- SOAK_WORKERS (3) real Celery workers (`-P solo`, one queue of the run's own on Redis DB SOAK_REDIS_DB) deliver them
  while the chaos thread injects, in proportion to the calls Odoo receives, 5 % HTTP 500 and 2 % "applied,
  then the connection dropped" (the write happened, the answer never came), restarts the Odoo test server
  twice (its listener goes away and comes back on the same port; its data survives, as Odoo's database
  would), SIGKILLs a worker every minute (restarted at once), and restarts the private PostgreSQL once.

At the end it counts, in the Odoo test server's own records (bench/fleet_odoo_count.py), the documents of
every posting reference: a reference with no document is lost, one with two is duplicated. Last line:

    soak: postings=N delivered=N duplicated=0 lost=0 faults=N
"""
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.disruptive.private_postgres import APP_ROLE, OWNER_ROLE, PrivatePostgres, _bin  # noqa: E402

RETURNS = int(os.environ.get("SOAK_RETURNS", "200"))
TIMEOUT = int(os.environ.get("SOAK_TIMEOUT_SECONDS", "585"))
LATENCY = float(os.environ.get("SOAK_ODOO_LATENCY", "0.01"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('SOAK_REDIS_DB', '3')}"


def log(message):
    print(f"soak: {message}", flush=True)


def start_database(base: Path) -> PrivatePostgres:
    import subprocess

    server = PrivatePostgres(base / "pg").start()
    database = "returnflow_soak"
    server._run(_bin("createdb"), "-h", "127.0.0.1", "-p", server.port, "-U", OWNER_ROLE, database)
    os.environ.update(DATABASE_URL=server.url(APP_ROLE, database), DATABASE_OWNER_URL=server.url(OWNER_ROLE, database))
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "returnflow.test_settings"})
    return server


def configure_django(queue: str, odoo_url: str):
    os.environ.update(DJANGO_SETTINGS_MODULE="returnflow.test_settings", CELERY_BROKER_URL=REDIS_URL,
                      CELERY_TASK_ALWAYS_EAGER="0", CELERY_TASK_DEFAULT_QUEUE=queue, ODOO_URL=odoo_url,
                      ODOO_DB="returns_lab", ODOO_USER="admin", ODOO_PROTOCOL="xmlrpc",
                      MEDIA_ROOT=tempfile.mkdtemp(prefix="rf-soak-media-"))
    from odoo_testserver.server import DEFAULT_API_KEY

    os.environ["ODOO_API_KEY"] = DEFAULT_API_KEY
    import django

    django.setup()


def seed_returns(count: int) -> int:
    """Orders mirrored into Odoo, returns taken to refund release here: their postings wait in the outbox."""
    from bench.fleet_seed import seed
    from django.contrib.auth import get_user_model
    from returns.services.creation import LineInput, return_create
    from returns.services.lifecycle import return_release_refund
    from tests.factories import inspect_all, receive_all

    seeded = seed(count)
    users = get_user_model().objects
    customer, inspector, support = (users.get(username=name) for name in
                                    ("fleet-customer", "fleet-inspector", "fleet-support"))
    from returns.models import SalesOrder

    for order in SalesOrder.objects.filter(number__in=[o["number"] for o in seeded["orders"]]).order_by("number"):
        line = order.lines.get()
        ret = return_create(order=order, actor=customer, lines=[LineInput(line.pk, 1, "changed_mind")])
        inspect_all(receive_all(ret, inspector), inspector)
        return_release_refund(return_id=ret.pk, actor=support)
    from integrations.models import OdooPosting

    return OdooPosting.objects.count()


class Chaos(threading.Thread):
    """Faults in proportion to Odoo's calls, two Odoo restarts, a worker killed each minute, one PostgreSQL restart."""

    def __init__(self, odoo, workers, database, stop: threading.Event):
        super().__init__(daemon=True)
        self.odoo, self.workers, self.database, self.stop = odoo, workers, database, stop
        self.injected = {"http500": 0, "apply_then_drop": 0, "odoo_restart": 0, "worker_kill": 0, "pg_restart": 0}

    def run(self):
        started = time.monotonic()
        seen_calls, owed = 0, {"http500": 0.0, "apply_then_drop": 0.0}
        plan = {15: "odoo", 35: "pg", 70: "odoo"}
        next_kill = 25  # then every minute
        while not self.stop.wait(0.5):
            elapsed = time.monotonic() - started
            entries = self.odoo.log.entries()
            calls = entries[-1]["seq"] if entries else 0
            fresh, seen_calls = calls - seen_calls, calls
            for mode, rate, method in (("http500", 0.05, None), ("apply_then_drop", 0.02, "create")):
                owed[mode] += fresh * rate
                while owed[mode] >= 1:
                    owed[mode] -= 1
                    self.odoo.add_fault(mode, count=1, method=method)
                    self.injected[mode] += 1
            first_rules_first(self.odoo)
            for at, what in list(plan.items()):
                if elapsed >= at:
                    del plan[at]
                    self.restart(what)
            if elapsed >= next_kill:
                next_kill += 60
                worker = self.workers[self.injected["worker_kill"] % len(self.workers)]
                worker.kill()
                worker.start()
                self.injected["worker_kill"] += 1
                log(f"SIGKILLed and restarted a worker at {elapsed:.0f} s")

    def restart(self, what):
        if what == "odoo":
            self.odoo.stop()
            time.sleep(2)
            self.odoo.start()  # same port: requested_port was fixed at start
            self.injected["odoo_restart"] += 1
            log("restarted the Odoo test server")
        else:
            self.database.restart()
            self.injected["pg_restart"] += 1
            log("restarted PostgreSQL (the soak's own)")

    def faults(self) -> int:
        """Faults that really hit a call (a one-shot rule is gone once used), plus restarts and kills."""
        waiting = sum(1 for rule in self.odoo.faults.rules() if rule["count"] is not None)
        used = self.injected["http500"] + self.injected["apply_then_drop"] - waiting
        return used + self.injected["odoo_restart"] + self.injected["worker_kill"] + self.injected["pg_restart"]


def first_rules_first(odoo):
    """The test server applies the first matching rule: one-shot faults go before the standing latency."""
    with odoo.faults._lock:
        odoo.faults._rules.sort(key=lambda rule: rule.count is None)


def main() -> int:
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("soak: out of time")))
    signal.alarm(TIMEOUT)
    base = Path(tempfile.mkdtemp(prefix="rf-soak-"))
    queue = f"soak-{uuid.uuid4().hex[:8]}"
    database = odoo = None
    workers = []
    stop = threading.Event()
    try:
        database = start_database(base)
        from odoo_testserver.server import OdooTestServer

        odoo = OdooTestServer(version=18)
        odoo.start()
        odoo.requested_port = odoo.port  # restarts come back on the same port
        configure_django(queue, odoo.url)
        started = time.monotonic()
        postings = seed_returns(RETURNS)
        from odoo_testserver.management.commands.odoo_sandbox import mirror_demo_data

        with odoo.store.lock:
            mirror_demo_data(odoo.store)
            odoo.store.add_returns_area()
        log(f"{RETURNS} returns released, {postings} postings waiting ({time.monotonic() - started:.0f} s)")
        odoo.add_fault("slow", count=None, seconds=LATENCY)

        from tests.integrations.worker import Worker

        settings = {"URL": odoo.url, "DB": odoo.db, "USER": "admin", "API_KEY": os.environ["ODOO_API_KEY"],
                    "PROTOCOL": "xmlrpc", "READ_TIMEOUT": 3}
        for index in range(WORKERS):
            worker = Worker(settings, base, OUTBOX_MAX_BACKOFF_SECONDS="4")
            worker.queue = queue
            worker.env["CELERY_TASK_DEFAULT_QUEUE"] = queue
            worker.env["CELERY_BROKER_URL"] = REDIS_URL
            worker.log_dir = base / f"w{index}"
            worker.log_dir.mkdir()
            workers.append(worker.start())
        chaos = Chaos(odoo, workers, database, stop)
        chaos.start()

        from django.db import OperationalError, connection

        from integrations.models import OdooPosting, PostingState

        deadline = started + TIMEOUT - 45
        unsent = postings
        while time.monotonic() < deadline:
            time.sleep(3)
            try:
                unsent = OdooPosting.objects.exclude(state=PostingState.SENT).count()
            except OperationalError:
                connection.close()  # our own PostgreSQL restarting
                continue
            if unsent == 0 and not chaos.is_alive() or unsent == 0 and time.monotonic() - started > 100:
                break
        stop.set()
        chaos.join(5)
        odoo.clear_faults()
        from bench.fleet_odoo_count import count_documents

        documents, duplicated_attachments = count_documents(odoo.url, odoo.db, os.environ["ODOO_API_KEY"])
        references = list(OdooPosting.objects.values_list("reference", flat=True))
        delivered = sum(1 for ref in references if documents[ref] >= 1)
        duplicated = sum(documents[ref] - 1 for ref in references if documents[ref] > 1) + sum(
            n - 1 for n in duplicated_attachments.values())
        lost = len(references) - delivered
        if unsent or lost:
            log(f"{unsent} postings still unsent; not in Odoo: "
                f"{[ref for ref in references if documents[ref] == 0][:5]}")
        log(f"injected {chaos.injected}")
        print(f"soak: postings={len(references)} delivered={delivered} duplicated={duplicated} lost={lost} "
              f"faults={chaos.faults()}", flush=True)
        return 0 if not duplicated and not lost else 1
    finally:
        signal.alarm(0)
        stop.set()
        for worker in workers:
            worker.stop()
        if odoo is not None:
            odoo.stop()
        if database is not None:
            database.stop()
        try:
            import redis

            redis.Redis.from_url(REDIS_URL).delete(queue, f"_kombu.binding.{queue}")
        except Exception:  # noqa: BLE001 - the run's own keys, harmless if left
            pass


if __name__ == "__main__":
    sys.exit(main())
