"""An agent creates a return for a customer who phoned: same checks, channel support, same e-mails."""
import pytest
from django.core import mail
from django.test import Client

from returns.choices import Channel
from returns.models import ReturnEvent, ReturnRequest
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def submit(client, order, key, **fields):
    line = order.lines.get()
    data = {"order": order.number, "submission_key": key, "how": "phone", f"qty_{line.pk}": "1",
            f"reason_{line.pk}": "changed_mind", "exception_message": ""}
    data.update(fields)
    return client.post("/support/new-return/", data)


def test_an_agent_creates_a_return_for_a_customer_who_phoned(agent, alice, sam, django_capture_on_commit_callbacks):
    order = make_order(alice, [(make_product(), 2, "25.00")])
    form = agent.get("/support/new-return/", {"order": order.number.lower()}).content.decode()
    assert 'data-testid="on-behalf-form"' in form and alice.email in form
    key = form.split('name="submission_key" value="')[1].split('"')[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(agent, order, key)
    ret = ReturnRequest.objects.get(order=order)
    assert response.status_code == 302 and response["Location"] == f"/support/returns/{ret.rma_number}/"
    assert ret.channel == Channel.SUPPORT and ret.state == "authorized" and ret.lines.get().quantity_requested == 1
    assert ReturnEvent.objects.get(return_request=ret, action="create").actor == sam
    assert "asked by phone" in ReturnEvent.objects.get(return_request=ret, action="note").note
    assert [m.to for m in mail.outbox] == [[alice.email]]  # the portal's usual e-mail, with its link

    assert submit(agent, order, key).status_code == 302  # a double click: still one return
    assert ReturnRequest.objects.filter(order=order).count() == 1


def test_the_policy_and_bad_input_are_form_errors_that_keep_the_input(agent, alice):
    final = make_order(alice, [(make_product(final_sale=True), 1, "25.00")])
    refused = submit(agent, final, "k1")
    assert refused.status_code in (400, 403) and "final" in refused.content.decode().lower()
    assert not ReturnRequest.objects.filter(order=final).exists()

    order = make_order(alice, [(make_product(), 1, "25.00")])
    line = order.lines.get()
    too_many = submit(agent, order, "k2", **{f"qty_{line.pk}": "3"})
    assert too_many.status_code == 400 and 'value="3"' in too_many.content.decode()
    no_reason = submit(agent, order, "k3", **{f"reason_{line.pk}": ""})
    assert no_reason.status_code == 400 and "Choose the customer&#x27;s reason" in no_reason.content.decode()
    assert agent.get("/support/new-return/", {"order": "NOPE-1"}).status_code == 404
    assert not ReturnRequest.objects.filter(order=order).exists()


def test_only_support_agents_create_returns_for_customers(alice, fiona, ivan):
    order = make_order(alice, [(make_product(), 1, "25.00")])
    inspector = Client()
    inspector.force_login(ivan)
    assert submit(inspector, order, "k").status_code == 403
    finance = Client()
    finance.force_login(fiona)
    assert submit(finance, order, "k").status_code == 302
    assert not ReturnRequest.objects.exists()
