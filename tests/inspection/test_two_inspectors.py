"""Two inspectors, one return: the second is told who holds it, reads along, and can take over
only once the claim is stale; stale forms are refused with a conflict and overwrite nothing."""
from datetime import timedelta

import pytest
from django.utils import timezone

from inspection.claims import InspectionClaimed, claim_take_over
from inspection.models import InspectionClaim, UnitInspection
from inspection.workflow import unit_step_save
from returns.models import ReturnEvent

pytestmark = pytest.mark.django_db


def unit_url(ret, line, unit=0):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/units/{unit}/"


def jeans_of(ret):
    return ret.lines.get(product__sku="JEANS-32")


def test_the_second_inspector_is_told_who_holds_the_return_and_cannot_save(client, ivan, ines, inspecting):
    jeans = jeans_of(inspecting)
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    client.force_login(ines)
    queue = client.get("/inspect/queue/").content.decode()
    assert "Being inspected by ivan since" in queue
    page = client.get(f"/inspect/returns/{inspecting.rma_number}/lines/{jeans.pk}/").content.decode()
    assert "ivan has been inspecting this return since" in page and "read-only" in page
    assert "data-autosave" not in page and "Take over" not in page  # fresh claim: no take-over yet
    refused = client.post(unit_url(inspecting, jeans), {"version": record.version, "has_checklist": "1",
                                                        "check-unworn": "no", "grade": "D"},
                          HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "inspection_claimed"
    assert "Nothing was saved" in refused.json()["error"]["message"]
    record.refresh_from_db()
    assert (record.grade, record.checklist, record.version) == ("", {}, 1)
    opened = client.post(f"/inspect/returns/{inspecting.rma_number}/open/", follow=True)
    assert "ivan has been inspecting this return since" in opened.content.decode()
    with pytest.raises(InspectionClaimed):
        claim_take_over(return_id=inspecting.pk, actor=ines)


def test_a_stale_claim_can_be_taken_over_explicitly_and_the_old_tab_is_refused(client, ivan, ines, inspecting):
    jeans = jeans_of(inspecting)
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    unit_step_save(line_id=jeans.pk, unit_index=0, actor=ivan, expected_version=1, checklist={"unworn": "yes"})
    InspectionClaim.objects.update(last_seen_at=timezone.now() - timedelta(minutes=16))
    client.force_login(ines)
    page = client.get(f"/inspect/returns/{inspecting.rma_number}/").content.decode()
    assert "Take over the inspection" in page
    taken = client.post(f"/inspect/returns/{inspecting.rma_number}/take-over/", follow=True)
    assert "You took over this inspection." in taken.content.decode()
    assert InspectionClaim.objects.get().inspector == ines
    event = ReturnEvent.objects.get(action="inspection_taken_over")
    assert event.actor == ines and event.data["previous_inspector"] == "ivan"
    # Ines continues from what Ivan saved; Ivan's tablet, still open, can no longer save.
    unit_step_save(line_id=jeans.pk, unit_index=0, actor=ines, expected_version=2, grade="B")
    client.force_login(ivan)
    stale = client.post(unit_url(inspecting, jeans), {"version": 2, "grade": "F"}, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409 and "Ines Berg has been inspecting" in stale.json()["error"]["message"]
    record.refresh_from_db()
    assert (record.grade, record.checklist, record.version, record.updated_by) == ("B", {"unworn": "yes"}, 3, ines)


def test_a_stale_form_gets_a_conflict_instead_of_overwriting(client, ivan, inspecting):
    """The same inspector with the line open twice (two tabs, or a page kept across a Wi-Fi drop)."""
    jeans = jeans_of(inspecting)
    client.force_login(ivan)
    first = client.post(unit_url(inspecting, jeans), {"version": 1, "has_checklist": "1", "check-unworn": "yes",
                                                      "grade": "A"}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert first.json()["versions"][str(record.pk)] == 2
    # The same request again (its answer was lost on the way back): nothing to overwrite, so no conflict.
    retry = client.post(unit_url(inspecting, jeans), {"version": 1, "has_checklist": "1", "check-unworn": "yes",
                                                      "grade": "A"}, HTTP_ACCEPT="application/json")
    assert retry.status_code == 200 and retry.json()["versions"][str(record.pk)] == 2
    old_tab = client.post(unit_url(inspecting, jeans), {"version": 1, "has_checklist": "1", "check-unworn": "no",
                                                        "grade": "D"}, HTTP_ACCEPT="application/json")
    assert old_tab.status_code == 409 and old_tab.json()["error"]["code"] == "stale_form"
    assert "changed by ivan after you opened it. Nothing was saved" in old_tab.json()["error"]["message"]
    record.refresh_from_db()
    assert (record.grade, record.checklist, record.version) == ("A", {"unworn": "yes"}, 2)
    # Without the script the same refusal comes back as a page.
    page = client.post(unit_url(inspecting, jeans), {"version": 1, "grade": "D"})
    assert page.status_code == 409 and "Nothing was saved" in page.content.decode()
    # A disposition form opened before the last save is stale too.
    decide = client.post(f"/inspect/returns/{inspecting.rma_number}/lines/{jeans.pk}/decide/",
                         {"version": 1, "disposition": "scrap", "quantity_accepted": 0})
    assert decide.status_code == 409
    jeans.refresh_from_db()
    assert jeans.disposition == ""


def test_every_answer_is_saved_at_once_and_an_unchanged_form_changes_nothing(client, ivan, inspecting):
    jeans = jeans_of(inspecting)
    client.force_login(ivan)
    client.post(unit_url(inspecting, jeans), {"version": 1, "has_checklist": "1", "check-unworn": "yes"},
                HTTP_ACCEPT="application/json")
    again = client.post(unit_url(inspecting, jeans), {"version": 2, "has_checklist": "1", "check-unworn": "yes"},
                        HTTP_ACCEPT="application/json")
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert again.status_code == 200 and record.version == 2 and record.checklist == {"unworn": "yes"}
    assert ReturnEvent.objects.filter(action="inspection_step_saved").count() == 1
    # A reload shows exactly what was saved.
    page = client.get(f"/inspect/returns/{inspecting.rma_number}/lines/{jeans.pk}/").content.decode()
    assert 'name="check-unworn" value="yes" checked' in page and 'value="2" data-record' in page


def test_changing_a_grade_after_the_disposition_asks_for_the_disposition_again(ivan, inspecting):
    from tests.inspection.helpers import check_all
    from inspection.workflow import line_decide

    jeans = jeans_of(inspecting)
    check_all(jeans, ivan, grade="A")
    line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1)
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    record, cleared = unit_step_save(line_id=jeans.pk, unit_index=0, actor=ivan, expected_version=record.version,
                                     grade="B")
    jeans.refresh_from_db()
    assert cleared and jeans.disposition == "" and jeans.quantity_accepted == 0
