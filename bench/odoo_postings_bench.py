"""Odoo posting benchmark: round trips and client-side cost per posting, side by side in one run.

Runs the real posting handlers against the in-project Odoo test server on loopback. The server's
own work is tiny compared with real Odoo (a picking create costs ~76 ms there, a credit note
~0.5 s), so absolute times here measure the client and protocol overhead; the call counts are what
carries over to real Odoo, where each call costs at least ~20 ms.

    .venv/bin/python bench/odoo_postings_bench.py      # writes bench/results/odoo_postings.txt
"""
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.test_settings")

import django  # noqa: E402

django.setup()

from integrations.handlers import HANDLERS  # noqa: E402
from integrations.models import PostingKind  # noqa: E402
from integrations.odoo import OdooClient, OdooConfig  # noqa: E402
from odoo_testserver.server import DEFAULT_API_KEY, OdooTestServer  # noqa: E402
from integrations.targets import discover  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
RESULTS = ROOT / "bench" / "results" / "odoo_postings.txt"


def receipt_posting(fx, n):
    return SimpleNamespace(reference=f"RMA-BENCH-{n:06d}/receipt", attempts=1, payload={
        "odoo_partner_id": fx["partner"], "lines": [{
            "sku": "RET-WIDGET", "odoo_product_id": fx["product"], "quantity": 1,
            "odoo_sale_line_id": None, "odoo_delivered_move_id": None}]})


def client_for(srv, protocol):
    return OdooClient(OdooConfig(url=srv.url, db=srv.db, user="admin", api_key=DEFAULT_API_KEY, protocol=protocol))


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main():
    lines = [
        f"odoo_postings_bench: {ROUNDS} interleaved rounds, test server on loopback, "
        f"Python {sys.version.split()[0]}",
        "Absolute ms are client + protocol overhead (the test server's ORM is trivial); ratios are side by side.",
        "",
    ]
    srv18 = OdooTestServer(version=18)
    srv18.start()
    srv19 = OdooTestServer(version=19)
    srv19.start()
    servers = {18: srv18, 19: srv19}
    targets = [("18 xmlrpc", 18, "xmlrpc"), ("18 jsonrpc", 18, "jsonrpc"), ("19 json2", 19, "json2"),
               ("19 xmlrpc", 19, "xmlrpc")]
    clients = {name: client_for(servers[v], p) for name, v, p in targets}
    where = {name: discover(clients[name]) for name, _v, _p in targets}
    for name in where:
        where[name].locations["returns"] = servers[dict((n, v) for n, v, _ in targets)[name]].fixture["returns"]
    handler = HANDLERS[PostingKind.RECEIPT]
    times = {name: [] for name, _v, _p in targets}
    retry_times, fresh_client_times = [], []
    n = 0
    for _ in range(ROUNDS):
        for name, version, _protocol in targets:
            n += 1
            times[name].append(timed(lambda name=name, version=version, n=n: handler(
                clients[name], receipt_posting(servers[version].fixture, n), where[name], look_up_first=False)))
        # The retry path: the same posting again, looked up first and found done (no second document).
        n += 1
        posting = receipt_posting(srv18.fixture, n)
        handler(clients["18 xmlrpc"], posting, where["18 xmlrpc"], look_up_first=False)
        retry_times.append(timed(lambda posting=posting: handler(
            clients["18 xmlrpc"], posting, where["18 xmlrpc"], look_up_first=True)))
        # No keep-alive: a new client (and TCP connection, and login) per posting.
        n += 1
        fresh = client_for(srv18, "xmlrpc")
        fresh_client_times.append(timed(lambda fresh=fresh, n=n: handler(
            fresh, receipt_posting(srv18.fixture, n), where["18 xmlrpc"], look_up_first=False)))
        fresh.close()

    srv18.clear_log()
    handler(clients["18 xmlrpc"], receipt_posting(srv18.fixture, 10**6), where["18 xmlrpc"], look_up_first=False)
    calls = [(e.get("model"), e.get("method")) for e in srv18.request_log]
    writes = [c for c in calls if c[1] not in ("read", "search_read", "search", "search_count")]

    def row(label, values):
        values = sorted(values)
        p90 = values[int(len(values) * 0.9) - 1]
        return f"{label:<34} median {statistics.median(values):7.1f} ms   p90 {p90:7.1f} ms"

    lines.append(f"Full-quantity receipt: {len(calls)} calls, of which {len(writes)} writes: "
                 + ", ".join(f"{m}.{meth}" for m, meth in calls))
    lines.append("")
    for name in times:
        lines.append(row(f"receipt, {name}", times[name]))
    lines.append(row("retry of a done receipt (18 xmlrpc)", retry_times))
    lines.append(row("receipt, new connection + login", fresh_client_times))
    base = statistics.median(times["18 xmlrpc"])
    lines.append("")
    json2_vs_xmlrpc = statistics.median(times["19 json2"]) / statistics.median(times["19 xmlrpc"])
    lines.append(f"ratio json2 (19) / xmlrpc (19):            {json2_vs_xmlrpc:.2f}")
    lines.append(f"ratio jsonrpc / xmlrpc (18):               {statistics.median(times['18 jsonrpc']) / base:.2f}")
    lines.append(f"ratio retry (look-up first) / first post:  {statistics.median(retry_times) / base:.2f}")
    lines.append(f"ratio new connection per posting / reused: {statistics.median(fresh_client_times) / base:.2f}")
    for c in clients.values():
        c.close()
    srv18.stop()
    srv19.stop()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
