"""`make overload`: twice the sustainable rate for two minutes against gunicorn, then recovery (issue 12).

The stack is the lifecycle benchmark's (bench/lifecycle_bench.py: its own database, gunicorn with 2
workers, a real Celery worker, the Odoo sandbox), with the production load-shedding defaults
(returnflow/load_shedding.py). Three phases, all measured in this run:

1. Calibration: lifecycles by 4 closed-loop clients, as `make bench` runs them; the sustainable rate is
   what they reached (lifecycles/s, and the requests/s that make them up).
2. Overload, OVERLOAD_SECONDS (120): new lifecycles ARRIVE at OVERLOAD_FACTOR (2) times that rate,
   whatever the server's answers (open loop: a slower server does not slow the arrivals). A shopper
   whose create is shed goes away (told to come back later); staff whose step is shed wait Retry-After
   and send it again, as a client should.
3. Recovery: arrivals at half the sustainable rate for up to RECOVERY_SECONDS (75). `recovered_s` is the
   time from the end of the overload to the last request that was shed or slower than
   max(1 s, 3 × the calibration's p95).

Then every accepted lifecycle is let finish and the database is checked: each return whose create was
answered 201 exists and is at least where its client last saw it; its Odoo postings were all sent; no
shed create left a return behind (a shed request must have changed nothing). Every request is counted:
`ok` (2xx), `shed` (503 with Retry-After) and `errors` (anything else: 5xx, 503 without Retry-After, an
unexpected 4xx, a refused connection or a 30 s timeout). Last line:

    overload: requests=N ok=N shed=N errors=0 lost=0 recovered_s=N

Why not Locust: its users are closed loops, so an overloaded server slows the load it receives
(coordinated omission) and the shedding is never tested at the rate that was asked for; the check that
nothing accepted was lost reads PostgreSQL, which a load tool does not.
"""
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fleet_driver import ORDER, _at_or_after  # noqa: E402
from bench.lifecycle_bench import PG, Stack, percentile  # noqa: E402

OVERLOAD_SECONDS = float(os.environ.get("OVERLOAD_SECONDS", "120"))
RECOVERY_SECONDS = float(os.environ.get("RECOVERY_SECONDS", "75"))
FACTOR = float(os.environ.get("OVERLOAD_FACTOR", "2"))
CALIBRATION_LIFECYCLES = int(os.environ.get("OVERLOAD_CALIBRATION", "16"))
RESULTS = ROOT / "bench" / "results" / "overload.json"


def log(message):
    print(f"overload: {message}", file=sys.stderr, flush=True)


