"""Postings delivered by a real Celery worker process on Redis to the Odoo test server over HTTP.

Each test ends with every posting delivered exactly once and nothing lost.
"""
import pytest
from django.db import connection

from integrations.models import OdooPosting, PostingState
from odoo_testserver.server import DEFAULT_API_KEY
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.services.lifecycle import return_receive, return_release_refund
from tests.factories import create_return, inspect_all
from tests.integrations.conftest import odoo_order
from tests.integrations.worker import Worker, run_tasks_inline, send_tasks_to, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(odoo18, tmp_path):
    w = Worker({"URL": odoo18.url, "DB": odoo18.db, "USER": "admin", "API_KEY": DEFAULT_API_KEY,
                "PROTOCOL": "xmlrpc", "READ_TIMEOUT": 2}, tmp_path)
    w.start()
    send_tasks_to(w)
    yield w
    run_tasks_inline()
    w.stop()


def _postings(ret):
    return list(OdooPosting.objects.filter(request=ret).order_by("pk"))


def _all_sent(ret, count):
    postings = _postings(ret)
    return len(postings) == count and all(p.state == PostingState.SENT for p in postings)


def _count(srv, model, domain):
    return len(srv.store.search_read(model, domain, ["id"]))


def test_a_real_worker_takes_a_return_to_refunded(worker, odoo18, alice, tshirt, jeans, ivan, sam):
    ret = create_return(odoo_order(alice, [tshirt, jeans], odoo18), alice.user)
    return_receive(return_id=ret.pk, actor=ivan,
                   quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
    wait_for(lambda: _all_sent(ret, 1), what="the receipt")
    inspect_all(ret, ivan)
    wait_for(lambda: _all_sent(ret, 4), what="the dispositions and the inspection evidence")
    return_release_refund(return_id=ret.pk, actor=sam)
    wait_for(lambda: ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUNDED, what="refunded",
             timeout=60)
    rma = ret.rma_number
    assert _count(odoo18, "stock.picking", [("origin", "=", f"{rma}/receipt")]) == 1
    assert _count(odoo18, "stock.picking", [("origin", "like", f"{rma}/disposition")]) == 2
    assert _count(odoo18, "account.move", [("ref", "=", f"{rma}/credit_note"), ("state", "=", "posted")]) == 1
    # receipt, 2 dispositions, evidence, credit note, refund payment, breakdown PDF. The breakdown PDF holds
    # nothing up (evidence never blocks), so it may still be on its way when the return reads refunded.
    wait_for(lambda: _all_sent(ret, 7), what="the breakdown PDF after the credit note")
    assert worker.logs().count("integrations.tasks.odoo_posting_send") >= 7  # delivered by the worker process


def test_a_worker_killed_mid_posting_leaves_it_to_be_retried_not_lost(worker, odoo18, alice, tshirt, jeans, ivan):
    # Odoo applies the create and then takes 6 s to answer: the worker is killed while waiting.
    odoo18.add_fault("slow", model="stock.picking", method="create", seconds=6, phase="after")
    ret = create_return(odoo_order(alice, [tshirt, jeans], odoo18), alice.user)
    return_receive(return_id=ret.pk, actor=ivan,
                   quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
    wait_for(lambda: odoo18.calls(model="stock.picking", method="create") >= 1, what="the create to reach Odoo")
    worker.kill()
    posting = _postings(ret)[0]
    assert posting.state == PostingState.SENDING  # claimed, unfinished
    odoo18.clear_faults()
    worker.start()
    wait_for(lambda: _all_sent(ret, 1), what="the receipt after the restart")
    receipts = odoo18.store.search_read("stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")], ["state"])
    assert [r["state"] for r in receipts] == ["done"]  # found by its reference, finished, not created again
    assert odoo18.calls(model="stock.picking", method="create") == 1


def test_odoo_down_and_the_database_connections_dropped_while_postings_wait(worker, odoo18, alice, tshirt, jeans,
                                                                           ivan):
    odoo18.add_fault("down", count=None)
    ret = create_return(odoo_order(alice, [tshirt, jeans], odoo18), alice.user)
    return_receive(return_id=ret.pk, actor=ivan,
                   quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
    wait_for(lambda: _postings(ret)[0].attempts >= 2, what="failed attempts while Odoo is down")
    # Every connection to the database is cut, as by a PostgreSQL restart, until the worker's own
    # connection has been cut in the middle of a task (it holds none between tasks).
    import time

    terminated, deadline = 0, time.monotonic() + 20
    while terminated == 0 and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            terminated = cursor.fetchone()[0]
        time.sleep(0.05)
    assert terminated >= 1, "the worker never held a connection while Odoo was down"
    connection.close()
    odoo18.clear_faults()
    wait_for(lambda: _all_sent(ret, 1), what="the receipt once Odoo and the database are back")
    assert _count(odoo18, "stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")]) == 1
    assert worker.proc.poll() is None, "the worker must survive a dropped database connection"
