"""Assignment and the soft work lock, through HTTP on PostgreSQL, as two agents would meet them."""
import pytest
from django.test import Client

from returns.choices import ReturnStatus
from returns.errors import ConcurrentChange
from returns.models import ReturnEvent
from returns.services.lifecycle import return_approve
from support.models import Assignment, WorkLock
from tests.support.builders import pending_exception

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def approve(client, ret, seen=None):
    data = {"approve-reason": "goodwill", "approve-note": "ok"}
    if seen is not None:
        data["seen"] = seen
    return client.post(f"/support/returns/{ret.rma_number}/decide/approve/", data)


def test_assign_to_me_hand_over_and_unassign_are_audited_and_shown_everywhere(alice, sam, sue):
    ret = pending_exception(alice)
    agent = client_for(sam)
    assert agent.post(f"/support/returns/{ret.rma_number}/assign/", {"assignee": "me"}).status_code == 302
    assert Assignment.objects.get(return_request=ret).assignee == sam

    assert 'data-testid="row-assignee">with sam' in agent.get("/support/queues/exceptions/").content.decode()
    assert "Assigned to <strong>sam</strong>" in agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert f'data-row="{ret.rma_number}"' in agent.get("/support/mine/").content.decode()
    assert 'data-testid="assignee">sam' in agent.get("/support/search/", {"q": ret.rma_number}).content.decode()
    mine_only = agent.get("/support/queues/exceptions/", {"assignee": "unassigned"}).content.decode()
    assert f'data-row="{ret.rma_number}"' not in mine_only

    assert agent.post(f"/support/returns/{ret.rma_number}/assign/", {"assignee": str(sue.pk)}).status_code == 302
    assert f'data-row="{ret.rma_number}"' not in agent.get("/support/mine/").content.decode()
    assert f'data-row="{ret.rma_number}"' in client_for(sue).get("/support/mine/").content.decode()
    agent.post(f"/support/returns/{ret.rma_number}/assign/", {"assignee": ""})
    assert not Assignment.objects.filter(return_request=ret).exists()

    trail = list(ReturnEvent.objects.filter(return_request=ret, action__in=["assigned", "unassigned"])
                 .order_by("id").values_list("action", "actor__username", "data"))
    assert trail == [("assigned", "sam", {"from": "", "to": "sam"}), ("assigned", "sam", {"from": "sam", "to": "Sue"}),
                     ("unassigned", "sam", {"from": "Sue", "to": ""})]


def test_a_return_cannot_be_handed_to_someone_outside_the_console(alice, sam, ivan):
    ret = pending_exception(alice)
    response = client_for(sam).post(f"/support/returns/{ret.rma_number}/assign/", {"assignee": str(ivan.pk)},
                                    follow=True)
    assert "Choose a colleague who works in the support console." in response.content.decode()
    assert not Assignment.objects.filter(return_request=ret).exists()
    assert client_for(ivan).post(f"/support/returns/{ret.rma_number}/assign/", {"assignee": "me"}).status_code == 403


def test_two_agents_on_one_exception_are_told_and_the_second_decision_is_refused(alice, sam, sue):
    ret = pending_exception(alice)
    first, second = client_for(sam), client_for(sue)
    first.get(f"/support/returns/{ret.rma_number}/")  # Sam opens it: his lock
    lock = WorkLock.objects.get(return_request=ret)
    assert lock.holder == sam

    page = second.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert 'data-testid="lock-warning"' in page and "sam has had this return open to decide it since" in page
    assert 'form method="post" action="/support/returns/%s/decide/approve/"' % ret.rma_number not in page
    refused = approve(second, ret)  # a decision sent anyway (an old tab, a script) is refused, with who
    assert refused.status_code == 409 and "sam has had this return open" in refused.content.decode()
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.PENDING_APPROVAL and not ReturnEvent.objects.filter(
        return_request=ret, action="approve").exists()
    with pytest.raises(ConcurrentChange):  # the API and bulk go through the same service: refused too
        return_approve(return_id=ret.pk, actor=sue, reason="goodwill")

    assert second.post(f"/support/returns/{ret.rma_number}/take-over/").status_code == 302
    assert ReturnEvent.objects.get(return_request=ret, action="work_lock_taken_over").data["from"] == "sam"
    assert approve(first, ret).status_code == 409  # now Sam is the one who is told
    assert approve(second, ret).status_code == 302
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.AUTHORIZED and not WorkLock.objects.filter(return_request=ret).exists()


def test_a_decision_on_a_page_older_than_a_material_change_is_refused(alice, sam, sue):
    from returns.services.audit import audit_record

    ret = pending_exception(alice)
    agent = client_for(sam)
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    seen = int(page.split('name="seen" value="')[1].split('"')[0])
    # Meanwhile Sue changes something that matters (here: the refund method, recorded like the service does).
    audit_record(request=ret, actor=sue, action="refund_method_changed", from_state=ret.state, to_state=ret.state,
                 data={"before": "original_payment", "after": "store_credit"})

    stale = approve(agent, ret, seen=seen)
    assert stale.status_code == 409 and "Since you opened this page, Sue recorded" in stale.content.decode()
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    fresh = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert approve(agent, ret, seen=fresh.split('name="seen" value="')[1].split('"')[0]).status_code == 302
