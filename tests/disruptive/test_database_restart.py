"""PostgreSQL itself restarted while postings wait: nothing is lost, nothing is posted twice.

The server restarted is the test's own (tests/disruptive/conftest.py starts it in a temporary
directory on its own port), never the machine's. `make test` still runs it in its serial phase
(`-m disruptive`), as it starts a worker and restarts a server, which is slow and timing-sensitive.
"""
import os
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.db import connection

from integrations.models import OdooPosting, PostingState
from odoo_testserver.server import DEFAULT_API_KEY
from returns.services.lifecycle import return_receive
from tests.factories import create_return
from tests.integrations.conftest import odoo_order
from tests.integrations.worker import Worker, run_tasks_inline, send_tasks_to, wait_for

pytestmark = [pytest.mark.disruptive, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def shared_server_start_time():
    """When the machine's own PostgreSQL (DATABASE_URL as make test sets it) last started."""
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()  # any database answers it
    with psycopg2.connect(url) as shared, shared.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        value = cursor.fetchone()[0]
    shared.close()
    return value


def test_postgresql_restarted_while_postings_wait(private_postgres, odoo18, alice, tshirt, jeans, ivan, tmp_path):
    # The server this test restarts is its own, not the machine's.
    assert connection.settings_dict["PORT"] == str(private_postgres.port)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()")
        started = cursor.fetchone()[0]
    shared_started = shared_server_start_time()
    worker = Worker({"URL": odoo18.url, "DB": odoo18.db, "USER": "admin", "API_KEY": DEFAULT_API_KEY,
                     "PROTOCOL": "xmlrpc", "READ_TIMEOUT": 2}, tmp_path).start()
    send_tasks_to(worker)
    try:
        odoo18.add_fault("down", count=None)
        ret = create_return(odoo_order(alice, [tshirt, jeans], odoo18), alice.user)
        return_receive(return_id=ret.pk, actor=ivan,
                       quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
        wait_for(lambda: OdooPosting.objects.get(request=ret).attempts >= 2, what="attempts while Odoo is down")
        connection.close()
        private_postgres.restart()
        odoo18.clear_faults()
        wait_for(lambda: OdooPosting.objects.get(request=ret).state == PostingState.SENT, timeout=60,
                 what="the receipt after the restart")
        receipts = odoo18.store.search_read("stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")], ["state"])
        assert [r["state"] for r in receipts] == ["done"]
        assert worker.proc.poll() is None, "the worker must survive the database restart"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_postmaster_start_time()")
            assert cursor.fetchone()[0] > started, "the private server was really restarted"
        assert shared_server_start_time() == shared_started, "the machine's shared PostgreSQL was left alone"
    finally:
        run_tasks_inline()
        worker.stop()
