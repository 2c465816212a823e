"""Do pages stay flat as history grows? The same requests at 10 000 returns and at a top size (issue 11).

Makes a database of this run's own (unique name, migrated as the owner role, used as the app role),
bulk-seeds SMALL returns (bulk_create in batches: a customer per 10 returns, an order and a line per
return, two audit rows and one sent outbox posting each, spread over two years, most closed), times
each request ROUNDS times in-process (Django's test client, so only the app and the database count),
grows the history to TOP and times again. The active queues stay the same size, as in a real shop
whose history grows. Prints one JSON object; drops its database at the end, also on failure.

    .venv/bin/python bench/growth_bench.py [--small 10000] [--top 50000] [--rounds 7]

The default top is 50 000 (about a minute of seeding on 2 cores) so that `make bench` stays under 10
minutes; `make bench-full` runs 1 000 000 (seeding alone takes about 15-20 minutes there).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUN_DB = f"returnflow_growth_{uuid.uuid4().hex[:8]}"
PG = "postgres://{user}:returnflow@127.0.0.1:5432/{db}"
os.environ["DATABASE_URL"] = PG.format(user="returnflow", db=RUN_DB)
os.environ["DATABASE_OWNER_URL"] = PG.format(user="returnflow_owner", db=RUN_DB)
os.environ["DJANGO_SETTINGS_MODULE"] = "returnflow.test_settings"
os.environ.setdefault("ODOO_URL", "")  # order lookups read the local snapshot only
BATCH = 5000


def owner_sql(sql: str):
    import psycopg2

    conn = psycopg2.connect(PG.format(user="returnflow_owner", db="postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def seed(start: int, count: int, product, staff):
    """Returns start … start+count-1 of the history, in batches of BATCH."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from integrations.models import OdooPosting, PostingKind, PostingState
    from returns.models import Customer, ReturnEvent, ReturnLine, ReturnRequest, SalesOrder, SalesOrderLine

    User, now = get_user_model(), timezone.now()
    for first in range(start, start + count, BATCH):
        ids = range(first, min(first + BATCH, start + count))
        new_customers = [i for i in ids if i % 10 == 0]
        users = User.objects.bulk_create([User(username=f"g{i}", password="!", email=f"g{i}@growth.test")
                                          for i in new_customers])
        customers = {c.email: c for c in Customer.objects.bulk_create([
            Customer(user=user, email=user.email, name=f"Growth Customer {i:07d}", postcode="1000")
            for user, i in zip(users, new_customers, strict=True)])}
        customers.update({c.email: c for c in Customer.objects.filter(
            email__in={f"g{i - i % 10}@growth.test" for i in ids} - set(customers))})
        at = {i: now - timedelta(days=30 + i % 700, minutes=i % 1440) for i in ids}
        orders = SalesOrder.objects.bulk_create([
            SalesOrder(number=f"G{i:07d}", customer=customers[f"g{i - i % 10}@growth.test"], currency="EUR",
                       ordered_at=at[i] - timedelta(days=6), delivered_at=at[i] - timedelta(days=3),
                       shipping_amount=Decimal("0"), shipping_tax_rate=Decimal("0.21"), shipping_postcode="1000",
                       invoice_number=f"INV/G{i}", synced_at=now) for i in ids])
        order_lines = SalesOrderLine.objects.bulk_create([
            SalesOrderLine(order=order, product=product, quantity_ordered=1, quantity_delivered=1, quantity_invoiced=1,
                           unit_price=Decimal("30.00"), tax_rate=Decimal("0.21")) for order in orders])
        closed = {i: i % 50 != 0 for i in ids}  # 2 % cancelled, the rest closed
        returns = ReturnRequest.objects.bulk_create([
            ReturnRequest(rma_number=f"RMA-{2000 + i // 1_000_000}-{i % 1_000_000:06d}", customer=order.customer,
                          order=order, state="closed" if closed[i] else "cancelled", created_at=at[i],
                          authorized_at=at[i], received_at=at[i] + timedelta(days=3) if closed[i] else None,
                          inspected_at=at[i] + timedelta(days=4) if closed[i] else None,
                          refunded_at=at[i] + timedelta(days=5) if closed[i] else None,
                          closed_at=at[i] + timedelta(days=6) if closed[i] else None,
                          refund_amount=Decimal("30.00")) for i, order in zip(ids, orders, strict=True)])
        ReturnLine.objects.bulk_create([
            ReturnLine(request=ret, order_line=line, product=product, quantity_requested=1, quantity_received=1,
                       quantity_accepted=1, grade="A", disposition="restock")
            for ret, line in zip(returns, order_lines, strict=True)])
        ReturnEvent.objects.bulk_create([
            ReturnEvent(return_request=ret, actor=staff, action=action, from_state=source, to_state=target,
                        created_at=ret.created_at + timedelta(days=delay))
            for ret in returns for action, source, target, delay in
            (("create", "", "requested", 0), ("auto_review", "requested", "authorized", 0),
             ("close", "refunded", ret.state, 6))])
        OdooPosting.objects.bulk_create([
            OdooPosting(request=ret, kind=PostingKind.CREDIT_NOTE, reference=f"{ret.rma_number}/credit_note",
                        order_number=ret.order.number, state=PostingState.SENT, attempts=1,
                        created_at=ret.created_at + timedelta(days=5), sent_at=ret.created_at + timedelta(days=5))
            for ret in returns])


