"""Bulk actions from the exception queue: one audit record per item, and a per-item report."""
import csv
import io

import pytest
from django.test import Client

from returns.choices import ReturnStatus
from returns.models import Customer, ReturnEvent, ReturnRequest
from returns.services.lifecycle import return_approve
from support.models import Assignment, WorkLock
from tests.support.builders import pending_exception

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def bulk(client, action, rmas, **fields):
    return client.post("/support/bulk/", {"action": action, "rmas": rmas, "next": "/support/queues/exceptions/",
                                          **fields})


def test_a_bulk_reject_audits_each_item_and_reports_what_it_refused(agent, alice, bob, sam, sue):
    three = [pending_exception(alice), pending_exception(bob), pending_exception(alice)]
    already = pending_exception(bob)
    return_approve(return_id=already.pk, actor=sue, reason="goodwill")  # decided a moment ago by a colleague
    locked = pending_exception(alice)
    WorkLock.objects.create(return_request=locked, holder=sue)  # Sue has this one open right now

    rmas = [r.rma_number for r in three] + [already.rma_number, locked.rma_number, "RMA-NOPE"]
    response = bulk(agent, "reject", rmas, reject_reason="outside_policy", note="Window closed long ago.")
    page = response.content.decode()
    assert response.status_code == 200 and "3 done, 3 refused." in page

    for ret in three:
        ret.refresh_from_db()
        assert ret.state == ReturnStatus.REJECTED
        events = ReturnEvent.objects.filter(return_request=ret, action="reject")
        assert [(e.actor, e.reason, e.note) for e in events] == [(sam, "outside_policy", "Window closed long ago.")]
        assert f'data-result="{ret.rma_number}" class="done"' in page
    for ret, why in [(already, "Cannot reject a return that is authorized."), (locked, "Sue has had this return open"),
                     ("RMA-NOPE", "No such return.")]:
        rma = getattr(ret, "rma_number", ret)
        row = page.split(f'data-result="{rma}"')[1].split("</tr>")[0]
        assert 'class="refused"' in row and why in row
    locked.refresh_from_db()
    assert locked.state == ReturnStatus.PENDING_APPROVAL
    assert not ReturnEvent.objects.filter(return_request__in=[already, locked], action="reject").exists()


def test_a_bulk_reject_without_its_note_does_nothing_and_keeps_the_selection(agent, alice, bob):
    rets = [pending_exception(alice), pending_exception(bob)]
    response = bulk(agent, "reject", [r.rma_number for r in rets], reject_reason="outside_policy", note="")
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was done" in page and "Required: say why" in page
    assert all(f'name="rmas" value="{r.rma_number}" checked' in page for r in rets)
    assert ReturnRequest.objects.filter(state=ReturnStatus.PENDING_APPROVAL).count() == 2
    assert bulk(agent, "approve", [], approve_reason="goodwill").status_code == 400


def test_bulk_approve_and_assign_then_export_as_csv(agent, alice, bob, sam, sue):
    rets = [pending_exception(alice), pending_exception(bob)]
    rmas = [r.rma_number for r in rets]
    page = bulk(agent, "approve", rmas, approve_reason="goodwill").content.decode()
    assert "2 done, 0 refused." in page
    assert ReturnEvent.objects.filter(return_request__in=rets, action="approve", actor=sam).count() == 2

    assert "2 done, 0 refused." in bulk(agent, "assign", rmas, assignee=str(sue.pk)).content.decode()
    assert set(Assignment.objects.filter(return_request__in=rets).values_list("assignee__username", flat=True)) == {
        "sue"}
    assert ReturnEvent.objects.filter(return_request__in=rets, action="assigned").count() == 2

    Customer.objects.filter(pk=alice.pk).update(name="=HYPERLINK(\"http://evil\")")
    response = bulk(agent, "export", rmas)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["rma"] for r in rows] == rmas and {r["assigned_to"] for r in rows} == {"Sue"}
    assert rows[0]["customer"].startswith("'=")  # a formula is exported as text


def test_bulk_decisions_are_for_support_agents_only(alice, fiona, ivan):
    ret = pending_exception(alice)
    finance = Client()
    finance.force_login(fiona)
    assert bulk(finance, "approve", [ret.rma_number], approve_reason="goodwill").status_code == 403
    inspector = Client()
    inspector.force_login(ivan)
    assert bulk(inspector, "export", [ret.rma_number]).status_code == 403
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.PENDING_APPROVAL
