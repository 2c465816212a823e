"""After a lifecycle step: one ordered list of subscribers, registered by the apps that own them."""
import pytest
from django.db import transaction

from integrations.models import OdooPosting
from returns import subscribers
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from returns.services.lifecycle import return_cancel
from tests.factories import make_product


def test_the_apps_register_postings_before_emails():
    names = [s.name for s in subscribers.subscribers()]
    assert names.index("Odoo outbox postings") < names.index("customer e-mails")
    postings = next(s for s in subscribers.subscribers() if s.name == "Odoo outbox postings")
    assert {"receive", "complete_inspection", "release_refund", "approve_refund",
            "refurbishment_done", "vendor_return_closed",  # these two: inspection
            "auto_review", "approve", "exchanges_recorded"} == set(postings.actions)  # a trusted customer's exchange


@pytest.fixture
def recorder():
    seen = []
    subscribers.subscribe("test recorder", lambda step: seen.append(
        (step.action, step.request.state, step.event.action, transaction.get_connection().in_atomic_block)),
        order=95, actions={"cancel"})
    yield seen
    subscribers._registry.pop("test recorder")


def _authorized_return(customer, catalogue):
    from tests.factories import create_return, make_order

    order = make_order(customer, [(make_product(), 2, "20.00")])
    ret = create_return(order, customer.user)
    assert ret.state == ReturnStatus.AUTHORIZED
    return ret


@pytest.mark.django_db(transaction=True)
def test_a_new_consumer_is_one_registration(recorder, alice, catalogue):
    ret = _authorized_return(alice, catalogue)
    return_cancel(return_id=ret.pk, actor=alice.user)
    # Called once, after the audit record, inside the step's transaction.
    assert recorder == [("cancel", ReturnStatus.CANCELLED, "cancel", True)]


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_rolls_the_step_back(alice, catalogue):
    ret = _authorized_return(alice, catalogue)

    def broken(step):
        raise RuntimeError("consumer down")

    subscribers.subscribe("test broken", broken, order=95, actions={"cancel"})
    try:
        with pytest.raises(RuntimeError):
            return_cancel(return_id=ret.pk, actor=alice.user)
    finally:
        subscribers._registry.pop("test broken")
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.AUTHORIZED
    assert not ReturnEvent.objects.filter(return_request=ret, action="cancel").exists()


@pytest.mark.django_db
def test_receipt_posting_is_written_by_the_integrations_subscriber(alice, ivan, catalogue):
    from tests.factories import receive_all

    ret = _authorized_return(alice, catalogue)
    receive_all(ret, ivan)
    assert OdooPosting.objects.filter(request=ret, kind="receipt").count() == 1
