"""Saved views: an agent's own, and shared ones that only a support lead makes."""
import pytest
from django.test import Client

from returns.roles import SUPPORT_LEAD
from support.models import SavedView
from tests.factories import make_user
from tests.support.builders import pending_exception

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def save(client, name, query, shared=False, queue="exceptions"):
    data = {"name": name, "queue": queue, "query": query}
    if shared:
        data["shared"] = "on"
    return client.post("/support/views/", data)


def test_an_agent_saves_a_view_and_only_they_see_it(alice, bob, sam, sue):
    mine, theirs = pending_exception(alice), pending_exception(bob)
    agent = client_for(sam)
    response = save(agent, "Bob's returns", "q=bob&sla=&channel=&page=3&evil=1")
    view = SavedView.objects.get(owner=sam)
    assert view.query == "q=bob" and not view.shared  # only the form's own, non-empty filters
    assert response.status_code == 302 and response["Location"] == "/support/queues/exceptions/?q=bob"

    page = agent.get(response["Location"]).content.decode()
    assert 'data-testid="my-view">Bob&#x27;s returns' in page
    assert f'data-row="{theirs.rma_number}"' in page and f'data-row="{mine.rma_number}"' not in page
    assert "Bob&#x27;s returns" not in client_for(sue).get("/support/queues/exceptions/").content.decode()

    assert client_for(sue).post(f"/support/views/{view.pk}/delete/").status_code == 302
    assert SavedView.objects.filter(pk=view.pk).exists()  # not hers to delete
    agent.post(f"/support/views/{view.pk}/delete/")
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_only_a_lead_shares_a_view_and_every_agent_sees_it(alice, sam, sue):
    lead = make_user("lena", SUPPORT_LEAD, first_name="Lena")
    agent = client_for(sam)
    refused = save(agent, "Everyone's", "sla=breach", shared=True)
    assert refused.status_code == 302 and not SavedView.objects.filter(shared=True).exists()
    assert "Only a support lead can share" in agent.get(refused["Location"]).content.decode()

    save(client_for(lead), "Late ones", "sla=breach&assignee=unassigned", shared=True)
    shared = SavedView.objects.get(shared=True)
    assert shared.query == "sla=breach&assignee=unassigned"
    page = client_for(sue).get("/support/queues/exceptions/").content.decode()
    assert 'data-testid="shared-view">Late ones' in page
    client_for(sue).post(f"/support/views/{shared.pk}/delete/")
    assert SavedView.objects.filter(pk=shared.pk).exists()


def test_bad_input_is_refused_with_a_message(sam):
    agent = client_for(sam)
    assert "Give the view a name." in agent.post("/support/views/", {"name": " ", "queue": "exceptions"},
                                                 follow=True).content.decode()
    response = save(agent, "Bad", "sla=forever")
    assert not SavedView.objects.exists()
    assert "These filters are not valid" in agent.get(response["Location"]).content.decode()
    assert agent.post("/support/views/", {"name": "x", "queue": "no-such"}).status_code == 302
    assert not SavedView.objects.exists()
    save(agent, "Dup", "q=a")
    again = agent.get(save(agent, "Dup", "q=b")["Location"]).content.decode()
    assert "You already have a view called “Dup”" in again
