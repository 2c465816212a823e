"""Concurrent transitions on one return (real threads, each with its own PostgreSQL connection)
and the append-only audit trail."""
import threading

import pytest
from django.db import DatabaseError, connection, transaction

from returns.choices import ReturnStatus
from returns.errors import ConcurrentChange, IllegalTransition
from returns.models import AuditRecordImmutable, ReturnEvent, ReturnRequest
from returns.services.lifecycle import return_approve, return_cancel, return_reject
from tests.factories import create_return


def _race(*calls):
    """Start every call at the same moment in its own thread; return what each raised or returned."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_agents_deciding_at_once_exactly_one_wins(catalogue, alice, sam):
    from tests.factories import make_order, make_product, make_user
    from returns.roles import SUPPORT

    order = make_order(alice, [(make_product(), 1, "20.00")], delivered_days_ago=60)
    ret = create_return(order, alice.user, exception_message="Please")
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    other_agent = make_user("tess", SUPPORT)

    for attempt in range(5):  # several rounds: a lucky schedule must not hide a race
        results = _race(
            lambda: return_approve(return_id=ret.pk, actor=sam, reason="ok"),
            lambda: return_reject(return_id=ret.pk, actor=other_agent, reason="no"),
        )
        winners = [r for r in results if isinstance(r, ReturnRequest)]
        losers = [r for r in results if isinstance(r, (IllegalTransition, ConcurrentChange))]
        assert len(winners) == 1 and len(losers) == 1, results
        assert losers[0].status == 409
        final = ReturnRequest.objects.get(pk=ret.pk)
        assert final.state == winners[0].state
        decisions = ReturnEvent.objects.filter(return_request=ret, action__in=["approve", "reject"])
        assert decisions.count() == attempt + 1
        ReturnRequest.objects.filter(pk=ret.pk).update(state=ReturnStatus.PENDING_APPROVAL)


@pytest.mark.django_db(transaction=True)
def test_two_customers_cannot_both_claim_the_last_units(catalogue, alice):
    from tests.factories import make_order, make_product

    order = make_order(alice, [(make_product(), 1, "20.00")])
    results = _race(lambda: create_return(order, alice.user), lambda: create_return(order, alice.user))
    created = [r for r in results if isinstance(r, ReturnRequest)]
    assert len(created) == 1, results
    assert ReturnRequest.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_stale_copy_cannot_overwrite_a_newer_state(catalogue, alice, alice_order, sam):
    """The optimistic check of ConcurrentTransitionMixin, beneath the row lock."""
    ret = create_return(alice_order, alice.user)
    stale = ReturnRequest.objects.get(pk=ret.pk)
    return_cancel(return_id=ret.pk, actor=sam, reason="duplicate")
    stale.mark_shipped()
    from django_fsm import ConcurrentTransition

    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.CANCELLED


@pytest.mark.django_db
def test_audit_records_cannot_be_edited_or_deleted(alice, alice_order):
    ret = create_return(alice_order, alice.user)
    event = ReturnEvent.objects.filter(return_request=ret).first()
    event.note = "rewritten"
    with pytest.raises(AuditRecordImmutable):
        event.save()
    with pytest.raises(AuditRecordImmutable):
        event.delete()
    # The app role has no UPDATE or DELETE on the table (privileges); the trigger stops any role that has.
    refused = "permission denied|append-only"
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        ReturnEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        ReturnEvent.objects.filter(pk=event.pk).delete()
    assert ReturnEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db
def test_each_transition_writes_who_when_from_to_and_request_id(api, alice, alice_order, sam):
    ret = create_return(alice_order, alice.user)
    api.force_authenticate(sam)
    api.post(f"/api/returns/{ret.rma_number}/cancel/", {"reason": "duplicate", "note": "Customer called"},
             format="json", HTTP_X_REQUEST_ID="req-42")
    event = ReturnEvent.objects.filter(return_request=ret).last()
    assert (event.actor, event.action, event.from_state, event.to_state, event.reason, event.note,
            event.request_id) == (sam, "cancel", "authorized", "cancelled", "duplicate", "Customer called", "req-42")
    assert event.created_at is not None


@pytest.mark.django_db
def test_the_admin_shows_the_audit_log_read_only(client, alice, alice_order):
    from django.contrib.auth import get_user_model

    ret = create_return(alice_order, alice.user)
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")
    client.force_login(admin)
    event = ReturnEvent.objects.filter(return_request=ret).first()
    page = client.get(f"/admin/returns/returnevent/{event.pk}/change/")
    assert page.status_code == 200 and b'name="note"' not in page.content
    assert client.post(f"/admin/returns/returnevent/{event.pk}/delete/").status_code == 403
