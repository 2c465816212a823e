"""How the busiest pages scale with history: the same requests at N and 10×N returns, side by side.

Builds a throw-away PostgreSQL database (returnflow_bench), fills it with refunded returns spread
over 90 days (rows written in bulk, like years of use, not through the services), and times the
support overview, the exceptions queue, the dashboard, the staff API list and one return's detail.
A ratio near 1 means the page does not grow with history; near 10 means it grows linearly.

    DATABASE_URL=postgres://returnflow:returnflow@127.0.0.1:5432/returnflow \
        .venv/bin/python bench/scale_bench.py        # writes bench/results/scale.txt
"""
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
base_url = os.environ.get("DATABASE_URL", "postgres://returnflow:returnflow@127.0.0.1:5432/returnflow")
os.environ["DATABASE_URL"] = base_url.rsplit("/", 1)[0] + "/returnflow_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.test_settings")

import django  # noqa: E402  (the database must be chosen before Django starts)

SMALL = int(os.environ.get("BENCH_SMALL", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
RESULTS = ROOT / "bench" / "results" / "scale.txt"


def recreate_database():
    import psycopg2

    admin = psycopg2.connect(base_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS returnflow_bench")
        cur.execute("CREATE DATABASE returnflow_bench")
    admin.close()


def fill(count, start):
    """`count` refunded returns (one line each) with their audit trail, spread over 90 days."""
    from django.utils import timezone

    from returns.models import ReturnEvent, ReturnLine, ReturnRequest
    from tests.factories import make_customer, make_order, make_product

    now = timezone.now()
    customer = make_customer(f"bench{start}")
    product = make_product(f"BENCH-{start}")
    steps = ["auto_review", "mark_shipped", "receive", "start_inspection", "complete_inspection",
             "release_refund", "mark_refunded"]
    states = ["requested", "authorized", "in_transit", "received", "inspecting", "inspected", "refund_approved",
              "refunded"]
    for chunk in range(0, count, 500):
        n = min(500, count - chunk)
        orders = [make_order(customer, [(product, 1, "50.00")], number=f"B{start + chunk + i:07d}") for i in range(n)]
        created = [now - timedelta(days=(chunk + i) % 90, hours=(chunk + i) % 24) for i in range(n)]
        rets = ReturnRequest.objects.bulk_create([
            ReturnRequest(rma_number=f"RMA-2026-{start + chunk + i:06d}", customer=customer, order=orders[i],
                          refund_amount=Decimal("60.50"), created_at=created[i], policy_results=[])
            for i in range(n)])
        ReturnRequest.objects.filter(pk__in=[r.pk for r in rets]).update(state="refunded")
        lines = ReturnLine.objects.bulk_create([
            ReturnLine(request=r, order_line=o.lines.first(), product=product, quantity_requested=1,
                       quantity_received=1, quantity_accepted=1, grade="A", disposition="restock")
            for r, o in zip(rets, orders, strict=True)])
        assert len(lines) == n
        ReturnEvent.objects.bulk_create([
            ReturnEvent(return_request=r, action=step, from_state=states[k], to_state=states[k + 1],
                        created_at=c + timedelta(hours=6 * (k + 1)))
            for r, c in zip(rets, created, strict=True) for k, step in enumerate(steps)])


def measure(client, urls):
    results = {}
    for label, url in urls:
        client.get(url)  # warm caches and connections
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[label] = statistics.median(samples)
    return results


def main():
    recreate_database()
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from returns.roles import SUPPORT
    from tests.factories import make_catalogue, make_user

    setup_test_environment()
    call_command("migrate", verbosity=0)
    make_catalogue()
    agent = make_user("bench-agent", SUPPORT)
    client = Client()
    client.force_login(agent)
    urls = [("support overview /support/", "/support/"),
            ("exceptions queue", "/support/queues/exceptions/"),
            ("dashboard (90 days)", "/support/dashboard/"),
            ("API list /api/returns/", "/api/returns/"),
            ("API list filtered by state", "/api/returns/?state=refunded"),
            ("one return's detail page", "/support/returns/RMA-2026-000001/")]
    fill(SMALL, 1)
    small = measure(client, urls)
    fill(SMALL * 9, SMALL + 1)
    large = measure(client, urls)
    lines = [f"scale_bench: median of {ROUNDS} requests each, in-process Django client on PostgreSQL",
             f"{SMALL} returns vs {SMALL * 10} returns (each with 1 line and 8 audit records)", "",
             f"{'page':<30} {SMALL:>6} ret. {SMALL * 10:>7} ret.   ratio"]
    for label, _url in urls:
        lines.append(f"{label:<30} {small[label]:7.1f} ms {large[label]:8.1f} ms   {large[label] / small[label]:5.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
