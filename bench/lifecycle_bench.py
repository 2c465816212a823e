"""Full lifecycles over the REST API at 1, 4 and 8 clients, measured from outside (issue 11).

Brings up, all on loopback and all of this run's own: a PostgreSQL database with a unique name (made and
migrated as the owner role, used as the app role), gunicorn with 2 workers, one Celery worker
(`-c 2`) on Redis with a queue of its own, and the Odoo test sandbox mirroring the seeded orders.
Each client takes returns from create to closed (no photos), as the customer, the inspector and
support would (bench/fleet_driver.py's steps), asking `Prefer: return=minimal`; the run waits for
Odoo to confirm each refund. Records every request's latency per endpoint and the release-to-refunded
lag. Prints one JSON object (bench/run_all.py keeps it); everything it started is stopped and its
database dropped, also on failure.

    .venv/bin/python bench/lifecycle_bench.py [--clients 1,4,8] [--rounds 3] [--per-client 5]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fleet import free_port, wait_http  # noqa: E402  (the fleet's process helpers, shared)
from odoo_testserver.server import DEFAULT_API_KEY  # noqa: E402
from bench.fleet_driver import Api, Lifecycle, Outages, _at_or_after  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
PG = {"host": "127.0.0.1", "port": int(os.environ.get("BENCH_PG_PORT", "5432")), "password": "returnflow"}
ODOO_API_KEY = DEFAULT_API_KEY  # the sandbox admin's key


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def endpoint(method: str, path: str) -> str:
    path = re.sub(r"RMA-\d{4}-\d{6}", "<rma>", path.split("?")[0])
    return f"{method} " + re.sub(r"/\d+/", "/<id>/", path)


class TimedApi(Api):
    """Fleet's API client, timing every call by endpoint and asking for the slim transition answer."""

    def __init__(self, base_url, outages):
        super().__init__(base_url, outages, step_deadline=30)
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def call(self, method, path, token, body=None, headers=None, **extra):
        started = time.perf_counter()
        status, answer = super().call(method, path, token, body, {"Prefer": "return=minimal", **(headers or {})},
                                      **extra)
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies.setdefault(endpoint(method, path), []).append(elapsed)
            if status >= 500:
                self.errors.append(f"{method} {path}: {status}")
        return status, answer


class TimedLifecycle(Lifecycle):
    """One order to a closed return, with no photos, as issue 11 measures it. Its own steps (fleet's
    lifecycle uploads photos); the refund wait is polled finely enough to measure the lag."""

    lags: list[float]

    def run(self) -> str:
        created = self._create()
        self.rma = created["rma_number"]
        url = f"/api/returns/{self.rma}/"
        line_ids = [line["id"] for line in created["lines"]]
        self._move("customer", url + "mark-shipped/", {"carrier": "DHL", "tracking_number": f"B{self.rma[-6:]}"},
                   "in_transit")
        self._move("inspector", url + "receive/", {"lines": [{"id": i, "quantity_received": 1} for i in line_ids]},
                   "received")
        self._move("inspector", url + "start-inspection/", {}, "inspecting")
        for line_id in line_ids:
            status, body = self.api.call("POST", url + f"lines/{line_id}/inspect/", self.tokens["inspector"],
                                         {"grade": "A", "disposition": "restock", "quantity_accepted": 1})
            if status != 200:
                raise RuntimeError(f"{self.rma} inspect line {line_id}: {status} {body}")
        self._move("inspector", url + "complete-inspection/", {}, "inspected")
        self._move("support", url + "release-refund/", {"note": "bench"}, "refund_approved")
        self._wait_for_refund()
        self._move("support", url + "close/", {}, "closed")
        return self.rma

    def _move(self, role, path, body, target):
        status, answer = self.api.call("POST", path, self.tokens[role], body)
        if status != 200 or answer.get("state") != target:
            raise RuntimeError(f"{self.rma} {path}: {status} {answer}")

    def _wait_for_refund(self):
        started, deadline = time.monotonic(), time.monotonic() + self.refund_timeout
        while time.monotonic() < deadline:
            status, body = self.api.call("GET", f"/api/returns/{self.rma}/", self.tokens["support"])
            if status == 200 and _at_or_after(body.get("state", ""), "refunded"):
                self.lags.append(time.monotonic() - started)
                return
            time.sleep(0.1)
        raise TimeoutError(f"{self.rma} was not refunded within {self.refund_timeout} s")