def requests_to_time(staff_client, small: int):
    """The same requests at both sizes, about one return in the middle of the first seeding."""
    from returns.orders import order_lookup

    sample = small // 20 * 10  # a customer's first order
    sample_rma = f"RMA-2000-{sample + 1:06d}"

    def get(c, url):
        return lambda: _ok(c.get(url), url)

    return {
        "support overview": get(staff_client, "/support/"),
        "exceptions queue": get(staff_client, "/support/queues/exceptions/"),
        "outbox page": get(staff_client, "/support/outbox/"),
        "dashboard": get(staff_client, "/support/dashboard/"),
        "support search": get(staff_client, f"/support/search/?q=Customer%20{sample:07d}"),
        "support detail": get(staff_client, f"/support/returns/{sample_rma}/"),
        "API list by state": get(staff_client, "/api/returns/?state=closed"),
        "API detail": get(staff_client, f"/api/returns/{sample_rma}/"),
        "portal order lookup": lambda: order_lookup(number=f"g{sample:07d}", email=f"g{sample}@growth.test"),
    }


def _ok(response, url):
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")


def time_all(timed: dict, rounds: int) -> dict:
    ms = {name: [] for name in timed}
    for call in timed.values():
        call()  # warm-up: caches, plans
    for _ in range(rounds):
        for name, call in timed.items():
            started = time.perf_counter()
            call()
            ms[name].append((time.perf_counter() - started) * 1000)
    return {name: {"min": round(min(v), 1), "median": round(statistics.median(v), 1), "max": round(max(v), 1)}
            for name, v in ms.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=int(os.environ.get("BENCH_GROWTH_SMALL", "10000")))
    parser.add_argument("--top", type=int, default=int(os.environ.get("BENCH_GROWTH_TOP", "50000")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_GROWTH_ROUNDS", "7")))
    args = parser.parse_args()
    owner_sql(f'CREATE DATABASE "{RUN_DB}" OWNER returnflow_owner')
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True,
                       env={**os.environ, "RETURNFLOW_DATABASE_ROLE": "owner"})
        import django

        django.setup()
        from django.db import connection
        from django.test import Client

        from returns import roles
        from tests.factories import make_catalogue, make_product, make_user

        make_catalogue()
        product, staff = make_product("GROWTH-TEE"), make_user("growth-support", roles.SUPPORT)
        client = Client()
        client.force_login(staff)
        started = time.monotonic()
        seed(0, args.small, product, staff)
        seeded_small = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        small = time_all(requests_to_time(client, args.small), args.rounds)
        started = time.monotonic()
        seed(args.small, args.top - args.small, product, staff)
        seeded_top = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        top = time_all(requests_to_time(client, args.small), args.rounds)
        ratios = {name: round(top[name]["median"] / max(small[name]["median"], 0.01), 2) for name in small}
        print(json.dumps({"database": RUN_DB, "small": args.small, "top": args.top, "rounds": args.rounds,
                          "seed_seconds": {"small": round(seeded_small, 1), "top": round(seeded_top, 1)},
                          "at_small_ms": small, "at_top_ms": top, "ratios": ratios,
                          "max_ratio": max(ratios.values()), "command": " ".join([sys.executable, *sys.argv])}))
        connection.close()
        return 0
    finally:
        owner_sql(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
