"""The inspection rules, on the service every caller uses and through the tablet's pages."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from inspection.claims import claim_take_over
from inspection.errors import DispositionNotAllowed, EvidenceRequired
from inspection.holds import line_hold, line_hold_release
from inspection.models import HoldKind, HoldStatus, InspectionClaim, LineHold
from inspection.services import return_line_inspect
from inspection.workflow import inspection_complete, inspection_open, line_decide, unit_step_save
from returns.choices import ReturnStatus
from returns.errors import ReturnPermissionDenied, TransitionGuardFailed
from returns.models import ReturnEvent, ReturnLine
from tests.inspection.helpers import add_photo, check_all, receive

pytestmark = pytest.mark.django_db


def by_sku(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def decide_url(ret, line):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/decide/"


def test_a_grade_below_a_needs_a_photo_of_that_line(client, ivan, inspecting, media):
    tshirt = by_sku(inspecting)["TSHIRT-M"]
    check_all(tshirt, ivan, grade="C", answer="no")
    client.force_login(ivan)
    refused = client.post(decide_url(inspecting, tshirt), {"disposition": "refurbish", "quantity_accepted": 2})
    assert refused.status_code == 400
    assert "A grade C item needs at least one photo as evidence" in refused.content.decode()
    tshirt.refresh_from_db()
    assert tshirt.disposition == ""
    with pytest.raises(EvidenceRequired):
        return_line_inspect(line_id=tshirt.pk, actor=ivan, grade="B", disposition="restock", quantity_accepted=2)
    add_photo(inspecting, by_sku(inspecting)["JEANS-32"], ivan)  # a photo of another line does not count
    with pytest.raises(EvidenceRequired):
        return_line_inspect(line_id=tshirt.pk, actor=ivan, grade="C", disposition="refurbish", quantity_accepted=2)
    add_photo(inspecting, tshirt, ivan)
    saved = client.post(decide_url(inspecting, tshirt), {"disposition": "refurbish", "quantity_accepted": 2})
    assert saved.status_code == 302
    tshirt.refresh_from_db()
    assert (tshirt.grade, tshirt.disposition, tshirt.hold_reason) == ("C", "refurbish", "")


def test_restocking_a_grade_c_item_is_refused_unless_support_grants_an_exception(client, ivan, sam, inspecting, media):
    tshirt = by_sku(inspecting)["TSHIRT-M"]
    check_all(tshirt, ivan, grade="C", answer="no")
    add_photo(inspecting, tshirt, ivan)
    client.force_login(ivan)
    refused = client.post(decide_url(inspecting, tshirt), {"disposition": "restock", "quantity_accepted": 2})
    assert refused.status_code == 400 and "Only grade A or B items can be restocked" in refused.content.decode()
    with pytest.raises(DispositionNotAllowed):
        return_line_inspect(line_id=tshirt.pk, actor=ivan, grade="C", disposition="restock", quantity_accepted=2)
    tshirt.refresh_from_db()
    assert tshirt.disposition == ""
    # With a reason, the inspector may ask for an exception: it waits for support.
    line = line_decide(line_id=tshirt.pk, actor=ivan, disposition="restock", quantity_accepted=2,
                       override_reason="Only a loose thread, trimmed")
    assert line.disposition == "restock" and "Only a loose thread" in line.hold_reason
    assert LineHold.objects.get(line=tshirt).kind == HoldKind.OVERRIDE
    line_hold_release(line_id=tshirt.pk, actor=sam, decision="approve", reason="ok")
    tshirt.refresh_from_db()
    assert tshirt.hold_reason == "" and tshirt.disposition == "restock"


def test_grade_a_with_a_failed_check_is_refused(ivan, inspecting):
    jeans = by_sku(inspecting)["JEANS-32"]
    check_all(jeans, ivan, grade="A", answer="no")
    with pytest.raises(DispositionNotAllowed, match="Grade A means new and unopened"):
        line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1)


def test_a_disposition_needs_every_check_answered(ivan, inspecting):
    jeans = by_sku(inspecting)["JEANS-32"]
    with pytest.raises(Exception, match="Finish the checks first: answer Tags attached.*choose a grade"):
        line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1)


@pytest.fixture
def phone_return(alice, ivan, sam, catalogue):
    """A serialized phone worth 1,149.50 incl. tax, shipped with serial SN-1; received and opened."""
    from returns.services.lifecycle import return_approve
    from tests.factories import create_return, make_order, make_product

    phone = make_product("PHONE-X", category="electronics", serialized=True, name="Phone X")
    order = make_order(alice, [(phone, 1, "950.00")])
    order.lines.update(serial_numbers=["SN-1"])
    ret = create_return(order, alice.user, exception_message="")
    if ret.state == ReturnStatus.PENDING_APPROVAL:  # the policy's value rule asked support first
        ret = return_approve(return_id=ret.pk, actor=sam)
    receive(ret, ivan)
    return inspection_open(return_id=ret.pk, actor=ivan)


def test_a_serial_never_shipped_to_the_customer_holds_the_line(client, ivan, phone_return, media):
    line = phone_return.lines.get()
    client.force_login(ivan)
    record = line.unit_inspections.get(unit_index=1)
    saved = client.post(f"/inspect/returns/{phone_return.rma_number}/lines/{line.pk}/units/1/",
                        {"version": record.version, "serial": " sn-999 "}, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200 and saved.json()["reload"] is True
    line.refresh_from_db()
    assert line.hold_reason == "Serial SN-999 was never shipped to this customer."
    assert LineHold.objects.get(line=line, status=HoldStatus.OPEN).kind == HoldKind.SERIAL_MISMATCH
    assert ReturnEvent.objects.filter(action="line_hold", reason="serial_mismatch").exists()
    page = client.get(f"/inspect/returns/{phone_return.rma_number}/lines/{line.pk}/").content.decode()
    assert "Not shipped to this customer" in page and "On hold for support" in page
    # A mistyped serial corrected by the inspector withdraws the hold.
    unit_step_save(line_id=line.pk, unit_index=1, actor=ivan, expected_version=record.version + 1, serial="SN-1")
    line.refresh_from_db()
    assert line.hold_reason == "" and LineHold.objects.get(line=line).status == HoldStatus.WITHDRAWN


def test_a_high_value_line_waits_for_support_and_completion_is_refused_meanwhile(client, ivan, sam, sara,
                                                                                  phone_return, media):
    line = phone_return.lines.get()
    unit_step_save(line_id=line.pk, unit_index=1, actor=ivan, expected_version=1, serial="SN-1")
    check_all(line, ivan, grade="A")
    line = line_decide(line_id=line.pk, actor=ivan, disposition="restock", quantity_accepted=1)
    assert line.disposition == "restock" and line.hold_reason.startswith("High value: 1149.50 EUR")
    with pytest.raises(TransitionGuardFailed, match="PHONE-X is on hold for support"):
        inspection_complete(return_id=phone_return.pk, actor=ivan)
    client.force_login(ivan)
    page = client.post(f"/inspect/returns/{phone_return.rma_number}/complete/", follow=True)
    assert "PHONE-X is on hold for support" in page.content.decode()
    assert ReturnLine.objects.get(pk=line.pk).request.state == ReturnStatus.INSPECTING

    line_hold_release(line_id=line.pk, actor=sam, decision="approve", reason="checked")
    # Saving the same decision again does not ask support twice; a different one does.
    line = return_line_inspect(line_id=line.pk, actor=ivan, grade="A", disposition="restock", quantity_accepted=1)
    assert line.hold_reason == ""
    line = return_line_inspect(line_id=line.pk, actor=ivan, grade="A", disposition="quarantine", quantity_accepted=1)
    assert line.hold_reason.startswith("High value")
    line_hold_release(line_id=line.pk, actor=sara, decision="approve", reason="fine")
    done = inspection_complete(return_id=phone_return.pk, actor=ivan)
    assert done.state == ReturnStatus.INSPECTED


def test_line_hold_release_keeps_segregation_of_duties(ivan, sam, phone_return, catalogue, media):
    from returns.roles import INSPECTOR, SUPPORT
    from tests.factories import make_user

    line = phone_return.lines.get()
    unit_step_save(line_id=line.pk, unit_index=1, actor=ivan, expected_version=1, serial="SN-404")
    hold = LineHold.objects.get(line=line)
    # Someone with both roles who inspected the line cannot decide on its hold.
    both = make_user("bea", INSPECTOR, SUPPORT)
    InspectionClaim.objects.update(last_seen_at=timezone.now() - timedelta(minutes=20))
    claim_take_over(return_id=phone_return.pk, actor=both)
    check_all(line, both, grade="B")
    with pytest.raises(ReturnPermissionDenied, match="segregation of duties"):
        line_hold_release(line_id=line.pk, actor=both, decision="approve", reason="mine")
    with pytest.raises(ReturnPermissionDenied, match="Only support agents"):
        line_hold_release(line_id=line.pk, actor=ivan, decision="approve")
    with pytest.raises(Exception, match="Say why"):
        line_hold_release(line_id=line.pk, actor=sam, decision="reject")
    hold.refresh_from_db()
    assert hold.status == HoldStatus.OPEN

    line_hold_release(line_id=line.pk, actor=sam, decision="reject", reason="swap",
                      note="Serial belongs to another customer's phone")
    hold.refresh_from_db()
    line.refresh_from_db()
    assert (hold.status, hold.decided_by, line.hold_reason, line.disposition) == (HoldStatus.REJECTED, sam, "", "")
    events = list(ReturnEvent.objects.filter(action__startswith="line_hold_").values_list("action", "actor__username"))
    assert events == [("line_hold_rejected", "sam")]


def test_reject_clears_the_disposition_and_approve_lets_it_count(ivan, sam, sara, inspecting, media):
    jeans = by_sku(inspecting)["JEANS-32"]
    check_all(jeans, ivan, grade="A")
    line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1)
    line_hold(line_id=jeans.pk, actor=sam, reason="Customer disputes the grade", kind=HoldKind.OVERRIDE)
    rejected = line_hold_release(line_id=jeans.pk, actor=sara, decision="reject", reason="re-check the seams")
    assert (rejected.disposition, rejected.quantity_accepted, rejected.hold_reason) == ("", 0, "")
    line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1)
    line_hold(line_id=jeans.pk, actor=sam, reason="Second look", kind=HoldKind.OVERRIDE)
    approved = line_hold_release(line_id=jeans.pk, actor=sara, decision="approve")
    assert (approved.disposition, approved.hold_reason) == ("restock", "")


def test_the_api_obeys_the_same_rules(api, ivan, inspecting, media):
    tshirt = by_sku(inspecting)["TSHIRT-M"]
    api.force_authenticate(ivan)
    url = f"/api/returns/{inspecting.rma_number}/lines/{tshirt.pk}/inspect/"
    response = api.post(url, {"grade": "D", "disposition": "scrap", "quantity_accepted": 2}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "evidence_required"
    assert Decimal(ReturnLine.objects.get(pk=tshirt.pk).quantity_accepted) == 0