class Tally:
    """Every request's outcome, time and latency."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str, float]] = []  # (finished at, outcome, seconds)
        self.error_samples: list[str] = []

    def add(self, outcome: str, seconds: float, detail: str = ""):
        with self.lock:
            self.requests.append((time.monotonic(), outcome, seconds))
            if outcome == "error" and len(self.error_samples) < 20:
                self.error_samples.append(detail)

    def count(self, outcome=None, since=0.0, until=float("inf")) -> int:
        with self.lock:
            return sum(1 for at, kind, _ in self.requests if since <= at < until and (outcome in (None, kind)))


class Client:
    """One HTTP call, classified; no retries of its own (the shopper decides)."""

    def __init__(self, base_url: str, tally: Tally):
        self.base, self.tally = base_url, tally

    def call(self, method, path, token, body=None, headers=None) -> tuple[int, dict, float]:
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Token {token}", "Accept": "application/json",
                                                  "Content-Type": "application/json", "Prefer": "return=minimal",
                                                  **(headers or {})})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read() or b"{}")
                self.tally.add("ok", time.monotonic() - started)
                return response.status, answer, 0.0
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            retry_after = exc.headers.get("Retry-After", "")
            if exc.code == 503 and retry_after.isdigit():
                self.tally.add("shed", time.monotonic() - started)
                return 503, {}, float(retry_after)
            self.tally.add("error", time.monotonic() - started, f"{method} {path}: {exc.code} {raw[:200]!r}")
            return exc.code, {}, 0.0
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            self.tally.add("error", time.monotonic() - started, f"{method} {path}: {exc!r}")
            return 0, {}, 0.0


class Shopper:
    """One order's return from create to closed; what the server accepted is remembered for the check."""

    def __init__(self, client: Client, tokens: dict, order: dict, ledger: "Ledger"):
        self.client, self.tokens, self.order, self.ledger = client, tokens, order, ledger
        self.key = f"overload-{uuid.uuid4().hex}"

    def run(self):
        body = {"order": self.order["number"],
                "lines": [{"order_line": i, "quantity": 1, "reason": "changed_mind"} for i in self.order["line_ids"]]}
        status, created, _ = self.client.call("POST", "/api/returns/", self.tokens["customer"], body,
                                              {"Idempotency-Key": self.key})
        if status == 503:
            self.ledger.shed_create(self.key)
            return
        if status != 201:
            raise RuntimeError(f"create {self.order['number']}: {status}")
        rma = created["rma_number"]
        self.ledger.accepted(self.key, rma, created["state"])
        url = f"/api/returns/{rma}/"
        lines = [line["id"] for line in created["lines"]]
        self.step(rma, "customer", url + "mark-shipped/", {"carrier": "DHL", "tracking_number": f"O{rma[-6:]}"})
        self.step(rma, "inspector", url + "receive/", {"lines": [{"id": i, "quantity_received": 1} for i in lines]})
        self.step(rma, "inspector", url + "start-inspection/", {})
        for line_id in lines:
            self.step(rma, "inspector", url + f"lines/{line_id}/inspect/",
                      {"grade": "A", "disposition": "restock", "quantity_accepted": 1})
        self.step(rma, "inspector", url + "complete-inspection/", {})
        self.step(rma, "support", url + "release-refund/", {"note": "overload"})
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status, answer, wait = self.client.call("GET", url, self.tokens["support"])
            if status == 200 and _at_or_after(answer.get("state", ""), "refunded"):
                break
            time.sleep(wait * random.uniform(1, 1.5) if status == 503 else 0.5)
        else:
            raise TimeoutError(f"{rma} was not refunded within 300 s")
        self.step(rma, "support", url + "close/", {})

    def step(self, rma, role, path, body):
        """Sent until answered: a shed step changed nothing, so sending it again is safe."""
        for _ in range(200):
            status, answer, wait = self.client.call("POST", path, self.tokens[role], body)
            if status == 503:
                time.sleep(wait * random.uniform(1, 1.5))
                continue
            if status != 200:
                raise RuntimeError(f"{rma} {path}: {status}")
            if "state" in answer:
                self.ledger.accepted(self.key, rma, answer["state"])
            return
        raise RuntimeError(f"{rma} {path}: shed 200 times")