class Stack:
    """The services of one run; `down()` stops them and drops the database."""

    def __init__(self):
        self.run_id = uuid.uuid4().hex[:8]
        self.dir = Path(f"/tmp/returnflow-bench-{self.run_id}")
        self.dir.mkdir(parents=True)
        self.db = f"returnflow_bench_{self.run_id}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.ports = {"web": free_port(), "odoo": free_port()}
        redis_url = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '13')}"
        self.queue = f"bench-{self.run_id}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_", "ODOO_", "MEDIA_"))},
            "DJANGO_SETTINGS_MODULE": "returnflow.settings", "SECRET_KEY": f"bench-{uuid.uuid4().hex}",
            "DJANGO_DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DATABASE_URL": f"postgres://returnflow:returnflow@127.0.0.1:{PG['port']}/{self.db}",
            "DATABASE_OWNER_URL": f"postgres://returnflow_owner:returnflow@127.0.0.1:{PG['port']}/{self.db}",
            "DATABASE_CONN_MAX_AGE": os.environ.get("BENCH_CONN_MAX_AGE", "60"),
            "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url, "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": "30", "OUTBOX_SWEEP_SECONDS": "60", "OUTBOX_LEASE_SECONDS": "30",
            "MEDIA_ROOT": str(self.dir / "media"),
            "ODOO_URL": f"http://127.0.0.1:{self.ports['odoo']}", "ODOO_DB": "returns_lab", "ODOO_USER": "admin",
            "ODOO_API_KEY": ODOO_API_KEY, "ODOO_PROTOCOL": "xmlrpc", "ODOO_READ_TIMEOUT": "10",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, name, argv, **env):
        log = open(self.dir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env={**self.env, **env}, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self.procs[name]

    def pg(self, sql):
        import psycopg2

        conn = psycopg2.connect(dbname="postgres", user="returnflow_owner", **PG)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    def up(self, orders: int) -> dict:
        self.pg(f'CREATE DATABASE "{self.db}" OWNER returnflow_owner')
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=self.env, check=True)
        seeded = json.loads(subprocess.run([PY, "bench/fleet_seed.py", str(orders)], cwd=ROOT, env=self.env,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        self.start("odoo", [PY, "manage.py", "odoo_sandbox", "--port", str(self.ports["odoo"])])
        wait_http(f"http://127.0.0.1:{self.ports['odoo']}/web/version", 120, self.procs["odoo"])
        (self.dir / "prometheus").mkdir()
        self.start("web", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], WEB_CONCURRENCY="2",
                   PROMETHEUS_MULTIPROC_DIR=str(self.dir / "prometheus"),
                   GUNICORN_BIND=f"127.0.0.1:{self.ports['web']}", GUNICORN_ACCESSLOG=str(self.dir / "access.log"))
        self.start("worker", [PY, "-m", "celery", "-A", "returnflow", "worker", "-c", "2", "-Q", self.queue,
                              "-n", f"bench@{self.run_id}", "--without-mingle", "--without-gossip",
                              "--loglevel=WARNING"])
        wait_http(f"http://127.0.0.1:{self.ports['web']}/readyz", 90, self.procs["web"])
        return seeded

    def down(self):
        import signal

        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(proc.pid, signal.SIGKILL)
        try:
            self.pg(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001 - say so, never hide a left-over
            print(f"lifecycle_bench: could not drop {self.db}: {exc}", file=sys.stderr)


def run_level(base_url, tokens, orders, clients) -> dict:
    """`len(orders)` lifecycles by `clients` threads; lifecycles/s, per-endpoint latencies, lags."""
    api, lags, errors = TimedApi(base_url, Outages()), [], []
    lock = threading.Lock()

    def one(order):
        lifecycle = TimedLifecycle(api, tokens, order, refund_timeout=60)
        lifecycle.lags = lags
        try:
            lifecycle.run()
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"{order['number']}: {exc}")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, orders))
    seconds = time.monotonic() - started
    per_endpoint = {name: {"n": len(ms), "p50_ms": round(statistics.median(ms), 1),
                           "p95_ms": round(percentile(ms, 95), 1), "p99_ms": round(percentile(ms, 99), 1)}
                    for name, ms in sorted(api.latencies.items())}
    return {"clients": clients, "lifecycles": len(orders) - len(errors), "seconds": round(seconds, 2),
            "lifecycles_per_s": round((len(orders) - len(errors)) / seconds, 3), "endpoints": per_endpoint,
            "p95_ms_max": max(e["p95_ms"] for e in per_endpoint.values()) if per_endpoint else None,
            "lag_p50_s": round(statistics.median(lags), 2) if lags else None,
            "lag_p95_s": round(percentile(lags, 95), 2) if lags else None,
            "errors": errors + api.errors}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", default=os.environ.get("BENCH_CLIENTS", "1,4,8"))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--per-client", type=int, default=int(os.environ.get("BENCH_PER_CLIENT", "5")))
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    needed = sum(args.rounds * args.per_client * c for c in levels) + 2
    stack = Stack()
    try:
        seeded = stack.up(needed)
        base_url = f"http://127.0.0.1:{stack.ports['web']}"
        orders = iter(seeded["orders"])
        run_level(base_url, seeded["tokens"], [next(orders) for _ in range(2)], 1)  # warm-up, not counted
        results = []
        for clients in levels:
            for round_no in range(args.rounds):
                level = run_level(base_url, seeded["tokens"], [next(orders) for _ in range(args.per_client * clients)],
                                  clients)
                level["round"] = round_no + 1
                print(f"lifecycle_bench: c{clients} round {round_no + 1}: {level['lifecycles_per_s']} lifecycles/s, "
                      f"p95 max {level['p95_ms_max']} ms, lag p95 {level['lag_p95_s']} s, "
                      f"{len(level['errors'])} errors", file=sys.stderr, flush=True)
                results.append(level)
        print(json.dumps({"database": stack.db, "levels": results,
                          "command": " ".join([PY, *sys.argv])}))
        return 0
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
