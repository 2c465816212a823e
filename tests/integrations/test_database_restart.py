"""PostgreSQL itself restarted while postings wait: nothing is lost, nothing is posted twice.

Disruptive for everything else using the server, so `make test` runs it in a second, serial
phase (`-m disruptive`), after the parallel suite.
"""
import os
import subprocess
import time

import pytest
from django.db import connection

from integrations.models import OdooPosting, PostingState
from odoo_testserver.server import DEFAULT_API_KEY
from returns.services.lifecycle import return_receive
from tests.factories import create_return
from tests.integrations.conftest import odoo_order
from tests.integrations.worker import Worker, run_tasks_inline, send_tasks_to, wait_for

pytestmark = [pytest.mark.disruptive, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def restart_postgresql():
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        pytest.skip(f"cannot restart PostgreSQL here (needs root): {result.stderr.strip()}")
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back after the restart")


def test_postgresql_restarted_while_postings_wait(odoo18, alice, tshirt, jeans, ivan, tmp_path):
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
        restart_postgresql()
        odoo18.clear_faults()
        wait_for(lambda: OdooPosting.objects.get(request=ret).state == PostingState.SENT, timeout=60,
                 what="the receipt after the restart")
        receipts = odoo18.store.search_read("stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")], ["state"])
        assert [r["state"] for r in receipts] == ["done"]
        assert worker.proc.poll() is None, "the worker must survive the database restart"
    finally:
        run_tasks_inline()
        worker.stop()
