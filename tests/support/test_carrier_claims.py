"""Carrier claims in the console: opened by support with the carrier, reference, due date and amount,
listed in their own queue (oldest first, overdue marked), holding the refund until resolved."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from returns.errors import InvalidReturnRequest, ReturnPermissionDenied, TransitionGuardFailed
from returns.models import CarrierClaim, ReturnEvent
from returns.services.carrier_claims import carrier_claim_open, carrier_claim_resolve
from returns.services.lifecycle import return_release_refund
from tests.factories import make_order, make_product
from tests.support.builders import inspected_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(alice, ivan):
    return inspected_return(make_order(alice, [(make_product(), 1, "40.00")]), alice.user, ivan)


def claim(ret, actor, **changes):
    values = {"kind": "lost", "carrier": "UPS", "claim_reference": "1Z-999", "amount_claimed": "48.40",
              "due_date": timezone.localdate() + timedelta(days=10), **changes}
    return carrier_claim_open(return_id=ret.pk, actor=actor, **values)


def test_who_may_open_and_resolve_and_what_is_checked(inspected, sam, fiona, ivan):
    with pytest.raises(ReturnPermissionDenied):
        claim(inspected, fiona)  # finance resolves claims but does not open them
    with pytest.raises(ReturnPermissionDenied):
        claim(inspected, ivan)
    with pytest.raises(InvalidReturnRequest) as bad:
        claim(inspected, sam, kind="stolen", claim_reference=" ", amount_claimed="-1")
    assert set(bad.value.details) == {"kind", "claim_reference", "amount_claimed"}
    opened = claim(inspected, sam)
    assert (opened.currency, opened.amount_claimed, opened.opened_by) == ("EUR", Decimal("48.40"), sam)
    with pytest.raises(InvalidReturnRequest):
        carrier_claim_resolve(claim_id=opened.pk, actor=fiona, outcome="denied", amount_recovered="5", note="No.")
    with pytest.raises(ReturnPermissionDenied):
        carrier_claim_resolve(claim_id=opened.pk, actor=ivan, outcome="denied", note="No.")
    resolved = carrier_claim_resolve(claim_id=opened.pk, actor=fiona, outcome="withdrawn", note="Parcel turned up.")
    assert (resolved.state, resolved.outcome, resolved.amount_recovered) == ("resolved", "withdrawn", None)
    assert list(ReturnEvent.objects.filter(return_request=inspected, action__startswith="carrier_claim")
                .values_list("action", "reason")) == [("carrier_claim_opened", "lost"),
                                                       ("carrier_claim_resolved", "withdrawn")]


def test_the_guard_blocks_the_release_while_a_claim_is_open(inspected, sam):
    opened = claim(inspected, sam)
    with pytest.raises(TransitionGuardFailed) as held:
        return_release_refund(return_id=inspected.pk, actor=sam, reason="within_policy_after_review")
    assert "carrier claim" in held.value.message
    carrier_claim_resolve(claim_id=opened.pk, actor=sam, outcome="denied", note="UPS: packaging insufficient.")
    assert return_release_refund(return_id=inspected.pk, actor=sam, reason="within_policy_after_review").state == \
        "refund_approved"


def test_the_queue_lists_claims_oldest_first_and_marks_overdue_ones(alice, ivan, sam, inspected):
    late = claim(inspected, sam, claim_reference="LATE-1", due_date=timezone.localdate() - timedelta(days=2))
    CarrierClaim.objects.filter(pk=late.pk).update(opened_at=timezone.now() - timedelta(days=20))
    other = inspected_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user, ivan)
    claim(other, sam, claim_reference="SOON-2")
    client = Client()
    client.force_login(sam)
    page = client.get("/support/queues/carrier-claims/").content.decode()
    assert page.index("LATE-1") < page.index("SOON-2")
    late_row = page[page.index(f'data-row="CLM{late.pk}"'):page.index("SOON-2")]
    assert "overdue" in late_row
    assert "overdue" not in page[page.index("SOON-2"):page.index("</tbody>")]

    release_queue = client.get("/support/queues/refund-release/").content.decode()
    held_row = release_queue[release_queue.index(f'data-row="{other.rma_number}"'):]
    assert "On hold (dispute or carrier claim open)" in held_row[:held_row.index("</tr>")]

    # The return's page says why there is no release box, and a bad claim form keeps what was typed.
    detail = client.get(f"/support/returns/{other.rma_number}/").content.decode()
    assert "On hold: a carrier claim with UPS (SOON-2" in detail
    assert 'data-decision="release_refund"' not in detail
    fresh = inspected_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user, ivan)
    bad = client.post(f"/support/returns/{fresh.rma_number}/carrier-claims/",
                      {"claim-kind": "damaged", "claim-carrier": "GLS", "claim-claim_reference": "G-77",
                       "claim-amount_claimed": "", "claim-due_date": ""})
    assert bad.status_code == 400 and 'value="G-77"' in bad.content.decode()
    assert not CarrierClaim.objects.filter(return_request=fresh).exists()


def test_the_admin_lists_who_can_approve_refunds(fiona, sam):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")
    client = Client()
    client.force_login(root)
    page = client.get("/admin/auth/user/?can_approve_refunds=yes").content.decode()
    assert "fiona" in page and ">sam<" not in page and "Finance" in page
