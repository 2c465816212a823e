"""A refund proposal never dead-ends silently: the page names who else can approve it, or says nobody can."""
import pytest
from django.test import Client

from returns.services.lifecycle import return_request_refund_approval
from tests.factories import make_order, make_product
from tests.support.builders import inspected_return

pytestmark = pytest.mark.django_db


def page_for(user, ret):
    client = Client()
    client.force_login(user)
    return client.get(f"/support/returns/{ret.rma_number}/").content.decode()


def test_the_proposer_is_told_who_else_can_approve_or_that_nobody_can(alice, ivan, fiona, sam, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    order = make_order(alice, [(make_product(), 1, "40.00")])
    ret = inspected_return(order, alice.user, ivan)
    return_request_refund_approval(return_id=ret.pk, actor=fiona, reason="within_policy_after_review")

    alone = page_for(fiona, ret)
    assert "two-person rule" in alone and "Nobody else holds the Finance role" in alone
    assert "Nobody else holds the Finance role" in page_for(sam, ret)
    queue = Client()
    queue.force_login(sam)
    nobody = "Nobody else holds the Finance role: nobody can approve it yet."
    assert nobody in queue.get("/support/queues/refund-approval/").content.decode()  # the queue says it too

    from returns.roles import FINANCE
    from tests.factories import make_user

    make_user("frank", FINANCE, first_name="Frank")
    assert nobody not in queue.get("/support/queues/refund-approval/").content.decode()
    assert "Who can approve it: Frank." in page_for(fiona, ret)
    assert "Waiting for a finance colleague to approve the refund. Who can approve it: Frank." in page_for(sam, ret)