class Ledger:
    """What the clients were told: accepted returns and their last state, and the creates that were shed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen: dict[str, tuple[str, str]] = {}
        self.shed_keys: list[str] = []
        self.failures: list[str] = []

    def accepted(self, key, rma, state):
        with self.lock:
            previous = self.seen.get(key, (rma, state))[1]
            self.seen[key] = (rma, state if ORDER.index(state) >= ORDER.index(previous) else previous)

    def shed_create(self, key):
        with self.lock:
            self.shed_keys.append(key)

    def failed(self, detail):
        with self.lock:
            self.failures.append(detail)


def arrivals(pool, make, rate: float, seconds: float, orders) -> int:
    """Starts `make(order)` every 1/rate seconds for `seconds`, on the clock, never waiting for answers."""
    started, sent = time.monotonic(), 0
    while True:
        due = started + sent / rate
        if due - started >= seconds:
            return sent
        time.sleep(max(0.0, due - time.monotonic()))
        try:
            order = next(orders)
        except StopIteration:
            log("ran out of seeded orders: arrivals stopped early")
            return sent
        pool.submit(make, order)
        sent += 1


def check_database(db: str, ledger: Ledger) -> dict:
    import psycopg2

    conn = psycopg2.connect(dbname=db, user="returnflow", **PG)
    with conn.cursor() as cursor:
        cursor.execute("SELECT idempotency_key, state FROM returns_returnrequest WHERE idempotency_key LIKE 'overload-%%'")
        stored = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM integrations_odooposting WHERE state <> 'sent'")
        unsent = cursor.fetchone()[0]
    conn.close()
    missing = [rma for key, (rma, _) in ledger.seen.items() if key not in stored]
    behind = [rma for key, (rma, state) in ledger.seen.items()
              if key in stored and not _at_or_after(stored[key], state)]
    phantom = [key for key in ledger.shed_keys if key in stored]
    return {"accepted": len(ledger.seen), "missing": missing, "behind": behind, "phantom_after_shed": phantom,
            "unsent_postings": unsent, "closed": sum(1 for state in stored.values() if state == "closed")}


def wait_for_outbox(db: str, seconds: float):
    import psycopg2

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn = psycopg2.connect(dbname=db, user="returnflow", **PG)
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM integrations_odooposting WHERE state <> 'sent'")
            if cursor.fetchone()[0] == 0:
                conn.close()
                return
        conn.close()
        time.sleep(2)


def run(stack: Stack, seeded: dict) -> dict:
    base_url = f"http://127.0.0.1:{stack.ports['web']}"
    tally, ledger = Tally(), Ledger()
    client = Client(base_url, tally)
    orders = iter(seeded["orders"])

    def lifecycle(order):
        try:
            Shopper(client, seeded["tokens"], order, ledger).run()
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            ledger.failed(f"{order['number']}: {exc}")

    # 1. Calibration: 4 closed-loop clients.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lifecycle, [next(orders) for _ in range(2)]))  # warm-up
        calibration_start, before = time.monotonic(), tally.count()
        list(pool.map(lifecycle, [next(orders) for _ in range(CALIBRATION_LIFECYCLES)]))
        calibration_s = time.monotonic() - calibration_start
    with tally.lock:
        latencies = [seconds for at, _, seconds in tally.requests[before:]]
    sustainable = CALIBRATION_LIFECYCLES / calibration_s
    sustainable_rps = len(latencies) / calibration_s
    slow = max(1.0, 3 * percentile(latencies, 95))
    log(f"sustainable: {sustainable:.2f} lifecycles/s, {sustainable_rps:.1f} requests/s, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms (slow means > {slow:.2f} s)")

    with ThreadPoolExecutor(max_workers=900) as pool:
        # 2. Overload: arrivals at FACTOR × the sustainable rate, open loop.
        overload_start = time.monotonic()
        offered = arrivals(pool, lifecycle, FACTOR * sustainable, OVERLOAD_SECONDS, orders)
        overload_end = time.monotonic()
        overload_requests = tally.count(since=overload_start, until=overload_end)
        log(f"overload: {offered} lifecycles arrived in {overload_end - overload_start:.0f} s "
            f"({offered / (overload_end - overload_start):.2f}/s), {overload_requests} requests "
            f"({overload_requests / (overload_end - overload_start):.1f}/s), "
            f"{tally.count('shed', overload_start, overload_end)} shed")
        # 3. Recovery: half the sustainable rate.
        arrivals(pool, lifecycle, sustainable / 2, RECOVERY_SECONDS, orders)
        recovery_end = time.monotonic()
        with tally.lock:
            late = [at for at, kind, seconds in tally.requests
                    if at >= overload_end and (kind == "shed" or seconds > slow)]
        recovered_s = max(0.0, max(late, default=overload_end) - overload_end)
        log(f"recovered {recovered_s:.1f} s after the overload ended; letting the accepted lifecycles finish")
    drained_at = time.monotonic()
    wait_for_outbox(stack.db, 120)
    check = check_database(stack.db, ledger)
    lost = len(check["missing"]) + len(check["behind"]) + check["unsent_postings"]
    errors = tally.count("error") + len(ledger.failures) + len(check["phantom_after_shed"])
    return {"sustainable_lifecycles_per_s": round(sustainable, 3), "sustainable_requests_per_s": round(sustainable_rps, 1),
            "factor": FACTOR, "overload_seconds": OVERLOAD_SECONDS, "lifecycles_offered": offered,
            "overload_requests_per_s": round(overload_requests / (overload_end - overload_start), 1),
            "requests": tally.count(), "ok": tally.count("ok"), "shed": tally.count("shed"), "errors": errors,
            "lost": lost, "recovered_s": round(recovered_s, 1), "recovery_window_s": round(recovery_end - overload_end),
            "drain_s": round(drained_at - recovery_end, 1), "database": check | {
                "missing": check["missing"][:10], "behind": check["behind"][:10],
                "phantom_after_shed": check["phantom_after_shed"][:10]},
            "error_samples": tally.error_samples, "failures": ledger.failures[:20], "shed_creates": len(ledger.shed_keys)}


def main() -> int:
    stack = Stack()
    needed = int(os.environ.get("OVERLOAD_ORDERS", "1500"))
    try:
        log(f"seeding {needed} orders and starting gunicorn, a worker and the Odoo sandbox")
        result = run(stack, stack.up(needed))
    finally:
        stack.down()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    log(f"details in {RESULTS.relative_to(ROOT)}")
    print(f"overload: requests={result['requests']} ok={result['ok']} shed={result['shed']} "
          f"errors={result['errors']} lost={result['lost']} recovered_s={result['recovered_s']:g}", flush=True)
    return 0 if not result["errors"] and not result["lost"] and result["recovered_s"] <= 60 else 1


if __name__ == "__main__":
    sys.exit(main())
